// How the buyer of a gateway licence calls it: the exchange's address for the trade
// (location.origin + /gw/{trade id}/), the licensed routes, and an example curl line with a
// placeholder where the buyer's API key goes (keys are made on the account page; the exchange
// never shows the upstream or its credentials to the buyer).
import { h, clear, announce } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { button } from '/js/forms.js';
import { routesTable } from '/js/screens/product_parts.js';

export const gatewayUrl = (tradeId) => `${window.location.origin}/gw/${encodeURIComponent(tradeId)}/`;

// A path of the first licensed route (without its leading slash), for the example.
const examplePath = (routes) => String(routes?.[0]?.path_prefix || '/').replace(/^\/+/, '');

// A word for a POSIX shell, in single quotes.
const quoted = (s) => `'${String(s).replace(/'/g, "'\\''")}'`;

function curlLine(url) {
  return `curl -H ${quoted(`Authorization: Bearer ${t('gateway.key_placeholder')}`)} ${quoted(url)}`;
}

function copyable(text, id, label) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      announce(t('gateway.copied'));
    } catch {
      announce(t('gateway.copy_failed'));
    }
  };
  return h('div', { class: 'copyable' },
    h('code', { class: 'key', id }, text),
    button(t('gateway.copy'), copy, { kind: 'link', attrs: { 'aria-label': t('gateway.copy_named', { name: label }) } }));
}

export function gatewayAccessPart(trade) {
  const url = gatewayUrl(trade.id);
  const example = h('div', { class: 'gateway-example' }, copyable(curlLine(url), 'gateway-curl', t('gateway.example')));
  const routes = h('div', { class: 'gateway-routes-area' });
  api('GET', `/products/${encodeURIComponent(trade.product_id)}`).then((p) => {
    const list = p.gateway?.routes;
    if (!list?.length) return;
    clear(example).append(copyable(curlLine(url + examplePath(list)), 'gateway-curl', t('gateway.example')));
    routes.append(routesTable(list));
  }).catch(() => { /* the example without a route still works */ });
  return h('div', { class: 'gateway-access' },
    h('p', {}, t('gateway.access_lead')),
    h('h3', {}, t('gateway.url')),
    copyable(url, 'gateway-url', t('gateway.url')),
    h('h3', {}, t('gateway.example')),
    example,
    h('p', {}, t('gateway.key_hint'), ' ', h('a', { href: '#/account' }, t('gateway.make_key'))),
    routes);
}
