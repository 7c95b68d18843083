// The complaints queue for complaints officers (GET /staff/complaints): open complaints, nearest
// deadline first (the acknowledgement's until acknowledged, then the decision's), overdue marked.
import { h, formatTime } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { field } from '/js/forms.js';
import { go } from '/js/router.js';
import { dataTable } from '/js/table.js';
import { pager } from '/js/pager.js';
import { statusBadge } from '/js/complaints/history.js';

const statuses = ['', 'received', 'acknowledged', 'information_requested', 'upheld', 'dismissed'];

function filter(status) {
  const select = field({ label: t('staff_complaints.status'), name: 'status', kind: 'select', value: status,
    options: statuses.map((v) => ({ value: v, label: v ? tv('complaint_status', v) : t('staff_complaints.all_open') })) });
  select.querySelector('select').addEventListener('change', (e) => go(`/staff/complaints${query({ status: e.target.value })}`));
  return h('div', { class: 'form inline' }, select);
}

function due(k) {
  const open = ['received', 'acknowledged', 'information_requested'].includes(k.status);
  if (!open) return '—';
  const which = k.acknowledged_at ? 'staff_complaints.due_decision' : 'staff_complaints.due_acknowledge';
  return [h('time', { datetime: k.due_at }, formatTime(k.due_at)), h('span', { class: 'meta' }, ` ${t(which)}`)];
}

export async function staffComplaintsScreen({ params }) {
  const status = params.get('status') || '';
  const page = await api('GET', `/staff/complaints${query({ status, limit: 100, cursor: params.get('cursor') })}`);
  const items = page.items || [];
  return h('section', {},
    h('h1', {}, t('staff_complaints.title')),
    h('p', {}, t('staff_complaints.lead')),
    filter(status),
    h('p', {}, t('staff_complaints.count', { n: items.length })),
    items.length ? dataTable({
      caption: t('staff_complaints.caption'),
      className: 'complaint-queue',
      columns: [
        { label: t('staff_complaints.due'), cell: due },
        { label: t('complaints.product'), head: true, cell: (k) => h('a', { href: `#/staff/complaint/${encodeURIComponent(k.id)}` }, k.product_title || k.product_id) },
        { label: t('complaints.type'), cell: (k) => tv('complaint_type', k.type) },
        { label: t('complaints.status'), cell: (k) => [statusBadge(k), k.suspended_product || k.froze_trade ? [' ', h('span', { class: 'badge' }, t('staff_complaints.held'))] : null] },
        { label: t('complaints.evidence'), num: true, cell: (k) => String((k.evidence_file_ids || []).length) },
        { label: t('complaints.filed'), cell: (k) => formatTime(k.created_at) },
      ],
      rows: items,
      rowClass: (k) => (k.overdue ? 'overdue' : ''),
    }) : h('p', {}, t('staff_complaints.empty')),
    pager('/staff/complaints', params, page.next_cursor));
}
