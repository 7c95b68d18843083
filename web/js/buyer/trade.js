// One trade as its buyer, seller or staff sees it: the facts, what it waits for, and the actions
// this account may take now (a gateway licence's use, a compute licence's query page and jobs,
// too); the contract, the certificate and a complaint are one link away.
import { h, formatTime, yuan } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api } from '/js/api.js';
import { go, flash } from '/js/router.js';
import { isTrader } from '/js/session.js';
import { facts } from '/js/table.js';
import { productTitle, productLink } from '/js/titles.js';
import { roleOf, nextStep } from '/js/buyer/trades.js';
import { downloadPart, accessPart } from '/js/buyer/delivery.js';
import { acceptForm, disputeForm, deliverForm } from '/js/buyer/trade_actions.js';
import { gatewayAccessPart } from '/js/buyer/gateway_access.js';
import { usageCard } from '/js/buyer/usage.js';
import { queryPart } from '/js/buyer/query_page.js';
import { jobHistory } from '/js/buyer/jobs.js';

const received = ['delivered', 'settled', 'disputed'];

function tradeFacts(tr, title) {
  return facts([
    [t('trades.product'), productLink(tr.product_id, title)],
    [t('trade.id'), h('code', {}, tr.id)],
    [t('trades.role'), isTrader() ? tv('trades.role', roleOf(tr)) : null],
    [t('trade.buyer'), h('code', {}, tr.buyer_id)],
    [t('trade.seller'), h('code', {}, tr.seller_id)],
    [t('trade.price'), yuan(tr.price_fen)],
    [t('trades.quantity'), String(tr.quantity)],
    [t('trades.amount'), yuan(tr.amount_fen)],
    [t('trade.fee'), yuan(tr.fee_fen)],
    [t('trade.escrow'), tr.escrow_fen === undefined ? null : yuan(tr.escrow_fen)],
    [t('trade.purpose'), tr.purpose],
    [t('product.delivery_mode'), tr.delivery_mode ? tv('delivery', tr.delivery_mode) : null],
    [t('trades.status'), h('span', { class: `badge status-${tr.status}`, id: 'trade-status' }, tv('trade_status', tr.status))],
    [t('trade.created'), formatTime(tr.created_at)],
    [t('trade.delivery_due'), formatTime(tr.delivery_due_at)],
    [t('trade.acceptance_due'), formatTime(tr.acceptance_due_at)],
    [t('trade.delivered_at'), formatTime(tr.delivered_at)],
    [t('trade.settled_at'), formatTime(tr.settled_at)],
  ]);
}

// How the buyer receives the data: a file to download, what an api seller delivered, the
// exchange's gateway address, or the query page of a compute licence.
function receivePart(tr) {
  if (tr.delivery_mode === 'file') return downloadPart(tr);
  if (tr.delivery_mode === 'gateway') return gatewayAccessPart(tr);
  if (tr.delivery_mode === 'compute') return queryPart(tr);
  return accessPart(tr);
}

const isBuyer = (tr) => isTrader() && roleOf(tr) === 'bought';

function receiveCard(tr) {
  if (!isBuyer(tr) || !received.includes(tr.status)) return null;
  return h('section', { class: 'card' }, h('h2', {}, t('delivery.title')), receivePart(tr));
}

// The jobs of a compute licence as its seller and staff see them (the buyer's are on its query page).
function jobsCard(tr) {
  if (tr.delivery_mode !== 'compute' || isBuyer(tr)) return null;
  const history = jobHistory(tr);
  history.load();
  return h('section', { class: 'card' }, h('h2', {}, t('jobs.title')), history.element);
}

const metered = (tr) => tr.delivery_mode === 'gateway' || tr.delivery_mode === 'compute';

function buyerActions(tr, done) {
  if (!isBuyer(tr) || tr.status !== 'delivered') return [];
  return [acceptForm(tr, done(t('trade.accepted'))), disputeForm(tr, done(t('trade.disputed')))];
}

function sellerParts(tr, done) {
  if (!isTrader() || roleOf(tr) !== 'sold') return [];
  // Only an api product's seller delivers; the exchange delivers the other modes itself.
  if (tr.status === 'awaiting_delivery' && tr.delivery_mode === 'api') return [deliverForm(tr, done(t('deliver.done')))];
  return [];
}

function links(tr) {
  return h('ul', { class: 'link-list' },
    h('li', {}, h('a', { href: `#/contract/${encodeURIComponent(tr.contract_id)}` }, t('trade.contract'))),
    h('li', {}, h('a', { href: `#/trade/${encodeURIComponent(tr.id)}/certificate` }, t('trade.certificate'))),
    isTrader() ? h('li', {}, h('a', { href: `#/complaints/new?trade_id=${encodeURIComponent(tr.id)}` }, t('trade.complain'))) : null);
}

export async function tradeScreen({ id }) {
  const tr = await api('GET', `/trades/${encodeURIComponent(id)}`);
  const title = await productTitle(tr.product_id);
  const done = (message) => () => {
    flash(message);
    go(`/trade/${encodeURIComponent(id)}`);
  };
  return h('section', {},
    h('h1', {}, t('trade.title', { title })),
    h('p', { class: 'lead', id: 'trade-next' }, nextStep(tr)),
    h('section', { class: 'card' }, tradeFacts(tr, title), links(tr)),
    receiveCard(tr),
    jobsCard(tr),
    metered(tr) ? usageCard(tr) : null,
    buyerActions(tr, done),
    sellerParts(tr, done));
}
