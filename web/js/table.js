// A data table from column descriptions: {label, cell(row) → text or node, num (right-aligned),
// head (the row's header cell)}. Wide tables scroll sideways inside their wrapper on narrow screens.
import { h } from '/js/dom.js';

// hideCaption: the caption is for screen readers only (a heading above already says it).
export function dataTable({ caption, columns, rows, className = '', rowClass = () => '', hideCaption = false }) {
  return h('div', { class: 'table-wrap' }, h('table', { class: className },
    caption ? h('caption', { class: hideCaption ? 'visually-hidden' : null }, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', { class: rowClass(r) || null }, columns.map((c) => {
      const content = c.cell(r);
      if (c.head) return h('th', { scope: 'row' }, content);
      return h('td', { class: c.num ? 'num' : c.className || null }, content);
    }))))));
}

// A definition list of [label, value] pairs; empty values are left out.
export function facts(pairs, className = 'details') {
  return h('dl', { class: className }, pairs
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}
