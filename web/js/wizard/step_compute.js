// A compute product's terms (API.md "The data plane"): buyers send queries and receive only
// aggregates (O15). Every result row must aggregate at least min_group_size records (P5, TJ-29);
// with approval "seller" the seller reads each result before it is released; epsilon_per_licence,
// when set, adds differentially private noise and is each licence's privacy budget.
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { field, radios } from '/js/forms.js';
import { approvalOptions } from '/js/wizard/options.js';

export function computeFields(product) {
  const compute = product.compute || {};
  return h('fieldset', { class: 'group only-compute', id: 'compute', dataset: { field: 'compute' } },
    h('legend', {}, t('compute.title')),
    h('p', { class: 'hint' }, t('wizard.compute_lead')),
    h('p', { class: 'field-error', hidden: true }),
    field({ label: t('compute.min_group_size'), name: 'min_group_size', path: 'compute.min_group_size', kind: 'number',
      required: true, value: compute.min_group_size ?? 10, hint: t('wizard.min_group_size_hint'),
      attrs: { 'data-type': 'int', min: '2' } }),
    radios({ legend: t('compute.approval'), name: 'approval', path: 'compute.approval', required: true,
      options: approvalOptions(), value: compute.approval || 'automatic' }),
    field({ label: t('compute.epsilon_per_licence'), name: 'epsilon_per_licence', path: 'compute.epsilon_per_licence',
      kind: 'number', hint: t('wizard.epsilon_hint'), attrs: { 'data-type': 'num', min: '0', step: 'any' } }));
}
