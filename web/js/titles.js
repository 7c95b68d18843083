// Product titles for lists that carry only product ids (orders, trades): each product is asked for
// once per page view; a product the account may no longer read shows its id.
import { h } from '/js/dom.js';
import { api } from '/js/api.js';

const cache = new Map();

export function productTitle(id) {
  if (!cache.has(id)) {
    cache.set(id, api('GET', `/products/${encodeURIComponent(id)}`).then((p) => p.title || id).catch(() => id));
  }
  return cache.get(id);
}

// Titles for every product id in `rows` (row[key]), as a Map id → title.
export async function titlesFor(rows, key = 'product_id') {
  const ids = [...new Set(rows.map((r) => r[key]).filter(Boolean))];
  const titles = await Promise.all(ids.map(productTitle));
  return new Map(ids.map((id, i) => [id, titles[i]]));
}

export function productLink(id, title) {
  return h('a', { href: `#/product/${encodeURIComponent(id)}` }, title || id);
}

window.addEventListener('hashchange', () => cache.clear());
