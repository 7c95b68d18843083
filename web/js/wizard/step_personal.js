// Personal information (P5, P6) and the columns that could single a person out together.
import { t } from '/js/i18n.js';
import { field, radios } from '/js/forms.js';
import { uploadField } from '/js/upload.js';
import { piOptions } from '/js/wizard/options.js';

export function personalStep(product) {
  const pi = product.personal_information || {};
  return [
    radios({ legend: t('wizard.pi_contains'), name: 'pi_contains', path: 'personal_information.contains', required: true,
      options: piOptions(), value: pi.contains || 'none' }),
    field({ label: t('wizard.quasi_identifiers'), name: 'quasi_identifiers', path: 'personal_information.quasi_identifiers',
      hint: t('wizard.quasi_identifiers_hint'), attrs: { 'data-type': 'list' } }),
    uploadField({ label: t('wizard.consent_evidence'), name: 'consent_evidence',
      path: 'personal_information.consent_evidence_file_id', hint: t('wizard.consent_evidence_hint'),
      existing: [pi.consent_evidence_file_id] }),
  ];
}
