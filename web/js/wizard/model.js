// The product form ↔ the product JSON of API.md "Products and review". Controls carry their API
// path in data-path (and a data-type when the value is not a plain string); offers are repeated
// groups (.offer) whose controls carry data-offer-key.
import { parseYuan, formatFen } from '/js/dom.js';

export function getPath(obj, path) {
  return path.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), obj);
}

function setPath(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  keys.slice(0, -1).forEach((k) => {
    if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
    o = o[k];
  });
  o[keys[keys.length - 1]] = value;
}

const splitList = (s) => String(s).split(/[,，、;\n]/).map((x) => x.trim()).filter(Boolean);

function readControl(el) {
  if (el.dataset.upload === 'one') return el.dataset.fileId || null;
  if (el.dataset.upload === 'many') return JSON.parse(el.dataset.fileIds || '[]');
  const type = el.dataset.type || '';
  const raw = el.value.trim();
  if (type === 'bool') return el.checked;
  if (type === 'int') return raw === '' ? null : Number.parseInt(raw, 10);
  if (type === 'fen') return raw === '' ? null : parseYuan(raw);
  if (type === 'list') return splitList(raw);
  if (type === 'nullable' || type === 'date') return raw === '' ? null : raw;
  return raw;
}

function writeControl(el, value) {
  const type = el.dataset.type || '';
  if (el.dataset.upload) return;  // uploads are built with their existing files
  if (type === 'bool') el.checked = Boolean(value);
  else if (type === 'radio') el.checked = el.value === value;
  else if (type === 'list') el.value = (value || []).join(', ');
  else if (type === 'fen') el.value = value === null || value === undefined ? '' : formatFen(value).replace(/,/g, '');
  else el.value = value === null || value === undefined ? '' : String(value);
}

function collectOffer(group) {
  const offer = {};
  if (group.dataset.offerId) offer.id = group.dataset.offerId;
  for (const el of group.querySelectorAll('[data-offer-key]')) {
    if (el.dataset.type === 'radio' && !el.checked) continue;
    offer[el.dataset.offerKey] = readControl(el);
  }
  return offer;
}

// The product body for POST/PUT /products from the form.
export function collect(form) {
  const product = {};
  for (const el of form.querySelectorAll('[data-path]')) {
    if (el.dataset.type === 'radio' && !el.checked) continue;
    setPath(product, el.dataset.path, readControl(el));
  }
  product.offers = [...form.querySelectorAll('.offer')].map(collectOffer);
  if (product.rights && product.rights.holder !== 'third_party') product.rights.authorization = null;
  if (!product.public_data_authorization_id) product.public_data_authorization_id = null;
  return product;
}

// Puts a stored product's values into the form's controls (offers are built by the offers step).
export function fill(form, product) {
  for (const el of form.querySelectorAll('[data-path]')) {
    const value = getPath(product, el.dataset.path);
    if (value !== undefined) writeControl(el, value);
  }
}

export function fillOffer(group, offer) {
  for (const el of group.querySelectorAll('[data-offer-key]')) {
    const value = offer[el.dataset.offerKey];
    if (value !== undefined) writeControl(el, value);
  }
}
