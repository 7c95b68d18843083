// Repeated rows of controls that stand for one array of the product body (a gateway's routes, the
// data dictionary's columns). The list carries the array's API path in data-rows and each control
// its key in data-row-key (model.js collects them); renumbering keeps each control's data-field
// at `path.i.key`, so a field error such as `gateway.routes[0].path_prefix` lands beside it.
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { field, button } from '/js/forms.js';
import { fillGroup } from '/js/wizard/model.js';

function renumber(list, rowLabel) {
  [...list.querySelectorAll(':scope > .row-group')].forEach((group, i) => {
    const label = rowLabel(i + 1);
    group.querySelector('legend').textContent = label;
    group.querySelector('.row-remove').setAttribute('aria-label', t('rows.remove_named', { name: label }));
    for (const el of group.querySelectorAll('[data-row-key]')) el.dataset.field = `${list.dataset.rows}.${i}.${el.dataset.rowKey}`;
  });
}

// column: {key, label, kind, type (data-type), options, required, hint, value (a new row's), attrs,
// wrapClass (a class of the control's .field, e.g. to show it only for some rows)}
function control(c) {
  const el = field({ label: c.label, name: c.key, kind: c.kind, options: c.options, required: c.required, hint: c.hint,
    value: c.value, attrs: { ...c.attrs, 'data-row-key': c.key, ...(c.type ? { 'data-type': c.type } : {}) } });
  if (c.wrapClass) el.classList.add(c.wrapClass);
  return el;
}

function rowGroup(list, columns, values, rowLabel, onRow) {
  const group = h('fieldset', { class: 'row-group' }, h('legend', {}), h('div', { class: 'row-controls' }, columns.map(control)));
  fillGroup(group, values, 'rowKey');
  onRow?.(group);
  group.append(button(t('rows.remove'), () => {
    const next = group.nextElementSibling || group.previousElementSibling;
    group.remove();
    renumber(list, rowLabel);
    (next?.querySelector('input, select') || list.closest('fieldset').querySelector('.row-add'))?.focus();
  }, { kind: 'danger', attrs: { class: 'btn btn-danger row-remove' } }));
  return group;
}

// A fieldset with the rows of `rows` (objects keyed like the columns) and a button adding one.
// rowLabel(n): the legend of row n; onRow(group): called with each row built (filled), e.g. to let
// one control decide which others it shows; extra: nodes shown below the legend.
export function rowsEditor({ path, legend, hint, columns, rows = [], rowLabel, addLabel, className = '', onRow, extra }) {
  const list = h('div', { class: 'rows-list', dataset: { rows: path, field: path } },
    h('p', { class: 'field-error', hidden: true }));
  const add = (values) => {
    list.append(rowGroup(list, columns, values, rowLabel, onRow));
    renumber(list, rowLabel);
  };
  rows.forEach(add);
  return h('fieldset', { class: `group rows ${className}`.trim() },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    extra,
    list,
    button(addLabel, () => {
      add({});
      list.lastElementChild.querySelector('input, select').focus();
    }, { attrs: { class: 'btn btn-secondary row-add' } }));
}
