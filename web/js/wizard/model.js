// The product form ↔ the product JSON of API.md "Products and review" and "The data plane".
// Controls carry their API path in data-path (and a data-type when the value is not a plain
// string); offers are repeated groups (.offer) whose controls carry data-offer-key; other arrays
// (a gateway's routes, the data dictionary) are lists with data-rows whose rows' controls carry
// data-row-key.
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
  if (type === 'secret') return el.value;  // sent exactly as typed
  const raw = el.value.trim();
  if (type === 'bool') return el.checked;
  if (type === 'int') return raw === '' ? null : Number.parseInt(raw, 10);
  if (type === 'num') return raw === '' ? null : Number(raw);
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

// offerKey → offer-key: a dataset name as its attribute is spelled.
const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

// One repeated group's object from its controls; key: the data attribute naming each control's
// key (offerKey or rowKey).
function collectGroup(group, key) {
  const out = {};
  for (const el of group.querySelectorAll(`[data-${kebab(key)}]`)) {
    if (el.dataset.type === 'radio' && !el.checked) continue;
    out[el.dataset[key]] = readControl(el);
  }
  return out;
}


function collectOffer(group) {
  const offer = collectGroup(group, 'offerKey');
  return group.dataset.offerId ? { id: group.dataset.offerId, ...offer } : offer;
}

// Only a gateway product has a gateway and offers with a call quota and rate limit, only a compute
// product a compute block and offers with a job quota (the server refuses them on other modes); an
// empty data dictionary is left out, as it is optional, and so are a column's empty bounds and the
// bounds of a column that is not numeric (a seller may have typed them before changing its type).
const modeOnly = {
  gateway: { block: 'gateway', offerKeys: ['call_quota', 'rate_limit_per_s'] },
  compute: { block: 'compute', offerKeys: ['job_quota'] },
};
const numericTypes = ['integer', 'real'];

function shapeColumn(column) {
  for (const bound of ['min', 'max']) {
    if (column[bound] === null || column[bound] === undefined || !numericTypes.includes(column.type)) delete column[bound];
  }
  return column;
}

function shapeForMode(product) {
  for (const [mode, { block, offerKeys }] of Object.entries(modeOnly)) {
    if (product.delivery_mode === mode) continue;
    delete product[block];
    for (const offer of product.offers) offerKeys.forEach((k) => delete offer[k]);
  }
  if (!product.data_dictionary?.length) delete product.data_dictionary;
  else product.data_dictionary.forEach(shapeColumn);
  return product;
}

// The product body for POST/PUT /products from the form.
export function collect(form) {
  const product = {};
  for (const el of form.querySelectorAll('[data-path]')) {
    if (el.dataset.type === 'radio' && !el.checked) continue;
    setPath(product, el.dataset.path, readControl(el));
  }
  for (const list of form.querySelectorAll('[data-rows]')) {
    setPath(product, list.dataset.rows, [...list.querySelectorAll(':scope > .row-group')].map((g) => collectGroup(g, 'rowKey')));
  }
  product.offers = [...form.querySelectorAll('.offer')].map(collectOffer);
  shapeForMode(product);
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

// Puts an object's values into a repeated group's controls; key as for collectGroup.
export function fillGroup(group, values, key = 'offerKey') {
  for (const el of group.querySelectorAll(`[data-${kebab(key)}]`)) {
    const value = values[el.dataset[key]];
    if (value !== undefined) writeControl(el, value);
  }
}
