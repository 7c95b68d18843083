// The dataset itself, how it reaches buyers (O15) — for a gateway product, the upstream the
// exchange forwards to; for a compute product, the terms its queries run under — and its data
// dictionary.
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { field } from '/js/forms.js';
import { uploadField } from '/js/upload.js';
import { deliveryOptions, frequencyOptions, formats } from '/js/wizard/options.js';
import { gatewayFields } from '/js/wizard/step_gateway.js';
import { computeFields } from '/js/wizard/step_compute.js';
import { dictionaryFields } from '/js/wizard/step_dictionary.js';

export function dataStep(product) {
  return [
    uploadField({ label: t('wizard.dataset'), name: 'dataset', path: 'data_file_id', required: true,
      hint: t('wizard.dataset_hint'), existing: [product.data_file_id] }),
    field({ label: t('product.format'), name: 'format', path: 'format', required: true, value: product.format || 'csv',
      hint: t('wizard.format_hint'), attrs: { list: 'wizard-formats' } }),
    h('datalist', { id: 'wizard-formats' }, formats.map((f) => h('option', { value: f }))),
    field({ label: t('product.delivery_mode'), name: 'delivery_mode', path: 'delivery_mode', kind: 'select', required: true,
      options: deliveryOptions(), value: product.delivery_mode || 'file', hint: t('wizard.delivery_hint') }),
    field({ label: t('product.update_frequency'), name: 'update_frequency', path: 'update_frequency', kind: 'select',
      required: true, options: frequencyOptions(), value: product.update_frequency || 'once' }),
    gatewayFields(product),
    computeFields(product),
    dictionaryFields(product),
  ];
}
