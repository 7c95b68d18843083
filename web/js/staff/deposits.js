// Deposits for finance (POST /staff/deposits): a credit to a buyer's or seller's available balance
// standing in for a bank transfer, with a new Idempotency-Key per submission; and the exchange-wide
// totals that show money is conserved (GET /staff/ledger/summary).
import { h, yuan, parseYuan } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, statusBox, busy, showStatus } from '/js/forms.js';
import { facts } from '/js/table.js';
import { keyedSubmitter } from '/js/idempotency.js';

function depositForm(refreshSummary) {
  const box = statusBox();
  const submit = keyedSubmitter();
  const form = h('form', { class: 'form', novalidate: true }, box,
    field({ label: t('deposits.account_id'), name: 'account_id', required: true, hint: t('deposits.account_hint'), attrs: { autocomplete: 'off' } }),
    field({ label: t('money.amount'), name: 'amount', path: 'amount_fen', required: true, hint: t('money.amount_hint'), attrs: { inputmode: 'decimal' } }),
    field({ label: t('deposits.reference'), name: 'reference', required: true, hint: t('deposits.reference_hint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('deposits.submit'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const body = { account_id: String(d.get('account_id')).trim(), amount_fen: parseYuan(d.get('amount')), reference: String(d.get('reference')).trim() };
    busy(form, box, async () => {
      const done = await submit(body, (key) => api('POST', '/staff/deposits', body, { 'Idempotency-Key': key }));
      form.reset();
      showStatus(box, 'success', t('deposits.done', { amount: yuan(done.amount_fen), account: done.account_id, id: done.id }));
      refreshSummary();
    });
  });
  return h('section', { class: 'card' }, h('h2', {}, t('deposits.form_title')), h('p', {}, t('deposits.lead')), form);
}

function summaryCard() {
  const body = h('div', { 'aria-live': 'polite' });
  const card = h('section', { class: 'card' }, h('h2', {}, t('deposits.summary_title')), body);
  card.refresh = async () => {
    try {
      const s = await api('GET', '/staff/ledger/summary');
      body.replaceChildren(facts([
        [t('deposits.sum_available'), yuan(s.available_fen)],
        [t('deposits.sum_reserved'), yuan(s.reserved_fen)],
        [t('deposits.sum_escrow'), yuan(s.escrow_fen)],
        [t('deposits.sum_fees'), yuan(s.fees_fen)],
        [t('deposits.sum_deposits'), yuan(s.deposits_fen)],
        [t('deposits.sum_withdrawals'), yuan(s.withdrawals_fen)],
        [t('deposits.conserved'), h('span', { class: `badge ${s.conserved ? 'ok' : 'bad'}` }, t(s.conserved ? 'common.yes' : 'common.no'))],
      ]));
    } catch {
      body.replaceChildren();
    }
  };
  card.refresh();
  return card;
}

export function depositsScreen() {
  const summary = summaryCard();
  return h('section', {}, h('h1', {}, t('deposits.title')), depositForm(() => summary.refresh()), summary);
}
