import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { field } from '/js/forms.js';
import { categoryOptions } from '/js/categories.js';

export function basicsStep() {
  return [
    field({ label: t('product.title'), name: 'title', path: 'title', required: true, attrs: { maxlength: '200' } }),
    field({ label: t('product.description'), name: 'description', path: 'description', kind: 'textarea', required: true,
      hint: t('wizard.description_hint'), attrs: { rows: 5 } }),
    field({ label: t('product.category'), name: 'category', path: 'category', required: true,
      hint: t('wizard.category_hint'), attrs: { list: 'wizard-categories' } }),
    h('datalist', { id: 'wizard-categories' }, categoryOptions(h)),
  ];
}
