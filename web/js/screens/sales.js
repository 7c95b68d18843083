// Orders and trades on my products: the trades I sold (those awaiting my api delivery first), the
// use of my gateway licences by their buyers, and the order book of each offer of my listed products.
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { session } from '/js/session.js';
import { titlesFor } from '/js/titles.js';
import { tradeTable } from '/js/buyer/trades.js';
import { orderBook } from '/js/buyer/book.js';
import { salesUsage } from '/js/screens/sales_usage.js';

const kLimit = 200;

function books(products) {
  const offers = products.flatMap((p) => (p.offers || []).map((o) => ({ p, o })));
  if (!offers.length) return h('p', {}, t('sales.no_listed'));
  return h('div', { class: 'books' }, offers.map(({ p, o }) => h('section', { class: 'card' },
    orderBook(o.id, t('sales.book_heading', { title: p.title, offer: o.name })))));
}

export async function salesScreen() {
  const [trades, listed] = await Promise.all([
    api('GET', `/trades${query({ limit: kLimit })}`),
    api('GET', `/products${query({ status: 'listed', limit: kLimit })}`),
  ]);
  const sold = (trades.items || []).filter((tr) => tr.seller_id === session.me.id);
  sold.sort((a, b) => Number(b.status === 'awaiting_delivery') - Number(a.status === 'awaiting_delivery'));
  const titles = await titlesFor(sold);
  const usage = await salesUsage(sold, titles);
  return h('section', {},
    h('h1', {}, t('sales.title')),
    h('p', {}, t('sales.lead')),
    h('h2', {}, t('sales.trades')),
    sold.length ? tradeTable(sold, titles, t('sales.trades'), true) : h('p', {}, t('sales.no_trades')),
    h('p', {}, h('a', { href: '#/orders?status=open' }, t('sales.my_orders'))),
    usage,
    h('h2', {}, t('sales.books')),
    books(listed.items || []));
}
