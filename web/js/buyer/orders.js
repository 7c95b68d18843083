// My orders (GET /orders): open ones (resting in the book, partially filled included) with a
// cancel button, filled and cancelled ones with their reason.
import { h, formatTime, yuan } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { button, statusBox, showStatus, problemText } from '/js/forms.js';
import { go, flash } from '/js/router.js';
import { dataTable } from '/js/table.js';
import { pager } from '/js/pager.js';
import { titlesFor, productLink } from '/js/titles.js';
import { tabs } from '/js/tabs.js';

const filters = ['open', 'filled', 'cancelled', 'all'];

function cancelButton(order, box) {
  return button(t('orders.cancel'), async () => {
    try {
      await api('DELETE', `/orders/${encodeURIComponent(order.id)}`);
      flash(t('orders.cancelled'));
      go(`/orders${query({ status: 'open' })}`);
    } catch (e) {
      showStatus(box, 'error', problemText(e));
    }
  }, { kind: 'danger', attrs: { 'aria-label': t('orders.cancel_named', { id: order.id }) } });
}

function statusCell(o) {
  return [h('span', { class: `badge status-${o.status}` }, tv('order_status', o.status)),
    o.reason ? h('span', { class: 'meta' }, ` ${tv('order_reason', o.reason)}`) : null];
}

function table(items, titles, box) {
  return dataTable({
    caption: t('orders.caption'),
    className: 'orders',
    columns: [
      { label: t('orders.created'), cell: (o) => formatTime(o.created_at) },
      { label: t('orders.product'), head: true, cell: (o) => productLink(o.product_id, titles.get(o.product_id)) },
      { label: t('orders.side'), cell: (o) => [tv('side', o.side), o.standing ? h('span', { class: 'meta' }, ` (${t('orders.standing')})`) : null] },
      { label: t('orders.price'), num: true, cell: (o) => yuan(o.price_fen) },
      { label: t('orders.quantity'), num: true, cell: (o) => (o.quantity === null ? t('offer.unlimited') : String(o.quantity)) },
      { label: t('orders.filled'), num: true, cell: (o) => String(o.filled_quantity) },
      { label: t('orders.purpose'), cell: (o) => o.purpose || '—' },
      { label: t('orders.tif'), cell: (o) => o.time_in_force },
      { label: t('orders.status'), cell: statusCell },
      { label: t('orders.actions'), cell: (o) => (o.status === 'open' || o.status === 'partially_filled' ? cancelButton(o, box) : '') },
    ],
    rows: items,
  });
}

export async function ordersScreen({ params }) {
  const status = filters.includes(params.get('status')) ? params.get('status') : 'open';
  const page = await api('GET', `/orders${query({ status: status === 'all' ? '' : status, cursor: params.get('cursor'), limit: 50 })}`);
  const items = page.items || [];
  const titles = await titlesFor(items);
  const box = statusBox();
  return h('section', {},
    h('h1', {}, t('orders.title')),
    h('p', {}, t('orders.lead')),
    tabs('/orders', 'status', filters.map((f) => [f, t(`orders.filter.${f}`)]), status, t('orders.filter_label')),
    box,
    items.length ? table(items, titles, box) : h('p', {}, t('orders.empty')),
    pager('/orders', params, page.next_cursor));
}
