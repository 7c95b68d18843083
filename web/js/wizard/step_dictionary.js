// The data dictionary (API.md "The data plane"): each column's name, type, meaning and role. It is
// optional for most products and shown on the product page; the role says which columns identify a
// person, single one out together, or are sensitive.
import { t } from '/js/i18n.js';
import { rowsEditor } from '/js/wizard/rows.js';
import { columnTypeOptions, columnRoleOptions } from '/js/wizard/options.js';

export function dictionaryFields(product) {
  return rowsEditor({
    path: 'data_dictionary',
    legend: t('dictionary.title'),
    hint: t('wizard.dictionary_hint'),
    rowLabel: (n) => t('dictionary.column_n', { n }),
    addLabel: t('wizard.add_column'),
    className: 'dictionary',
    rows: product.data_dictionary || [],
    columns: [
      { key: 'name', label: t('dictionary.name'), required: true, attrs: { spellcheck: 'false', autocomplete: 'off' } },
      { key: 'type', label: t('dictionary.type'), kind: 'select', options: columnTypeOptions(), value: 'text', required: true },
      { key: 'description', label: t('dictionary.description') },
      { key: 'role', label: t('dictionary.role'), kind: 'select', options: columnRoleOptions(), value: 'attribute', required: true },
    ],
  });
}
