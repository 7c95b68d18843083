// A product page: what it is, where it comes from, how it is delivered (a gateway's routes, the
// data dictionary), and its offers with their terms and prices.
import { h, formatFen } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api } from '/js/api.js';
import { loadCategories, categoryLabel } from '/js/categories.js';
import { signedIn, session } from '/js/session.js';
import { offerPanel } from '/js/buyer/offer_panel.js';
import { productParts } from '/js/screens/product_parts.js';

const row = (label, value) => (value === undefined || value === null || value === '' ? null
  : [h('dt', {}, label), h('dd', {}, value)]);

const limit = (n) => (n === null || n === undefined ? t('offer.unlimited') : String(n));

// mode: the product's delivery mode; a gateway product's offers add their call quota and rate
// limit, a compute product's their job quota.
export function offerTable(offers, mode) {
  if (!offers?.length) return h('p', {}, t('product.no_offers'));
  const th = (k) => h('th', { scope: 'col' }, t(k));
  const gateway = mode === 'gateway';
  const compute = mode === 'compute';
  return h('div', { class: 'table-wrap' }, h('table', { class: 'offers' },
    h('caption', {}, t('product.offers')),
    h('thead', {}, h('tr', {}, th('offer.name'), th('offer.purposes'), th('offer.scenario'), th('offer.term_days'),
      th('offer.price'), th('offer.seats'), th('offer.cross_border'), th('offer.security_measures'), th('offer.disposal'),
      gateway ? [th('offer.call_quota'), th('offer.rate_limit_per_s')] : null, compute ? th('offer.job_quota') : null)),
    h('tbody', {}, offers.map((o) => h('tr', {},
      h('th', { scope: 'row' }, o.name),
      h('td', {}, (o.purposes || []).join(', ')),
      h('td', {}, o.scenario),
      h('td', {}, String(o.term_days ?? '')),
      h('td', { class: 'num' }, `¥${formatFen(o.price_fen)}`),
      h('td', {}, o.seats === null || o.seats === undefined ? t('offer.unlimited') : String(o.seats)),
      h('td', {}, o.cross_border ? t('common.yes') : t('common.no')),
      h('td', {}, o.security_measures),
      h('td', {}, tv('disposal', o.disposal)),
      gateway ? [h('td', { class: 'num' }, limit(o.call_quota)), h('td', { class: 'num' }, limit(o.rate_limit_per_s))] : null,
      compute ? h('td', { class: 'num' }, limit(o.job_quota)) : null)))));
}

export function productFacts(p) {
  const pi = p.personal_information || {};
  return h('dl', { class: 'details' },
    row(t('product.category'), categoryLabel(p.category, p.category_info)),
    row(t('product.status'), p.status ? tv('status', p.status) : null),
    row(t('product.source'), p.source?.method ? tv('source', p.source.method) : null),
    row(t('product.source_statement'), p.source?.statement),
    row(t('product.classification'), p.classification ? tv('classification', p.classification) : null),
    row(t('product.personal_information'), pi.contains ? tv('pi', pi.contains) : null),
    row(t('product.quasi_identifiers'), pi.quasi_identifiers?.length ? pi.quasi_identifiers.join(', ') : null),
    row(t('product.format'), p.format),
    row(t('product.delivery_mode'), p.delivery_mode ? tv('delivery', p.delivery_mode) : null),
    row(t('product.update_frequency'), p.update_frequency ? tv('frequency', p.update_frequency) : null));
}

function seller(p) {
  const s = p.seller;
  if (!s?.display_name) return null;
  return h('p', { class: 'meta' }, t('product.seller', { name: s.display_name }), ' ',
    s.identity_verified ? h('span', { class: 'badge ok' }, t('product.seller_verified')) : null);
}

// Anyone signed in may complain about a product (O7), except its own seller.
function complainLink(p) {
  if (!signedIn() || (p.seller_id || p.seller?.id) === session.me.id) return null;
  return h('p', {}, h('a', { href: `#/complaints/new?product_id=${encodeURIComponent(p.id)}` }, t('product.complain')));
}

export async function productScreen({ id }) {
  const [p] = await Promise.all([api('GET', `/products/${encodeURIComponent(id)}`), loadCategories()]);
  const path = `/product/${id}`;
  return h('article', { class: 'product' },
    h('h1', {}, p.title),
    seller(p),
    h('p', { class: 'lead' }, p.description),
    productFacts(p),
    productParts(p),
    offerTable(p.offers, p.delivery_mode),
    !p.status || p.status === 'listed' ? (p.offers || []).map((o) => offerPanel(p, o, path))
      : h('p', { class: 'notice' }, t('product.not_tradable', { status: tv('status', p.status) })),
    complainLink(p));
}
