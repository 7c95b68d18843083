// My complaints: those I made and those about my products (GET /complaints), newest first; a
// request for information waiting for my answer stands out.
import { h, formatTime } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { dataTable } from '/js/table.js';
import { pager } from '/js/pager.js';
import { statusBadge } from '/js/complaints/history.js';

const waitsForMe = (k) => k.viewer === 'seller' && k.status === 'information_requested';

export async function complaintsScreen({ params }) {
  const page = await api('GET', `/complaints${query({ limit: 50, cursor: params.get('cursor') })}`);
  const items = page.items || [];
  const table = dataTable({
    caption: t('complaints.caption'),
    className: 'complaints',
    columns: [
      { label: t('complaints.filed'), cell: (k) => formatTime(k.created_at) },
      { label: t('complaints.product'), head: true, cell: (k) => k.product_title || k.product_id },
      { label: t('complaints.type'), cell: (k) => tv('complaint_type', k.type) },
      { label: t('complaints.side'), cell: (k) => tv('complaint_viewer', k.viewer) },
      { label: t('complaints.status'), cell: (k) => [statusBadge(k), waitsForMe(k) ? h('span', { class: 'badge bad' }, t('complaints.answer_needed')) : null] },
      { label: t('complaints.open'), cell: (k) => h('a', { href: `#/complaint/${encodeURIComponent(k.id)}`, 'aria-label': t('complaints.open_named', { id: k.id }) }, t('complaints.open')) },
    ],
    rows: items,
    rowClass: (k) => (waitsForMe(k) ? 'needs-action' : ''),
  });
  return h('section', {},
    h('h1', {}, t('complaints.title')),
    h('p', {}, t('complaints.lead')),
    h('p', {}, h('a', { class: 'btn btn-primary', href: '#/complaints/new' }, t('complaints.new'))),
    items.length ? table : h('p', {}, t('complaints.empty')),
    pager('/complaints', params, page.next_cursor));
}
