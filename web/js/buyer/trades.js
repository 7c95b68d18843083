// My trades (GET /trades), as buyer and as seller, newest first, with what each waits for.
import { h, formatTime, yuan } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { session, isTrader } from '/js/session.js';
import { dataTable } from '/js/table.js';
import { pager } from '/js/pager.js';
import { tabs } from '/js/tabs.js';
import { titlesFor, productLink } from '/js/titles.js';

const roles = ['all', 'bought', 'sold'];

export const roleOf = (trade) => (trade.buyer_id === session.me?.id ? 'bought' : 'sold');

// What the trade waits for, from the point of view of this account.
export function nextStep(trade) {
  if (!isTrader()) return tv('trade.explain', trade.status);
  const role = roleOf(trade);
  if (trade.status === 'awaiting_delivery') {
    return t(role === 'sold' ? 'trade.next.deliver' : 'trade.next.await_delivery', { due: formatTime(trade.delivery_due_at) });
  }
  if (trade.status === 'delivered') {
    return t(role === 'bought' ? 'trade.next.accept' : 'trade.next.await_acceptance', { due: formatTime(trade.acceptance_due_at) });
  }
  return tv('trade.explain', trade.status);
}

export function tradeTable(items, titles, caption, hideCaption = false) {
  return dataTable({
    caption,
    hideCaption,
    className: 'trades',
    columns: [
      { label: t('trades.created'), cell: (tr) => formatTime(tr.created_at) },
      { label: t('trades.product'), head: true, cell: (tr) => productLink(tr.product_id, titles.get(tr.product_id)) },
      { label: t('trades.role'), cell: (tr) => tv('trades.role', roleOf(tr)) },
      { label: t('trades.quantity'), num: true, cell: (tr) => String(tr.quantity) },
      { label: t('trades.amount'), num: true, cell: (tr) => yuan(tr.amount_fen) },
      { label: t('trades.status'), cell: (tr) => h('span', { class: `badge status-${tr.status}` }, tv('trade_status', tr.status)) },
      { label: t('trades.next'), cell: nextStep },
      { label: t('trades.open'), cell: (tr) => h('a', { href: `#/trade/${encodeURIComponent(tr.id)}`, 'aria-label': t('trades.open_named', { id: tr.id }) }, t('trades.open')) },
    ],
    rows: items,
    rowClass: (tr) => ((tr.status === 'awaiting_delivery' && roleOf(tr) === 'sold') || (tr.status === 'delivered' && roleOf(tr) === 'bought') ? 'needs-action' : ''),
  });
}

export async function tradesScreen({ params }) {
  const role = roles.includes(params.get('role')) ? params.get('role') : 'all';
  const page = await api('GET', `/trades${query({ cursor: params.get('cursor'), limit: 50 })}`);
  const items = (page.items || []).filter((tr) => role === 'all' || roleOf(tr) === role);
  const titles = await titlesFor(items);
  return h('section', {},
    h('h1', {}, t('trades.title')),
    h('p', {}, t('trades.lead')),
    tabs('/trades', 'role', roles.map((r) => [r, t(`trades.filter.${r}`)]), role, t('trades.filter_label')),
    items.length ? tradeTable(items, titles, t('trades.caption')) : h('p', {}, t('trades.empty')),
    pager('/trades', params, page.next_cursor));
}
