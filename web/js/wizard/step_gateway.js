// A gateway product's upstream (API.md "The data plane"): the exchange forwards each licensed call
// to upstream_url with the header auth_header: credentials. The credentials are sealed at rest and
// never shown again, so the field starts empty and must be filled on every save.
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { field } from '/js/forms.js';
import { rowsEditor } from '/js/wizard/rows.js';
import { methodOptions } from '/js/wizard/options.js';

function routesEditor(routes) {
  return rowsEditor({
    path: 'gateway.routes',
    legend: t('gateway.routes'),
    hint: t('wizard.gateway_routes_hint'),
    rowLabel: (n) => t('gateway.route_n', { n }),
    addLabel: t('wizard.add_route'),
    rows: routes?.length ? routes : [{ method: 'GET', path_prefix: '/' }],
    columns: [
      { key: 'method', label: t('gateway.method'), kind: 'select', options: methodOptions(), value: 'GET', required: true },
      { key: 'path_prefix', label: t('gateway.path_prefix'), required: true, value: '/',
        attrs: { spellcheck: 'false', autocomplete: 'off' } },
    ],
  });
}

function credentialsHint(gateway) {
  return gateway?.credentials_set ? t('wizard.gateway_credentials_set') : t('wizard.gateway_credentials_hint');
}

export function gatewayFields(product) {
  const gateway = product.gateway || {};
  return h('fieldset', { class: 'group only-gateway', id: 'gateway', dataset: { field: 'gateway' } },
    h('legend', {}, t('gateway.title')),
    h('p', { class: 'hint' }, t('wizard.gateway_lead')),
    h('p', { class: 'field-error', hidden: true }),
    field({ label: t('gateway.upstream_url'), name: 'upstream_url', path: 'gateway.upstream_url', kind: 'url', required: true,
      hint: t('wizard.gateway_upstream_hint'), attrs: { spellcheck: 'false', autocomplete: 'off', placeholder: 'https://' } }),
    field({ label: t('gateway.auth_header'), name: 'auth_header', path: 'gateway.auth_header', required: true,
      hint: t('wizard.gateway_header_hint'), attrs: { spellcheck: 'false', autocomplete: 'off', maxlength: '64' } }),
    field({ label: t('gateway.credentials'), name: 'gateway_credentials', path: 'gateway.credentials', kind: 'password',
      required: true, hint: credentialsHint(gateway),
      attrs: { 'data-type': 'secret', autocomplete: 'new-password', spellcheck: 'false', maxlength: '4096' } }),
    routesEditor(gateway.routes),
    field({ label: t('gateway.timeout_s'), name: 'timeout_s', path: 'gateway.timeout_s', kind: 'number', required: true,
      value: gateway.timeout_s ?? 30, hint: t('wizard.gateway_timeout_hint'), attrs: { 'data-type': 'int', min: '1', max: '120' } }));
}
