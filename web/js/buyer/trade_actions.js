// What the parties do with a trade: the buyer accepts (escrow to the seller less the fee) or
// disputes with a reason; the seller of an api product delivers endpoint, credentials and
// instructions (sealed at rest, shown only to the buyer).
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, statusBox, busy, showStatus } from '/js/forms.js';

const tradePath = (trade, action) => `/trades/${encodeURIComponent(trade.id)}/${action}`;

export function acceptForm(trade, done) {
  const box = statusBox();
  const form = h('form', { class: 'form', novalidate: true }, box,
    h('p', {}, t('trade.accept_lead')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('trade.accept'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(form, box, async () => {
      await api('POST', tradePath(trade, 'accept'));
      showStatus(box, 'success', t('trade.accepted'));
      done();
    });
  });
  return h('section', { class: 'card' }, h('h2', {}, t('trade.accept_title')), form);
}

export function disputeForm(trade, done) {
  const box = statusBox();
  const form = h('form', { class: 'form', novalidate: true }, box,
    field({ label: t('trade.dispute_reason'), name: 'reason', kind: 'textarea', required: true, hint: t('trade.dispute_hint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-danger' }, t('trade.dispute'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(form, box, async () => {
      await api('POST', tradePath(trade, 'dispute'), { reason: String(new FormData(form).get('reason')).trim() });
      showStatus(box, 'success', t('trade.disputed'));
      done();
    });
  });
  return h('section', { class: 'card' }, h('h2', {}, t('trade.dispute_title')), form);
}

export function deliverForm(trade, done) {
  const box = statusBox();
  const form = h('form', { class: 'form', novalidate: true }, box,
    h('p', {}, t('deliver.lead')),
    field({ label: t('delivery.endpoint'), name: 'endpoint', kind: 'url', required: true, hint: t('deliver.endpoint_hint'),
      attrs: { autocomplete: 'off' } }),
    field({ label: t('delivery.credentials'), name: 'credentials', kind: 'textarea', required: true, hint: t('deliver.credentials_hint'),
      attrs: { autocomplete: 'off', spellcheck: 'false' } }),
    field({ label: t('delivery.instructions'), name: 'instructions', kind: 'textarea', hint: t('deliver.instructions_hint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('deliver.submit'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    busy(form, box, async () => {
      await api('POST', tradePath(trade, 'deliver'), {
        endpoint: String(d.get('endpoint')).trim(), credentials: d.get('credentials'), instructions: d.get('instructions'),
      });
      form.reset();
      showStatus(box, 'success', t('deliver.done'));
      done();
    });
  });
  return h('section', { class: 'card' }, h('h2', {}, t('deliver.title')), form);
}
