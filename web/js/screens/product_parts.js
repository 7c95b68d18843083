// What a product tells beyond its basic facts: a gateway product's routes and timeout (and, to its
// seller and staff, the upstream and header name; the credentials only as "set"), a compute
// product's terms in words, and the data dictionary of any product.
import { h } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { dataTable, facts } from '/js/table.js';

export function routesTable(routes) {
  return dataTable({
    caption: t('gateway.routes'),
    className: 'gateway-routes',
    columns: [
      { label: t('gateway.method'), cell: (r) => (r.method === 'ANY' ? tv('gateway.method', 'ANY') : r.method) },
      { label: t('gateway.path_prefix'), head: true, cell: (r) => h('code', {}, r.path_prefix) },
    ],
    rows: routes || [],
  });
}

export function gatewayFacts(gateway) {
  return facts([
    [t('gateway.upstream_url'), gateway.upstream_url ? h('code', { class: 'upstream-url' }, gateway.upstream_url) : null],
    [t('gateway.auth_header'), gateway.auth_header ? h('code', {}, gateway.auth_header) : null],
    [t('gateway.credentials'), gateway.credentials_set === undefined ? null
      : t(gateway.credentials_set ? 'gateway.credentials_stored' : 'gateway.credentials_missing')],
    [t('gateway.timeout_s'), gateway.timeout_s === undefined ? null : t('gateway.seconds', { n: gateway.timeout_s })],
  ]);
}

function gatewaySection(p) {
  if (p.delivery_mode !== 'gateway' || !p.gateway) return null;
  return h('section', { class: 'gateway-summary', 'aria-labelledby': `gateway-${p.id}` },
    h('h2', { id: `gateway-${p.id}` }, t('gateway.title')),
    h('p', {}, t('gateway.product_lead')),
    gatewayFacts(p.gateway),
    routesTable(p.gateway.routes));
}

// "no noise" or "ε 1.5 per licence".
export function budgetText(compute) {
  const eps = compute?.epsilon_per_licence;
  return eps === null || eps === undefined ? t('compute.no_budget') : t('compute.budget_value', { epsilon: eps });
}

// A compute product's terms: the least group a result row covers, who releases results, the budget.
export function computeFacts(compute) {
  return facts([
    [t('compute.min_group_size'), t('compute.min_group_value', { n: compute.min_group_size ?? 10 })],
    [t('compute.approval'), compute.approval ? t(`compute.approval_words.${compute.approval}`) : null],
    [t('compute.budget'), budgetText(compute)],
  ]);
}

function computeSection(p) {
  if (p.delivery_mode !== 'compute' || !p.compute) return null;
  return h('section', { class: 'compute-summary', 'aria-labelledby': `compute-${p.id}` },
    h('h2', { id: `compute-${p.id}` }, t('compute.title')),
    h('p', {}, t('compute.product_lead')),
    computeFacts(p.compute));
}

// "0 – 120", "≥ 0", "≤ 120" or nothing: a numeric column's clamping bounds.
function rangeText(c) {
  const has = (v) => v !== null && v !== undefined;
  if (has(c.min) && has(c.max)) return `${c.min} – ${c.max}`;
  if (has(c.min)) return `≥ ${c.min}`;
  return has(c.max) ? `≤ ${c.max}` : '';
}

export function dictionaryTable(columns) {
  const bounded = columns.some((c) => rangeText(c));
  return dataTable({
    caption: t('dictionary.title'),
    hideCaption: true,
    className: 'dictionary',
    columns: [
      { label: t('dictionary.name'), head: true, cell: (c) => h('code', {}, c.name) },
      { label: t('dictionary.type'), cell: (c) => tv('dictionary.type', c.type) },
      { label: t('dictionary.role'), cell: (c) => tv('dictionary.role', c.role) },
      { label: t('dictionary.description'), cell: (c) => c.description || '' },
      bounded ? { label: t('dictionary.range'), cell: rangeText } : null,
    ].filter(Boolean),
    rows: columns,
  });
}

function dictionarySection(p) {
  if (!p.data_dictionary?.length) return null;
  return h('section', { class: 'dictionary-summary', 'aria-labelledby': `dictionary-${p.id}` },
    h('h2', { id: `dictionary-${p.id}` }, t('dictionary.title')),
    dictionaryTable(p.data_dictionary));
}

export function productParts(p) {
  return [gatewaySection(p), computeSection(p), dictionarySection(p)];
}
