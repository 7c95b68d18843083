// The seller's product wizard: every field of a product, step by step; save a draft (POST/PUT
// /products), submit for screening (POST /products/{id}/submit), read the findings, fix, resubmit.
import { h, append } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api } from '/js/api.js';
import { statusBox, showStatus, busy, button } from '/js/forms.js';
import { go } from '/js/router.js';
import { collect, fill } from '/js/wizard/model.js';
import { steps } from '/js/wizard/steps.js';
import { loadCategories } from '/js/categories.js';
import { findingsList } from '/js/wizard/findings.js';
import { offerTable, productFacts } from '/js/screens/product.js';
import { productParts } from '/js/screens/product_parts.js';

const editable = (p) => !p.status || p.status === 'draft' || p.status === 'rejected';

function stepper(list, show) {
  return h('ol', { class: 'stepper' }, list.map((s, i) => h('li', {},
    h('button', { type: 'button', class: 'step-link', dataset: { step: String(i) }, onclick: () => show(i) },
      h('span', { class: 'step-number' }, String(i + 1)), ' ', s.title))));
}

function findControl(form, fieldName) {
  const want = String(fieldName).replace(/\[(\d+)\]/g, '.$1');
  const all = [...form.querySelectorAll('[data-field]')];
  return all.find((el) => el.dataset.field === want) || all.find((el) => want.startsWith(`${el.dataset.field}.`))
    || all.find((el) => el.dataset.field.startsWith(`${want}.`));
}

export async function wizardScreen({ id, params }) {
  const [product] = await Promise.all([id ? api('GET', `/products/${encodeURIComponent(id)}`) : {}, loadCategories()]);
  const list = steps();
  const box = statusBox();
  const sections = list.map((s, i) => h('section', { class: 'step', dataset: { step: String(i) }, hidden: true,
    'aria-labelledby': `step-title-${i}` }, h('h2', { id: `step-title-${i}`, tabindex: '-1' }, `${i + 1}. ${s.title}`), s.build(product)));
  const fields = h('fieldset', { class: 'plain', disabled: !editable(product) }, sections.slice(0, -1));
  const findingsArea = h('div', { class: 'findings-area', 'aria-live': 'polite' });
  const form = h('form', { class: 'form wizard', novalidate: true }, fields, sections[sections.length - 1]);
  let current = 0;
  const nav = stepper(list, (i) => show(i, true));
  function show(i, focus = false) {
    current = Math.max(0, Math.min(list.length - 1, i));
    sections.forEach((s, k) => { s.hidden = k !== current; });
    nav.querySelectorAll('.step-link').forEach((b, k) => b.setAttribute('aria-current', k === current ? 'step' : 'false'));
    prev.disabled = current === 0;
    next.disabled = current === list.length - 1;
    if (focus) sections[current].querySelector('h2').focus();
  }
  const labelFor = (fieldName) => {
    const el = findControl(form, fieldName);
    const text = el && (el.getAttribute('aria-label')
      || (el.closest('.field')?.querySelector('label, legend') || el.querySelector('legend'))?.textContent);
    return text ? text.replace(/\s*\*$/, '') : null;
  };
  const fix = (fieldName) => {
    const el = findControl(form, fieldName);
    const section = el?.closest('section.step');
    if (!section) return;
    show(Number(section.dataset.step));
    (el.matches('input,select,textarea') ? el : el.querySelector('input,select,textarea,button'))?.focus();
  };

  async function save() {
    const body = collect(form);
    const saved = product.id ? await api('PUT', `/products/${encodeURIComponent(product.id)}`, body)
      : await api('POST', '/products', body);
    return saved?.id || product.id;
  }
  // A field error may sit on a step that is not shown: show the first one.
  const revealInvalid = () => {
    const bad = form.querySelector('[aria-invalid="true"]');
    const section = bad?.closest('section.step');
    if (!section) return;
    show(Number(section.dataset.step));
    (bad.matches('input,select,textarea') ? bad : bad.querySelector('input,select,textarea'))?.focus();
  };
  const onSave = () => busy(form, box, async () => {
    const savedId = await save();
    if (!product.id) return go(`/sell/${encodeURIComponent(savedId)}?step=${current}`);
    return showStatus(box, 'success', t('wizard.saved'));
  }).then(revealInvalid);
  const onSubmit = () => busy(form, box, async () => {
    const savedId = await save();
    const result = await api('POST', `/products/${encodeURIComponent(savedId)}/submit`);
    sessionStorage.setItem('dx.lastFindings', JSON.stringify({ id: savedId, result }));
    go(`/sell/${encodeURIComponent(savedId)}?step=${list.length - 1}&submitted=1`);
  }).then(revealInvalid);

  // The answer of the last submit is shown once on the page that follows it.
  const last = JSON.parse(sessionStorage.getItem('dx.lastFindings') || 'null');
  const findings = last && last.id === product.id && params.get('submitted') ? last.result.findings : product.findings;
  if (last && params.get('submitted')) sessionStorage.removeItem('dx.lastFindings');
  findingsArea.append(h('h3', {}, t('findings.title')), findingsList(findings, editable(product) ? fix : null, labelFor));

  const prev = button(t('wizard.prev'), () => show(current - 1, true));
  const next = button(t('wizard.next'), () => show(current + 1, true));
  const review = sections[sections.length - 1];
  append(review, [
    product.id ? h('div', { class: 'card' }, productFacts(product), productParts(product), offerTable(product.offers, product.delivery_mode)) : h('p', {}, t('wizard.review_new')),
    findingsArea,
    editable(product) ? h('p', {}, t('wizard.submit_explain')) : h('p', {}, t(`wizard.locked.${product.status}`)),
    editable(product) ? button(product.status === 'rejected' ? t('wizard.resubmit') : t('wizard.submit'), onSubmit, { kind: 'primary' }) : null,
    product.status === 'listed' ? button(t('wizard.withdraw'), () => busy(form, box, async () => {
      await api('POST', `/products/${encodeURIComponent(product.id)}/withdraw`);
      go(`/sell/${encodeURIComponent(product.id)}?step=${list.length - 1}`);
    }), { kind: 'danger' }) : null]);
  if (product.id) fill(form, product);
  // Fields that only one delivery mode has (a gateway's upstream, a compute product's terms, an
  // offer's call or job quota) follow the chosen mode through the form's data-mode (app.css hides
  // .only-gateway and .only-compute otherwise). Not through
  // form.dataset: a form's named controls shadow its properties, and the data file's is "dataset".
  const syncMode = () => form.setAttribute('data-mode', form.querySelector('[data-path="delivery_mode"]').value);
  form.addEventListener('change', syncMode);
  syncMode();
  const toolbar = h('div', { class: 'wizard-toolbar' }, prev, next,
    editable(product) ? button(t('wizard.save'), onSave, { kind: 'secondary' }) : null);
  show(Number(params.get('step') || 0));
  return h('section', {},
    h('h1', {}, product.id ? t('wizard.edit_title', { title: product.title || product.id }) : t('wizard.new_title')),
    product.status ? h('p', {}, t('product.status'), ' ', h('span', { class: `badge status-${product.status}`, id: 'product-status' },
      tv('status', product.status))) : null,
    h('nav', { 'aria-label': t('wizard.steps') }, nav),
    box, form, toolbar);
}
