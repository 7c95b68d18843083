// My money: the available and reserved balance, a withdrawal (verified accounts, Idempotency-Key)
// and the statement — every posting on the account's balances, newest first.
import { h, formatTime, yuan, parseYuan } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { field, statusBox, busy } from '/js/forms.js';
import { go, flash } from '/js/router.js';
import { session } from '/js/session.js';
import { dataTable, facts } from '/js/table.js';
import { pager } from '/js/pager.js';
import { keyedSubmitter } from '/js/idempotency.js';

function balance(b) {
  return h('section', { class: 'card balance' }, h('h2', {}, t('money.balance')), facts([
    [t('money.available'), h('span', { class: 'amount', id: 'balance-available' }, yuan(b.available_fen))],
    [t('money.reserved'), h('span', { class: 'amount' }, yuan(b.reserved_fen))],
  ]), h('p', { class: 'meta' }, t('money.balance_hint')),
  h('p', { class: 'meta' }, t('money.deposit_hint'), ' ', h('code', {}, session.me.id)));
}

function withdrawal() {
  const box = statusBox();
  const submit = keyedSubmitter();
  const form = h('form', { class: 'form inline', novalidate: true }, box,
    field({ label: t('money.amount'), name: 'amount', path: 'amount_fen', required: true, hint: t('money.amount_hint'),
      attrs: { inputmode: 'decimal' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('money.withdraw'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = { amount_fen: parseYuan(new FormData(form).get('amount')) };
    busy(form, box, async () => {
      await submit(body, (key) => api('POST', '/withdrawals', body, { 'Idempotency-Key': key }));
      flash(t('money.withdrawn', { amount: yuan(body.amount_fen) }));
      go('/money');
    });
  });
  return h('section', { class: 'card' }, h('h2', {}, t('money.withdraw_title')), h('p', {}, t('money.withdraw_lead')), form);
}

const signed = (fen) => (fen > 0 ? `+${yuan(fen)}` : `−${yuan(-fen)}`);

function statement(items) {
  if (!items.length) return h('p', {}, t('money.no_entries'));
  return dataTable({
    caption: t('money.statement'),
    hideCaption: true,
    className: 'statement',
    columns: [
      { label: t('money.at'), cell: (e) => formatTime(e.at) },
      { label: t('money.kind'), cell: (e) => tv('ledger', e.kind) },
      { label: t('money.bucket'), cell: (e) => tv('bucket', e.bucket) },
      { label: t('money.change'), num: true, cell: (e) => signed(e.amount_fen) },
      { label: t('money.reference'), className: 'id', cell: (e) => (e.reference?.startsWith('trd_')
        ? h('a', { href: `#/trade/${encodeURIComponent(e.reference)}` }, e.reference) : e.reference || '') },
    ],
    rows: items,
  });
}

export async function moneyScreen({ params }) {
  const [b, page] = await Promise.all([
    api('GET', '/balance'),
    api('GET', `/ledger/entries${query({ limit: 50, cursor: params.get('cursor') })}`),
  ]);
  return h('section', {},
    h('h1', {}, t('money.title')),
    balance(b),
    withdrawal(),
    h('section', { class: 'card' }, h('h2', {}, t('money.statement')), h('p', { class: 'meta' }, t('money.statement_lead')),
      statement(page.items || []), pager('/money', params, page.next_cursor)));
}
