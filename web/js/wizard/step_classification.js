// Grading (O18, P9) and the security assessment important data needs (P8).
import { t } from '/js/i18n.js';
import { radios } from '/js/forms.js';
import { uploadField } from '/js/upload.js';
import { classificationOptions } from '/js/wizard/options.js';

export function classificationStep(product) {
  return [
    radios({ legend: t('wizard.classification'), name: 'classification', path: 'classification', required: true,
      options: classificationOptions(), value: product.classification || 'general' }),
    uploadField({ label: t('wizard.security_assessment'), name: 'security_assessment', path: 'security_assessment_file_id',
      hint: t('wizard.security_assessment_hint'), existing: [product.security_assessment_file_id] }),
  ];
}
