// My account: who I am, identity verification status, API keys for programs.
import { h, clear, formatTime } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, statusBox, busy, showStatus, button, problemText } from '/js/forms.js';
import { session, isTrader, reloadMe } from '/js/session.js';

function details(me) {
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value)];
  return h('dl', { class: 'details' },
    row(t('account.id'), h('code', { id: 'account-id' }, me.id)),
    row(t('field.display_name'), me.display_name),
    row(t('field.email'), me.email),
    row(t('account.kind'), tv('kind', me.kind)),
    row(t('account.jurisdiction'), me.jurisdiction),
    me.roles?.length ? row(t('account.roles'), me.roles.map((r) => tv('role', r)).join(', ')) : null,
    me.suspended ? row(t('account.suspended'), h('span', { class: 'badge bad' }, me.suspended_reason || t('common.yes'))) : null,
    isTrader() ? row(t('account.kyc'), h('span', { class: `badge status-${me.kyc_status}` }, tv('kyc.status', me.kyc_status))) : null);
}

function keyRow(key, refresh, box) {
  return h('tr', {},
    h('td', {}, key.name),
    h('td', {}, formatTime(key.created_at)),
    h('td', {}, button(t('keys.revoke'), async () => {
      try {
        await api('DELETE', `/api-keys/${encodeURIComponent(key.id)}`);
        showStatus(box, 'success', t('keys.revoked', { name: key.name }));
        refresh();
      } catch (e) {
        showStatus(box, 'error', problemText(e));
      }
    }, { kind: 'danger', attrs: { 'aria-label': t('keys.revoke_named', { name: key.name }) } })));
}

function apiKeys() {
  const box = statusBox();
  const table = h('div', { class: 'table-wrap' });
  const refresh = async () => {
    const list = await api('GET', '/api-keys?limit=500');
    clear(table).append(list.items.length === 0
      ? h('p', {}, t('keys.none'))
      : h('table', {},
        h('caption', { class: 'visually-hidden' }, t('keys.title')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('keys.name')), h('th', { scope: 'col' }, t('keys.created')),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('keys.actions'))))),
        h('tbody', {}, list.items.map((k) => keyRow(k, refresh, box)))));
  };
  const form = h('form', { class: 'form inline', novalidate: true },
    field({ label: t('keys.name'), name: 'name', required: true, hint: t('keys.name_hint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('keys.create'))));
  const created = h('div', { class: 'secret', hidden: true });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(form, box, async () => {
      const key = await api('POST', '/api-keys', { name: new FormData(form).get('name') });
      clear(created).append(
        h('p', {}, t('keys.shown_once')),
        h('code', { class: 'key', tabindex: '0' }, key.key));
      created.hidden = false;
      form.reset();
      await refresh();
    });
  });
  refresh().catch((e) => showStatus(box, 'error', problemText(e)));
  return h('section', { class: 'card', 'aria-labelledby': 'keys-title' },
    h('h2', { id: 'keys-title' }, t('keys.title')),
    h('p', {}, t('keys.lead')),
    box, created, table, form);
}

export async function accountScreen() {
  await reloadMe();
  const me = session.me;
  const kyc = isTrader() && me.kyc_status !== 'verified'
    ? h('p', {}, h('a', { class: 'btn btn-primary', href: '#/kyc' }, t('account.verify_now')))
    : null;
  return h('section', {},
    h('h1', {}, t('account.title')),
    h('section', { class: 'card' }, details(me), kyc),
    apiKeys());
}
