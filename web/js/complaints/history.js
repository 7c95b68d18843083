// A complaint's facts and history, shared by the complainant's, the seller's and the officers'
// views: what was done, when, with which note, and the files given with it.
import { h, formatTime } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { facts } from '/js/table.js';
import { documentList } from '/js/staff/viewer.js';

export const types = ['unauthorized', 'privacy', 'national_security', 'illegal_source', 'quality', 'contract', 'other'];

export function statusBadge(k, id = null) {
  return [h('span', { class: `badge status-${k.status}`, id }, tv('complaint_status', k.status)),
    k.overdue ? [' ', h('span', { class: 'badge bad overdue' }, t('complaints.overdue'))] : null];
}

export function complaintFacts(k) {
  const cites = k.cites?.rule ? t('complaints.cites_value', { rule: k.cites.rule, basis: k.cites.basis || '' }) : null;
  return facts([
    [t('complaints.product'), h('a', { href: `#/product/${encodeURIComponent(k.product_id)}` }, k.product_title || k.product_id)],
    [t('complaints.trade'), k.trade_id ? h('a', { href: `#/trade/${encodeURIComponent(k.trade_id)}` }, k.trade_id) : null],
    [t('complaints.type'), tv('complaint_type', k.type)],
    [t('complaints.cites'), cites],
    [t('complaints.status'), statusBadge(k, 'complaint-status')],
    [t('complaints.remedy'), k.remedy ? tv('remedy', k.remedy) : null],
    [t('complaints.held'), k.suspended_product ? t('complaints.held_product', { at: formatTime(k.held_at) })
      : k.froze_trade ? t('complaints.held_trade', { at: formatTime(k.held_at) }) : null],
    [t('complaints.filed'), formatTime(k.created_at)],
    [t('complaints.acknowledge_due'), k.acknowledged_at ? t('complaints.done_at', { at: formatTime(k.acknowledged_at) })
      : formatTime(k.acknowledge_due_at)],
    [t('complaints.decision_due'), k.decided_at ? t('complaints.done_at', { at: formatTime(k.decided_at) }) : formatTime(k.decision_due_at)],
    [t('complaints.complainant'), k.complainant_id ? h('code', {}, k.complainant_id) : null],
    [t('complaints.seller'), k.seller_id ? h('code', {}, k.seller_id) : null],
  ]);
}

export function historyList(history = []) {
  if (!history.length) return h('p', {}, t('complaints.no_history'));
  return h('ol', { class: 'history' }, history.map((s) => h('li', { class: 'history-step' },
    h('p', {}, h('strong', {}, tv('complaint_step', s.action)), ' ',
      h('time', { class: 'meta', datetime: s.at }, formatTime(s.at)),
      s.actor_id ? h('span', { class: 'meta' }, ` · ${s.actor_id}`) : null),
    s.note ? h('p', { class: 'note' }, s.note) : null,
    s.file_ids?.length ? documentList(s.file_ids, t('complaints.response_file')) : null)));
}
