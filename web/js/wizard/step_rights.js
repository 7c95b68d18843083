// Where the data comes from (O1) and who may sell it (P3, P7).
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { field, radios, checkbox } from '/js/forms.js';
import { uploadField } from '/js/upload.js';
import { sourceOptions, holderOptions } from '/js/wizard/options.js';

function authorization(product) {
  const a = product.rights?.authorization || {};
  return h('fieldset', { class: 'group', id: 'authorization', dataset: { field: 'rights.authorization' } },
    h('legend', {}, t('wizard.authorization')),
    h('p', { class: 'hint' }, t('wizard.authorization_hint')),
    field({ label: t('wizard.grantor_name'), name: 'grantor_name', path: 'rights.authorization.grantor_name', required: true }),
    field({ label: t('wizard.grantor_id'), name: 'grantor_id', path: 'rights.authorization.grantor_id', required: true,
      hint: t('wizard.grantor_id_hint') }),
    field({ label: t('wizard.authorized_purposes'), name: 'auth_purposes', path: 'rights.authorization.purposes', required: true,
      hint: t('wizard.list_hint'), attrs: { 'data-type': 'list' } }),
    checkbox({ label: t('wizard.resale_allowed'), name: 'resale_allowed', path: 'rights.authorization.resale_allowed' }),
    field({ label: t('wizard.valid_until'), name: 'valid_until', path: 'rights.authorization.valid_until', kind: 'date',
      required: true, attrs: { 'data-type': 'date' } }),
    uploadField({ label: t('wizard.evidence'), name: 'evidence', path: 'rights.authorization.evidence_file_id', required: true,
      hint: t('wizard.evidence_hint'), existing: [a.evidence_file_id] }));
}

export function rightsStep(product) {
  const auth = authorization(product);
  const publicId = field({ label: t('wizard.public_data_authorization_id'), name: 'public_data_authorization_id',
    path: 'public_data_authorization_id', hint: t('wizard.public_data_hint'), attrs: { 'data-type': 'nullable' } });
  const holder = radios({ legend: t('wizard.holder'), name: 'holder', path: 'rights.holder', required: true,
    options: holderOptions(), value: product.rights?.holder || 'self' });
  const method = field({ label: t('wizard.source_method'), name: 'source_method', path: 'source.method', kind: 'select',
    required: true, options: sourceOptions(), value: product.source?.method || 'collected' });
  const sync = () => {
    auth.hidden = holder.querySelector('input:checked')?.value !== 'third_party';
    publicId.hidden = method.querySelector('select').value !== 'public_data_authorized';
  };
  holder.addEventListener('change', sync);
  method.addEventListener('change', sync);
  queueMicrotask(sync);
  return [
    method,
    field({ label: t('wizard.source_statement'), name: 'source_statement', path: 'source.statement', kind: 'textarea',
      required: true, hint: t('wizard.source_statement_hint') }),
    publicId,
    holder,
    auth,
  ];
}
