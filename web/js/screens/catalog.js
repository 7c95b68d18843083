// The catalogue: listed products, searched by words and filtered by category (GET /catalog).
import { h, clear, formatFen } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { field, statusBox, showStatus, problemText } from '/js/forms.js';
import { loadCategories, categoryLabel, categoryOptions } from '/js/categories.js';
import { go } from '/js/router.js';

function categorySelect(current) {
  const choice = field({ label: t('catalog.category'), name: 'category', kind: 'select', options: [] });
  const select = choice.querySelector('select');
  select.append(h('option', { value: '' }, t('catalog.all_categories')), ...categoryOptions(h));
  if (current && ![...select.options].some((o) => o.value === current)) select.append(h('option', { value: current }, current));
  select.value = current;
  return choice;
}

function lowestPrice(product) {
  const prices = (product.offers || []).map((o) => o.price_fen).filter((p) => Number.isFinite(p));
  return prices.length ? Math.min(...prices) : null;
}

function card(p) {
  const price = lowestPrice(p);
  return h('li', { class: 'card product-card' },
    h('h2', {}, h('a', { href: `#/product/${encodeURIComponent(p.id)}` }, p.title)),
    h('p', { class: 'meta' }, categoryLabel(p.category, p.category_info)),
    h('p', {}, p.description),
    price !== null ? h('p', { class: 'price' }, t('catalog.from_price', { price: formatFen(price) })) : null);
}

export async function catalogScreen({ params }) {
  const q = params.get('q') || '';
  const category = params.get('category') || '';
  await loadCategories();
  const box = statusBox();
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const form = h('form', { class: 'form search', role: 'search', novalidate: true },
    field({ label: t('catalog.q'), name: 'q', kind: 'search', value: q }),
    categorySelect(category),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('catalog.search'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    go(`/catalog${query({ q: d.get('q').trim(), category: d.get('category').trim() })}`);
  });
  try {
    const page = await api('GET', `/catalog${query({ q, category })}`);
    const items = page.items || [];
    clear(results).append(
      h('p', {}, t('catalog.count', { n: items.length })),
      items.length ? h('ul', { class: 'cards' }, items.map(card)) : h('p', {}, t('catalog.empty')));
  } catch (e) {
    showStatus(box, 'error', problemText(e));
  }
  return h('section', {}, h('h1', {}, t('catalog.title')), form, box, results);
}
