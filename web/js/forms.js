// Labelled form controls and problem display. Every control has a <label>; hints and errors are
// tied to it with aria-describedby; field errors from a problem document find their control by
// its API field name (data-field).
import { h, uid, clear, announce } from '/js/dom.js';
import { t, has } from '/js/i18n.js';
import { refusalLines, effectiveCode } from '/js/refusals.js';

function describe(input, hintId, errorId) {
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
}

// One labelled control. kind: text | email | password | number | date | textarea | select.
export function field({ label, name, kind = 'text', value, required, hint, options, attrs = {}, path }) {
  const id = uid(name?.replace(/\W/g, '-') || 'f');
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  let input;
  const common = { id, name, required, dataset: { field: path || name, ...(path ? { path } : {}) }, ...attrs };
  if (kind === 'textarea') input = h('textarea', { ...common, rows: attrs.rows || 3 }, value ?? '');
  else if (kind === 'select') {
    input = h('select', common, options.map((o) => h('option', { value: o.value }, o.label)));
    if (value !== undefined && value !== null) input.value = value;
  } else input = h('input', { ...common, type: kind, value: value ?? '' });
  describe(input, hintId, errorId);
  return h('div', { class: 'field' },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    input,
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

export function checkbox({ label, name, checked, path, hint }) {
  const id = uid(name || 'c');
  const input = h('input', { type: 'checkbox', id, name, checked, dataset: { field: path || name, ...(path ? { path, type: 'bool' } : {}) } });
  return h('div', { class: 'field field-check' }, input, h('label', { for: id }, label),
    hint ? h('p', { class: 'hint' }, hint) : null);
}

// A group of radio buttons in a fieldset with a legend.
export function radios({ legend, name, options, value, path, required }) {
  const errorId = uid(`${name}-error`);
  return h('fieldset', { class: 'field radios', dataset: { field: path || name }, 'aria-describedby': errorId },
    h('legend', {}, legend, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    options.map((o) => {
      const id = uid(name);
      return h('div', { class: 'radio' },
        h('input', { type: 'radio', id, name, value: o.value, checked: o.value === value,
          dataset: path ? { path, type: 'radio' } : {} }),
        h('label', { for: id }, o.label));
    }),
    h('p', { class: 'field-error', id: errorId, hidden: true }));
}

export function button(label, onclick, { kind = 'secondary', type = 'button', attrs = {} } = {}) {
  return h('button', { type, class: `btn btn-${kind}`, onclick, ...attrs }, label);
}

// A status region at the top of a form for its outcome (success or the problem).
export function statusBox() {
  return h('div', { class: 'status-box', role: 'alert', hidden: true, tabindex: '-1' });
}

const normalise = (f) => String(f).replace(/\[(\d+)\]/g, '.$1');

function fieldElement(form, name) {
  const wanted = normalise(name);
  for (const el of form.querySelectorAll('[data-field]')) if (normalise(el.dataset.field) === wanted) return el;
  return null;
}

export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field-error')) {
    el.textContent = '';
    el.hidden = true;
  }
}

// The translated title of a problem code, or the server's detail.
export function problemText(error) {
  const p = error?.problem || {};
  const code = effectiveCode(p) || error?.code;
  const title = code && has(`error.${code}`) ? t(`error.${code}`) : null;
  const detail = p.detail || error?.message || t('error.unknown');
  return title && title !== detail ? `${title} — ${detail}` : detail;
}

// Shows a problem on a form: each field error beside its control, the rest in the status box.
export function showProblem(form, box, error) {
  clearErrors(form);
  const problem = error?.problem || {};
  const unplaced = [];
  for (const fe of problem.errors || []) {
    const el = fieldElement(form, fe.field);
    const errorEl = el && (el.closest('.field')?.querySelector('.field-error') || el.querySelector?.('.field-error'));
    if (el && errorEl) {
      el.setAttribute('aria-invalid', 'true');
      errorEl.textContent = fe.message;
      errorEl.hidden = false;
    } else unplaced.push(`${fe.field}: ${fe.message}`);
  }
  const lines = [problemText(error), ...refusalLines(problem)];
  showStatus(box, 'error', lines.concat(unplaced));
  const first = form.querySelector('[aria-invalid="true"]');
  if (first && first.focus) first.focus();
  else box.focus();
}

export function showStatus(box, kind, lines) {
  clear(box);
  box.className = `status-box status-${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  for (const line of [].concat(lines)) box.append(h('p', {}, line));
  box.hidden = false;
  if (kind !== 'error') announce([...box.children].map((p) => p.textContent).join(' '));
}

export function hideStatus(box) {
  box.hidden = true;
  clear(box);
}

// Runs an async action with the submit button disabled; problems land in the status box.
export async function busy(form, box, action) {
  const buttons = form.querySelectorAll('button');
  buttons.forEach((b) => { b.disabled = true; });
  clearErrors(form);
  hideStatus(box);
  try {
    return await action();
  } catch (e) {
    showProblem(form, box, e);
    return undefined;
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
  }
}
