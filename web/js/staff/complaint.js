// One complaint for a complaints officer: facts, the complainant's evidence in the viewer, the
// history with the seller's answers, and every action of O13 (CQO-41) with a note.
import { h } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, radios, statusBox, busy } from '/js/forms.js';
import { go, flash } from '/js/router.js';
import { documentList } from '/js/staff/viewer.js';
import { complaintFacts, historyList } from '/js/complaints/history.js';

const actions = ['acknowledge', 'suspend_product', 'request_information', 'uphold', 'dismiss'];
const open = (k) => ['received', 'acknowledged', 'information_requested'].includes(k.status);

function actionForm(k) {
  const box = statusBox();
  const remedy = radios({ legend: t('staff_complaint.remedy'), name: 'remedy', value: 'withdraw', required: true,
    options: ['withdraw', 'fix_then_reopen'].map((v) => ({ value: v, label: tv('remedy', v) })) });
  remedy.hidden = true;
  const choice = radios({ legend: t('staff_complaint.action'), name: 'action', value: k.status === 'received' ? 'acknowledge' : 'request_information',
    required: true, options: actions.map((v) => ({ value: v, label: tv(k.trade_id ? 'action_trade' : 'action', v) })) });
  const form = h('form', { class: 'form complaint-action', novalidate: true }, box, choice,
    k.trade_id ? null : remedy,
    field({ label: t('staff_complaint.note'), name: 'note', kind: 'textarea', hint: t('staff_complaint.note_hint'), attrs: { rows: 4 } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('staff_complaint.submit'))));
  const sync = () => { remedy.hidden = new FormData(form).get('action') !== 'uphold'; };
  choice.addEventListener('change', sync);
  sync();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const body = { action: d.get('action'), note: String(d.get('note') || '').trim() };
    if (body.action === 'uphold' && !k.trade_id) body.remedy = d.get('remedy');
    busy(form, box, async () => {
      const after = await api('POST', `/staff/complaints/${encodeURIComponent(k.id)}/actions`, body);
      flash(t('staff_complaint.done', { action: tv('action', body.action), status: tv('complaint_status', after.status) }));
      go(`/staff/complaint/${encodeURIComponent(k.id)}`);
    });
  });
  return h('section', { class: 'card' }, h('h2', {}, t('staff_complaint.actions_title')),
    h('p', { class: 'meta' }, t('staff_complaint.actions_lead')), form);
}

function accountLinks(k) {
  return h('p', { class: 'meta' },
    h('a', { href: `#/staff/users?account=${encodeURIComponent(k.seller_id)}` }, t('staff_complaint.suspend_seller')));
}

export async function staffComplaintScreen({ id }) {
  const k = await api('GET', `/complaints/${encodeURIComponent(id)}`);
  return h('section', {},
    h('h1', {}, t('complaints.detail_title', { title: k.product_title || k.product_id })),
    h('p', {}, h('a', { href: '#/staff/complaints' }, t('staff_complaint.back'))),
    h('section', { class: 'card' }, complaintFacts(k), accountLinks(k),
      h('h2', {}, t('complaints.statement')), h('p', { class: 'statement' }, k.statement),
      h('h2', {}, t('complaints.evidence')), documentList(k.evidence_file_ids, t('complaints.evidence_file'))),
    open(k) ? actionForm(k) : h('p', { class: 'notice' }, t('staff_complaint.closed')),
    h('section', { class: 'card' }, h('h2', {}, t('complaints.history')), historyList(k.history)));
}
