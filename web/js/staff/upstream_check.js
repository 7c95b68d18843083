// A gateway product's upstream as its reviewer sees it (URL, header name, routes; never the
// credentials) and a live check the reviewer runs on demand: the exchange calls the upstream with
// the registered credentials and tells whether it answered, with what status, how fast and from
// which address (GET /staff/products/{id}/upstream-check).
import { h, clear, formatTime } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { button, problemText } from '/js/forms.js';
import { facts } from '/js/table.js';
import { gatewayFacts, routesTable } from '/js/screens/product_parts.js';

function result(r) {
  return h('div', { class: `status-box ${r.reachable ? 'status-success' : 'status-error'}`, role: 'status' },
    h('p', {}, h('strong', {}, t(r.reachable ? 'upstream.reachable' : 'upstream.unreachable'))),
    facts([
      [t('upstream.checked_at'), formatTime(r.checked_at)],
      [t('gateway.upstream_url'), r.upstream_url ? h('code', {}, r.upstream_url) : null],
      [t('upstream.status'), r.status === null || r.status === undefined ? null : String(r.status)],
      [t('upstream.latency'), r.latency_ms === null || r.latency_ms === undefined ? null : t('upstream.ms', { n: r.latency_ms })],
      [t('upstream.address'), r.address ? h('code', {}, r.address) : null],
      [t('upstream.error'), r.error || null],
    ], 'details upstream-result'));
}

function liveCheck(productId) {
  const out = h('div', { class: 'upstream-check-result', 'aria-live': 'polite' });
  const run = async (e) => {
    const b = e.currentTarget;
    b.disabled = true;
    clear(out).append(h('p', {}, t('upstream.checking')));
    try {
      clear(out).append(result(await api('GET', `/staff/products/${encodeURIComponent(productId)}/upstream-check`)));
    } catch (err) {
      clear(out).append(h('p', { class: 'field-error', role: 'alert' }, problemText(err)));
    } finally {
      b.disabled = false;
    }
  };
  return h('div', { class: 'upstream-check' }, h('p', { class: 'hint' }, t('upstream.check_lead')),
    button(t('upstream.check'), run, { kind: 'secondary' }), out);
}

export function upstreamReview(p) {
  if (p.delivery_mode !== 'gateway' || !p.gateway) return null;
  return h('section', { class: 'upstream' },
    h('h3', {}, t('upstream.title')),
    gatewayFacts(p.gateway),
    routesTable(p.gateway.routes),
    liveCheck(p.id));
}
