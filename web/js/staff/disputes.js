// Disputed trades for finance and complaints officers (GET /staff/trades?status=disputed, oldest
// first): the trade, its contract, and the decision — release the escrow to the seller or refund
// the buyer — with the reason (O6).
import { h, formatTime, yuan } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { field, radios, statusBox, busy } from '/js/forms.js';
import { go, flash } from '/js/router.js';
import { facts } from '/js/table.js';
import { pager } from '/js/pager.js';
import { titlesFor, productLink } from '/js/titles.js';

function resolveForm(tr) {
  const box = statusBox();
  const form = h('form', { class: 'form decision', novalidate: true }, box,
    radios({ legend: t('disputes.outcome'), name: 'outcome', value: 'refund', required: true,
      options: ['release', 'refund'].map((v) => ({ value: v, label: tv('outcome', v) })) }),
    field({ label: t('disputes.reason'), name: 'reason', kind: 'textarea', required: true, hint: t('disputes.reason_hint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('disputes.resolve'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const body = { outcome: d.get('outcome'), reason: String(d.get('reason')).trim() };
    busy(form, box, async () => {
      const after = await api('POST', `/staff/trades/${encodeURIComponent(tr.id)}/resolve`, body);
      flash(t('disputes.resolved', { id: tr.id, status: tv('trade_status', after.status) }));
      go('/staff/disputes');
    });
  });
  return form;
}

function item(tr, titles) {
  return h('li', { class: 'card queue-item dispute' },
    h('h2', {}, productLink(tr.product_id, titles.get(tr.product_id)), ' ',
      h('span', { class: `badge status-${tr.status}` }, tv('trade_status', tr.status))),
    facts([
      [t('trade.id'), h('a', { href: `#/trade/${encodeURIComponent(tr.id)}` }, tr.id)],
      [t('trade.buyer'), h('code', {}, tr.buyer_id)],
      [t('trade.seller'), h('code', {}, tr.seller_id)],
      [t('trades.amount'), yuan(tr.amount_fen)],
      [t('trade.fee'), yuan(tr.fee_fen)],
      [t('trade.purpose'), tr.purpose],
      [t('product.delivery_mode'), tr.delivery_mode ? tv('delivery', tr.delivery_mode) : null],
      [t('trade.delivered_at'), formatTime(tr.delivered_at)],
      [t('disputes.buyer_reason'), tr.dispute ? tr.dispute.reason : null],
      [t('disputes.since'), formatTime(tr.dispute ? tr.dispute.at : tr.updated_at)],
    ]),
    h('p', {}, h('a', { href: `#/contract/${encodeURIComponent(tr.contract_id)}` }, t('trade.contract'))),
    resolveForm(tr));
}

export async function disputesScreen({ params }) {
  const page = await api('GET', `/staff/trades${query({ status: 'disputed', limit: 50, cursor: params.get('cursor') })}`);
  const items = page.items || [];
  const titles = await titlesFor(items);
  return h('section', {},
    h('h1', {}, t('disputes.title')),
    h('p', {}, t('disputes.lead')),
    h('p', {}, t('disputes.count', { n: items.length })),
    items.length ? h('ul', { class: 'queue' }, items.map((tr) => item(tr, titles))) : h('p', {}, t('disputes.empty')),
    pager('/staff/disputes', params, page.next_cursor));
}
