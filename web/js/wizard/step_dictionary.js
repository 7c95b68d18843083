// The data dictionary (API.md "The data plane"): each column's name, type, meaning and role, and
// for a numeric column the bounds a compute product's private sums clamp values to. It is optional
// for most products and shown on the product page; a compute product needs it, as the role of each
// column decides how queries may use it (identifiers only counted, quasi-identifiers only as group
// keys or inside aggregates, sensitive values only inside aggregates).
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { rowsEditor } from '/js/wizard/rows.js';
import { columnTypeOptions, columnRoleOptions } from '/js/wizard/options.js';

// The row's column type on the row (data-column-type), so that app.css shows min and max only for
// integer and real columns.
function followType(group) {
  const type = group.querySelector('[data-row-key="type"]');
  const sync = () => group.setAttribute('data-column-type', type.value);
  type.addEventListener('change', sync);
  sync();
}

const bound = (key, label) => ({ key, label, kind: 'number', type: 'num', wrapClass: 'only-numeric',
  hint: t('wizard.bound_hint'), attrs: { step: 'any' } });

export function dictionaryFields(product) {
  return rowsEditor({
    path: 'data_dictionary',
    legend: t('dictionary.title'),
    hint: t('wizard.dictionary_hint'),
    extra: h('p', { class: 'hint only-compute' }, t('wizard.dictionary_compute_hint')),
    rowLabel: (n) => t('dictionary.column_n', { n }),
    addLabel: t('wizard.add_column'),
    className: 'dictionary',
    rows: product.data_dictionary || [],
    onRow: followType,
    columns: [
      { key: 'name', label: t('dictionary.name'), required: true, attrs: { spellcheck: 'false', autocomplete: 'off' } },
      { key: 'type', label: t('dictionary.type'), kind: 'select', options: columnTypeOptions(), value: 'text', required: true },
      { key: 'description', label: t('dictionary.description') },
      { key: 'role', label: t('dictionary.role'), kind: 'select', options: columnRoleOptions(), value: 'attribute', required: true },
      bound('min', t('dictionary.min')),
      bound('max', t('dictionary.max')),
    ],
  });
}
