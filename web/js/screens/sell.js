// The seller's start page: verification state, every product of this account (GET /products)
// with its listing status, and a new product.
import { h, formatTime } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { session } from '/js/session.js';
import { loadCategories, categoryLabel } from '/js/categories.js';
import { dataTable } from '/js/table.js';
import { pager } from '/js/pager.js';

function productTable(items) {
  return dataTable({
    caption: t('sell.mine'),
    className: 'my-products',
    columns: [
      { label: t('product.title'), head: true, cell: (p) => h('a', { href: `#/sell/${encodeURIComponent(p.id)}` }, p.title || p.id) },
      { label: t('product.status'), cell: (p) => h('span', { class: `badge status-${p.status}` }, tv('status', p.status)) },
      { label: t('product.category'), cell: (p) => categoryLabel(p.category, p.category_info) },
      { label: t('sell.offers'), num: true, cell: (p) => String((p.offers || []).length) },
      { label: t('sell.updated'), cell: (p) => formatTime(p.updated_at) },
      { label: t('sell.page'), cell: (p) => (p.status === 'listed'
        ? h('a', { href: `#/product/${encodeURIComponent(p.id)}`, 'aria-label': t('sell.page_named', { title: p.title }) }, t('sell.page')) : '') },
    ],
    rows: items,
  });
}

export async function sellScreen({ params }) {
  const [page] = await Promise.all([api('GET', `/products${query({ limit: 50, cursor: params.get('cursor') })}`), loadCategories()]);
  const items = page.items || [];
  const verified = session.me.kyc_status === 'verified';
  return h('section', {},
    h('h1', {}, t('sell.title')),
    verified
      ? h('p', { class: 'actions' }, h('a', { class: 'btn btn-primary', href: '#/sell/new' }, t('sell.new')),
        h('a', { class: 'btn btn-secondary', href: '#/sales' }, t('sell.sales')))
      : h('div', { class: 'notice' }, h('p', {}, t('sell.need_kyc')), h('a', { class: 'btn btn-primary', href: '#/kyc' }, t('home.verify'))),
    items.length ? productTable(items) : h('p', {}, t('sell.none')),
    pager('/sell', params, page.next_cursor));
}
