// One complaint as its complainant or the seller concerned sees it: status, deadlines and history;
// the seller answers the exchange's request for information here with text and files.
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, statusBox, busy } from '/js/forms.js';
import { uploadField, uploadedIds } from '/js/upload.js';
import { go, flash } from '/js/router.js';
import { complaintFacts, historyList } from '/js/complaints/history.js';
import { documentList } from '/js/staff/viewer.js';

function answerForm(k) {
  const box = statusBox();
  const files = uploadField({ label: t('complaints.answer_files'), name: 'files', path: 'file_ids', multiple: true,
    hint: t('complaints.answer_files_hint') });
  const form = h('form', { class: 'form', novalidate: true }, box,
    field({ label: t('complaints.answer_text'), name: 'text', kind: 'textarea', required: true, attrs: { rows: 5 } }),
    files,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('complaints.answer_submit'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(form, box, async () => {
      await api('POST', `/complaints/${encodeURIComponent(k.id)}/responses`,
        { text: String(new FormData(form).get('text')).trim(), file_ids: uploadedIds(files) });
      flash(t('complaints.answered'));
      go(`/complaint/${encodeURIComponent(k.id)}`);
    });
  });
  const question = [...(k.history || [])].reverse().find((s) => s.action === 'information_requested');
  return h('section', { class: 'card answer' },
    h('h2', {}, t('complaints.answer_title')),
    question?.note ? h('blockquote', { class: 'question' }, question.note) : null,
    h('p', { class: 'meta' }, t('complaints.answer_lead')),
    form);
}

export async function complaintScreen({ id }) {
  const k = await api('GET', `/complaints/${encodeURIComponent(id)}`);
  return h('section', {},
    h('h1', {}, t('complaints.detail_title', { title: k.product_title || k.product_id })),
    h('section', { class: 'card' }, complaintFacts(k),
      h('h2', {}, t('complaints.statement')), h('p', { class: 'statement' }, k.statement),
      k.viewer === 'complainant' ? [h('h2', {}, t('complaints.evidence')), documentList(k.evidence_file_ids, t('complaints.evidence_file'))]
        : h('p', { class: 'meta' }, t('complaints.evidence_count', { n: k.evidence_files ?? 0 }))),
    k.viewer === 'seller' && k.status === 'information_requested' ? answerForm(k) : null,
    h('section', { class: 'card' }, h('h2', {}, t('complaints.history')), historyList(k.history)));
}
