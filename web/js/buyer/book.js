// An offer's order book (GET /offers/{id}/book): bids and asks aggregated by price. The seller's
// standing ask for unlimited licences shows "unlimited".
import { h, clear, yuan } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { button, problemText } from '/js/forms.js';
import { dataTable } from '/js/table.js';

function side(caption, levels) {
  if (!levels.length) return h('div', { class: 'book-side' }, h('p', { class: 'book-caption' }, caption), h('p', { class: 'meta' }, t('book.empty')));
  return h('div', { class: 'book-side' }, dataTable({
    caption,
    className: 'book',
    columns: [
      { label: t('book.price'), num: true, cell: (l) => yuan(l.price_fen) },
      { label: t('book.quantity'), num: true, cell: (l) => (l.quantity === null ? t('offer.unlimited') : String(l.quantity)) },
    ],
    rows: levels,
  }));
}

// The book of one offer with a button to read it again; element.refresh() reloads it.
export function orderBook(offerId, heading = t('book.title')) {
  const body = h('div', { class: 'book-sides', 'aria-live': 'polite' });
  const refresh = async () => {
    try {
      const book = await api('GET', `/offers/${encodeURIComponent(offerId)}/book`);
      clear(body).append(side(t('book.bids'), book.bids || []), side(t('book.asks'), book.asks || []));
    } catch (e) {
      clear(body).append(h('p', { class: 'field-error' }, problemText(e)));
    }
  };
  const el = h('div', { class: 'order-book' },
    h('h3', {}, heading),
    body,
    button(t('book.refresh'), refresh, { kind: 'link' }));
  el.refresh = refresh;
  refresh();
  return el;
}
