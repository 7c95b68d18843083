// The wizard's steps, in order.
import { t } from '/js/i18n.js';
import { basicsStep } from '/js/wizard/step_basics.js';
import { rightsStep } from '/js/wizard/step_rights.js';
import { personalStep } from '/js/wizard/step_personal.js';
import { classificationStep } from '/js/wizard/step_classification.js';
import { dataStep } from '/js/wizard/step_data.js';
import { offersStep } from '/js/wizard/step_offers.js';

export const steps = () => [
  { key: 'basics', title: t('wizard.step_basics'), build: basicsStep },
  { key: 'rights', title: t('wizard.step_rights'), build: rightsStep },
  { key: 'personal', title: t('wizard.step_personal'), build: personalStep },
  { key: 'classification', title: t('wizard.step_classification'), build: classificationStep },
  { key: 'data', title: t('wizard.step_data'), build: dataStep },
  { key: 'offers', title: t('wizard.step_offers'), build: offersStep },
  { key: 'review', title: t('wizard.step_review'), build: () => [] },
];
