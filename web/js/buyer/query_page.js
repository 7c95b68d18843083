// The buyer's query page on a compute licence (API.md "The data plane"): the data dictionary and
// the product's compute terms beside a query editor. The exchange runs one SELECT over table `data`
// and releases only aggregates (O15); a query the text alone refuses is answered at once and shown
// at the editor with its rule, any other job appears in the history below and is followed there.
import { h, clear } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, button, statusBox, busy, showStatus, problemText } from '/js/forms.js';
import { dictionaryTable, computeFacts } from '/js/screens/product_parts.js';
import { jobHistory } from '/js/buyer/jobs.js';

// A column name as SQL writes it: bare when it is a plain identifier, in double quotes otherwise.
const ident = (name) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);

// A query the dictionary allows: records counted by a column that may be a group key (an attribute
// or quasi-identifier, not a real number), or all records counted when there is none.
export function exampleQuery(columns) {
  const key = (columns || []).find((c) => (c.role === 'attribute' || c.role === 'quasi_identifier') && c.type !== 'real');
  if (!key) return 'SELECT COUNT(*) AS records\nFROM data';
  const k = ident(key.name);
  return `SELECT ${k}, COUNT(*) AS records\nFROM data\nGROUP BY ${k}`;
}

const hasBudget = (product) => typeof product.compute?.epsilon_per_licence === 'number';

function queryForm(trade, product, history) {
  const box = statusBox();
  const example = exampleQuery(product.data_dictionary);
  const editor = field({ label: t('jobs.query'), name: 'query', kind: 'textarea', required: true, value: example,
    hint: t('jobs.query_hint'), attrs: { rows: 8, spellcheck: 'false', autocomplete: 'off', class: 'query-editor' } });
  const textarea = editor.querySelector('textarea');
  const epsilon = hasBudget(product) ? field({ label: t('jobs.epsilon'), name: 'epsilon', kind: 'number',
    hint: t('jobs.epsilon_hint', { budget: product.compute.epsilon_per_licence }), attrs: { min: '0', step: 'any' } }) : null;
  const form = h('form', { class: 'form query-form', novalidate: true },
    box,
    editor,
    h('div', { class: 'actions' }, button(t('jobs.use_example'), () => { textarea.value = example; textarea.focus(); })),
    epsilon,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('jobs.run'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = { query: textarea.value.trim() };
    const eps = epsilon?.querySelector('input').value.trim();
    if (eps) body.epsilon = Number(eps);
    busy(form, box, async () => {
      const job = await api('POST', `/trades/${encodeURIComponent(trade.id)}/jobs`, body);
      history.follow(job.id);
      showStatus(box, 'success', t('jobs.submitted', { id: job.id }));
      await history.load();
    });
  });
  return form;
}

function layout(trade, product, history) {
  return h('div', { class: 'query-page' },
    h('div', { class: 'query-dictionary' },
      h('h3', {}, t('dictionary.title')),
      product.data_dictionary?.length ? dictionaryTable(product.data_dictionary) : h('p', {}, t('jobs.no_dictionary')),
      product.compute ? [h('h3', {}, t('compute.title')), computeFacts(product.compute)] : null),
    h('div', { class: 'query-editor-area' },
      h('p', {}, t('jobs.lead')),
      queryForm(trade, product, history)));
}

// The query page for the trade's buyer: the editor above the history, which is shared with it.
export function queryPart(trade) {
  const history = jobHistory(trade);
  const top = h('div', { class: 'query-top' }, h('p', {}, t('jobs.loading_product')));
  api('GET', `/products/${encodeURIComponent(trade.product_id)}`)
    .then((product) => clear(top).append(layout(trade, product, history)))
    .catch((e) => clear(top).append(h('p', { class: 'field-error', role: 'alert' }, problemText(e))));
  history.load();
  return h('div', { class: 'compute-access' }, top, history.element);
}
