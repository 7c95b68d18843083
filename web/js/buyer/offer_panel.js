// One offer on a product page: its book, and the order form for whoever may use it — a buy form
// for other accounts, a sell form for the product's seller, a sign-in link for visitors.
import { h, clear, yuan } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { session, signedIn, isTrader } from '/js/session.js';
import { orderBook } from '/js/buyer/book.js';
import { orderForm } from '/js/buyer/order_form.js';

function balanceLine() {
  const line = h('p', { class: 'meta balance-line', 'aria-live': 'polite' });
  line.refresh = async () => {
    try {
      const b = await api('GET', '/balance');
      clear(line).append(t('buy.available', { amount: yuan(b.available_fen) }), ' ',
        h('a', { href: '#/money' }, t('buy.manage_money')));
    } catch {
      clear(line);
    }
  };
  line.refresh();
  return line;
}

function tradingPart(product, offer, book, path) {
  if (!signedIn()) {
    return h('p', {}, h('a', { class: 'btn btn-primary', href: `#/signin?next=${encodeURIComponent(path)}` }, t('buy.signin_to_buy')));
  }
  if (!isTrader()) return h('p', { class: 'meta' }, t('buy.staff_no_trading'));
  const own = (product.seller_id || product.seller?.id) === session.me.id;
  const balance = own ? null : balanceLine();
  const notice = !own && session.me.kyc_status !== 'verified'
    ? h('div', { class: 'notice' }, h('p', {}, t('buy.need_kyc')), h('a', { href: '#/kyc' }, t('refusal.go_kyc'))) : null;
  const form = orderForm(offer, own ? 'sell' : 'buy', () => {
    book.refresh();
    balance?.refresh();
  });
  return h('div', { class: 'trading' }, h('h3', {}, t(own ? 'sell.title_offer' : 'buy.title')), notice, balance, form);
}

export function offerPanel(product, offer, path) {
  const book = orderBook(offer.id);
  return h('section', { class: 'card offer-panel', 'aria-labelledby': `offer-${offer.id}` },
    h('h2', { id: `offer-${offer.id}` }, t('buy.offer_heading', { name: offer.name, price: yuan(offer.price_fen) })),
    h('p', { class: 'meta' }, t('buy.offer_terms', {
      purposes: (offer.purposes || []).join(', '), days: offer.term_days ?? '',
    })),
    h('div', { class: 'offer-grid' }, book, tradingPart(product, offer, book, path)));
}
