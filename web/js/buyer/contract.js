// The data-use agreement of a trade (GET /contracts/{id}) in readable form, with every O12 item:
// the data, purpose, scenario, security measures, term, disposal, duties, parties and price. The
// exchange's own printable page (?format=html) opens in a new tab.
import { h, formatTime, yuan } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { fetchDownload } from '/js/api.js';
import { dataTable, facts } from '/js/table.js';
import { computeFacts } from '/js/screens/product_parts.js';

const known = ['contract_id', 'trade_id', 'made_at', 'parties', 'data_list', 'licence', 'purpose', 'permitted_purposes',
  'application_scenario', 'security_measures', 'term', 'disposal_after_term', 'delivery_mode', 'usage_feedback',
  'attribution', 'price', 'governing_rules', 'quota', 'gateway', 'compute'];

// A gateway licence's quota: "1000 calls · at most 5 per second", either part unlimited when null;
// a compute licence's: "50 jobs" or unlimited.
function quotaText(q) {
  if (!q) return null;
  if ('jobs' in q) return q.jobs === null ? t('contract.jobs_unlimited') : t('contract.jobs', { n: q.jobs });
  const calls = q.calls === null || q.calls === undefined ? t('contract.calls_unlimited') : t('contract.calls', { n: q.calls });
  const rate = q.rate_limit_per_s === null || q.rate_limit_per_s === undefined ? t('contract.rate_unlimited')
    : t('contract.rate', { n: q.rate_limit_per_s });
  return `${calls} · ${rate}`;
}

const routesText = (g) => (g?.routes?.length ? g.routes.map((r) => `${r.method} ${r.path_prefix}`).join(', ') : null);

function party(p = {}) {
  return [p.legal_name || t('contract.no_legal_name'), p.display_name ? ` · ${p.display_name}` : '',
    h('span', { class: 'meta' }, ` · ${p.account_id || ''}`)];
}

function dataList(items = []) {
  return dataTable({
    caption: t('contract.data_list'),
    columns: [
      { label: t('contract.product'), head: true, cell: (d) => [d.title || '', h('br'), h('code', {}, d.product_id)] },
      { label: t('contract.version'), num: true, cell: (d) => String(d.version ?? '') },
      { label: 'SHA-256', className: 'id', cell: (d) => (d.sha256 ? h('code', {}, d.sha256) : '—') },
      { label: t('contract.rows'), num: true, cell: (d) => (d.rows === null || d.rows === undefined ? '—' : String(d.rows)) },
    ],
    rows: items,
  });
}

function terms(c) {
  const term = c.term || {};
  const price = c.price || {};
  return facts([
    [t('contract.purpose'), c.purpose],
    [t('contract.permitted_purposes'), (c.permitted_purposes || []).join(', ')],
    [t('offer.scenario'), c.application_scenario],
    [t('offer.security_measures'), c.security_measures],
    [t('contract.term'), t('contract.term_value', { start: formatTime(term.start), end: formatTime(term.end), days: term.days ?? '' })],
    [t('offer.disposal'), c.disposal_after_term ? tv('disposal', c.disposal_after_term) : null],
    [t('product.delivery_mode'), c.delivery_mode ? tv('delivery', c.delivery_mode) : null],
    [t('contract.quota'), quotaText(c.quota)],
    [t('gateway.routes'), routesText(c.gateway)],
    [t('contract.usage_feedback'), c.usage_feedback],
    [t('contract.attribution'), c.attribution],
    [t('contract.licence'), c.licence ? t('contract.licence_value', { name: c.licence.name, seats: c.licence.seats }) : null],
    [t('trade.price'), yuan(price.price_fen)],
    [t('trades.quantity'), price.quantity === undefined ? null : String(price.quantity)],
    [t('trades.amount'), yuan(price.amount_fen)],
    [t('trade.fee'), yuan(price.fee_fen)],
    [t('contract.governing_rules'), c.governing_rules],
  ]);
}

function others(c) {
  const rest = Object.entries(c).filter(([k]) => !known.includes(k));
  if (!rest.length) return null;
  return facts(rest.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

export async function contractScreen({ id }) {
  const path = `/contracts/${encodeURIComponent(id)}`;
  const d = await fetchDownload(path);
  const text = await d.blob.text();
  const c = JSON.parse(text);
  return h('article', { class: 'contract' },
    h('h1', {}, t('contract.title')),
    h('p', { class: 'lead' }, t('contract.lead')),
    h('p', {}, h('a', { href: `/api/v1${path}?format=html`, target: '_blank', rel: 'noopener' }, t('contract.open_html')), ' · ',
      h('a', { href: `#/trade/${encodeURIComponent(c.trade_id || '')}` }, t('contract.back_to_trade'))),
    h('section', { class: 'card' }, facts([
      [t('contract.id'), h('code', {}, c.contract_id || id)],
      [t('trade.id'), h('code', {}, c.trade_id)],
      [t('contract.made_at'), formatTime(c.made_at)],
      [t('contract.seller'), party(c.parties?.seller)],
      [t('contract.buyer'), party(c.parties?.buyer)],
      [t('contract.sha256'), d.sha256 ? h('code', { class: 'hash' }, d.sha256) : null],
    ])),
    h('section', { class: 'card' }, h('h2', {}, t('contract.data_heading')), dataList(c.data_list)),
    h('section', { class: 'card' }, h('h2', {}, t('contract.terms_heading')), terms(c), others(c)),
    c.compute ? h('section', { class: 'card' }, h('h2', {}, t('compute.title')), computeFacts(c.compute)) : null,
    h('details', { class: 'card' }, h('summary', {}, t('contract.raw')), h('pre', { tabindex: '0' }, JSON.stringify(c, null, 2))));
}
