// Every string the UI shows goes through t(). Chinese is the default; the choice of language (not
// a secret) is remembered in localStorage.
import zh from '/js/i18n/zh.js';
import en from '/js/i18n/en.js';

const dictionaries = { zh, en };
const htmlLang = { zh: 'zh-CN', en: 'en' };
const listeners = new Set();
let current = initial();

function initial() {
  try {
    const saved = localStorage.getItem('dx.lang');
    if (saved && saved in dictionaries) return saved;
  } catch { /* storage may be unavailable */ }
  return 'zh';
}

export function lang() {
  return current;
}

export function applyLang() {
  document.documentElement.lang = htmlLang[current];
}

export function setLang(next) {
  if (!(next in dictionaries) || next === current) return;
  current = next;
  try { localStorage.setItem('dx.lang', next); } catch { /* not remembered then */ }
  applyLang();
  for (const fn of listeners) fn();
}

export function onLangChange(fn) {
  listeners.add(fn);
}

export function has(key) {
  return key in dictionaries[current];
}

// t('kyc.submitted_at', {time}) with "{time}" in the text replaced.
export function t(key, params = {}) {
  const text = dictionaries[current][key] ?? dictionaries.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// The text for a value of an enumeration, e.g. tv('status', 'in_review'); the value itself when
// the dictionary has no entry for it (a state added on the server later still shows).
export function tv(group, value) {
  const key = `${group}.${value}`;
  return has(key) || key in dictionaries.zh ? t(key) : String(value);
}
