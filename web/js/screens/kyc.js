// Identity verification (O2): persons by resident identity number, organizations by unified social
// credit code, each with scans of the documents.
import { h, formatTime } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, statusBox, busy, showStatus } from '/js/forms.js';
import { uploadField, uploadedIds } from '/js/upload.js';
import { session, reloadMe } from '/js/session.js';
import { renderHeader } from '/js/nav.js';
import { go } from '/js/router.js';

function personFields() {
  return [
    field({ label: t('kyc.legal_name'), name: 'legal_name', required: true, hint: t('kyc.legal_name_hint') }),
    field({ label: t('kyc.id_number'), name: 'id_number', required: true, hint: t('kyc.id_number_hint'),
      attrs: { autocomplete: 'off', maxlength: '18' } }),
    field({ label: t('kyc.phone'), name: 'phone', kind: 'tel', required: true, attrs: { autocomplete: 'tel' } }),
  ];
}

function organizationFields() {
  return [
    field({ label: t('kyc.org_name'), name: 'legal_name', required: true }),
    field({ label: t('kyc.uscc'), name: 'uscc', required: true, hint: t('kyc.uscc_hint'), attrs: { maxlength: '18' } }),
    h('fieldset', { class: 'group' }, h('legend', {}, t('kyc.representative')),
      field({ label: t('kyc.rep_name'), name: 'rep_name', path: 'legal_representative.name', required: true }),
      field({ label: t('kyc.rep_id_number'), name: 'rep_id', path: 'legal_representative.id_number', required: true,
        attrs: { autocomplete: 'off', maxlength: '18' } })),
  ];
}

function body(kind, form, documents) {
  const d = new FormData(form);
  const common = { legal_name: d.get('legal_name'), document_file_ids: uploadedIds(documents) };
  if (kind === 'person') return { ...common, id_number: d.get('id_number'), phone: d.get('phone') };
  return { ...common, uscc: d.get('uscc'), legal_representative: { name: d.get('rep_name'), id_number: d.get('rep_id') } };
}

function statusCard(kyc) {
  const masked = kyc.id_number_masked || kyc.uscc;
  return h('section', { class: 'card' },
    h('p', {}, t('kyc.current'), ' ', h('span', { class: `badge status-${kyc.status}`, id: 'kyc-status' }, tv('kyc.status', kyc.status))),
    kyc.legal_name ? h('p', {}, `${kyc.legal_name}${masked ? ` · ${masked}` : ''}`) : null,
    kyc.submitted_at ? h('p', {}, t('kyc.submitted_at', { time: formatTime(kyc.submitted_at) })) : null,
    kyc.reason ? h('p', {}, t('kyc.reason', { reason: kyc.reason })) : null,
    h('p', {}, t(`kyc.explain.${kyc.status}`)));
}

export async function kycScreen() {
  const kyc = await api('GET', '/kyc');
  const kind = session.me.kind;
  const canSubmit = kyc.status === 'unverified' || kyc.status === 'rejected' || kyc.status === 'submitted';
  const parts = [h('h1', {}, t('kyc.title')), h('p', {}, t('kyc.lead')), statusCard(kyc)];
  if (!canSubmit) return h('section', {}, parts);
  const box = statusBox();
  const documents = uploadField({ label: t('kyc.documents'), name: 'documents', path: 'document_file_ids', multiple: true,
    required: true, hint: t(kind === 'person' ? 'kyc.documents_hint_person' : 'kyc.documents_hint_org'),
    accept: 'image/*,application/pdf' });
  const form = h('form', { class: 'form', novalidate: true },
    h('h2', {}, t(kyc.status === 'submitted' ? 'kyc.resubmit_title' : 'kyc.form_title')),
    box,
    kind === 'person' ? personFields() : organizationFields(),
    documents,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('kyc.submit'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(form, box, async () => {
      await api('POST', '/kyc', body(kind, form, documents));
      await reloadMe();
      renderHeader();
      showStatus(box, 'success', t('kyc.sent'));
      go('/kyc');
    });
  });
  return h('section', {}, parts, form);
}
