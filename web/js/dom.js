// Building DOM nodes without HTML strings: text always goes in as text, so nothing the server
// or a user sends can become markup.

// h('button', {type: 'button', onclick: fn}, 'Save') → <button type="button">Save</button>
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  let value;
  for (const [key, v] of Object.entries(props ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (key === 'value') value = v;
    else if (key.startsWith('on') && typeof v === 'function') el.addEventListener(key.slice(2), v);
    else if (key === 'class') el.className = v;
    else if (key === 'dataset') Object.assign(el.dataset, v);
    else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'hidden') el[key] = true;
    else el.setAttribute(key, v === true ? '' : String(v));
  }
  append(el, children);
  if (value !== undefined) el.value = value;
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let counter = 0;
// A unique id for linking labels, hints and errors to their inputs.
export function uid(stem = 'f') {
  counter += 1;
  return `${stem}-${counter}`;
}

// Tells screen-reader users about a change that happens away from the focus.
export function announce(text) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 50);
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

// 123456 fen → "1,234.56"
export function formatFen(fen) {
  const n = Number(fen);
  if (!Number.isFinite(n)) return '';
  return (n / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

// "1,234.5" yuan → 123450 fen; null when it is not an amount with at most two decimals.
export function parseYuan(text) {
  const s = String(text).replace(/[,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function formatTime(rfc3339) {
  if (!rfc3339) return '';
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  return d.toLocaleString(document.documentElement.lang || undefined);
}

// 123456 fen → "¥1,234.56"
export function yuan(fen) {
  return fen === null || fen === undefined ? '' : `¥${formatFen(fen)}`;
}
