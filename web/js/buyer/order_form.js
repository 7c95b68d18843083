// Placing an order on an offer (POST /orders): a buyer picks one of the offer's purposes (O12), a
// quantity, a price and how long the order stands; the seller may sell into bids. Refusals are
// explained with their rule and basis (refusals.js). Each submission carries its Idempotency-Key.
import { h, yuan, formatFen, parseYuan } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, statusBox, busy, showStatus } from '/js/forms.js';
import { keyedSubmitter } from '/js/idempotency.js';

const tifOptions = () => ['GTC', 'IOC', 'FOK'].map((v) => ({ value: v, label: tv('tif', v) }));

function outcome(order) {
  const links = (order.trades || []).map((tr) => h('a', { href: `#/trade/${encodeURIComponent(tr.id)}` },
    t('buy.trade_link', { id: tr.id })));
  if (order.status === 'filled') return [t('buy.filled', { n: order.filled_quantity }), ...links];
  if (order.status === 'partially_filled') return [t('buy.partial', { filled: order.filled_quantity, quantity: order.quantity }), ...links];
  if (order.status === 'open') return [t('buy.resting'), h('a', { href: '#/orders' }, t('buy.see_orders'))];
  if (order.reason === 'self_trade_prevented') return [t('buy.self_trade')];
  return [t('buy.unfilled')];
}

// side: 'buy' | 'sell'; onPlaced(order) runs after an accepted order.
export function orderForm(offer, side, onPlaced) {
  const box = statusBox();
  const purposes = (offer.purposes || []).map((p) => ({ value: p, label: p }));
  const total = h('p', { class: 'order-total', 'aria-live': 'polite' });
  const form = h('form', { class: 'form order-form', novalidate: true },
    box,
    side === 'buy' ? field({ label: t('buy.purpose'), name: 'purpose', kind: 'select', required: true, options: purposes,
      hint: t('buy.purpose_hint') }) : null,
    field({ label: t('buy.quantity'), name: 'quantity', kind: 'number', required: true, value: '1',
      attrs: { min: '1', step: '1', inputmode: 'numeric' } }),
    field({ label: t('buy.price'), name: 'price', path: 'price_fen', required: true, value: formatFen(offer.price_fen).replace(/,/g, ''),
      hint: t(side === 'buy' ? 'buy.price_hint' : 'sell.price_hint'), attrs: { inputmode: 'decimal' } }),
    field({ label: t('buy.time_in_force'), name: 'time_in_force', kind: 'select', required: true, options: tifOptions(),
      hint: t('buy.tif_hint') }),
    total,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t(side === 'buy' ? 'buy.submit' : 'sell.submit'))));
  const read = () => {
    const d = new FormData(form);
    return {
      offer_id: offer.id, side, price_fen: parseYuan(d.get('price')), quantity: Number.parseInt(d.get('quantity'), 10),
      time_in_force: d.get('time_in_force'), ...(side === 'buy' ? { purpose: d.get('purpose') } : {}),
    };
  };
  const showTotal = () => {
    const b = read();
    total.textContent = b.price_fen !== null && b.quantity > 0
      ? t(side === 'buy' ? 'buy.total' : 'sell.total', { amount: yuan(b.price_fen * b.quantity) }) : '';
  };
  form.addEventListener('input', showTotal);
  showTotal();
  const submit = keyedSubmitter();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(form, box, async () => {
      const order = await submit(read(), (key) => api('POST', '/orders', read(), { 'Idempotency-Key': key }));
      showStatus(box, order.status === 'cancelled' ? 'error' : 'success', outcome(order));
      if (onPlaced) onPlaced(order);
    });
  });
  return form;
}
