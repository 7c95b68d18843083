// Filing a complaint (POST /complaints, O7): about a product or about one of my trades, with its
// type, a statement and evidence files. A complaint of type unauthorized, privacy or
// national_security with evidence suspends the product at once (O13).
import { h } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, radios, statusBox, busy } from '/js/forms.js';
import { uploadField, uploadedIds } from '/js/upload.js';
import { go, flash } from '/js/router.js';
import { types } from '/js/complaints/history.js';

function target(params) {
  const trade = params.get('trade_id');
  const kind = trade ? 'trade' : 'product';
  const choice = radios({ legend: t('complaints.about'), name: 'target', value: kind, required: true,
    options: [{ value: 'product', label: t('complaints.about_product') }, { value: 'trade', label: t('complaints.about_trade') }] });
  const id = field({ label: t('complaints.target_id'), name: 'target_id', path: kind === 'trade' ? 'trade_id' : 'product_id',
    required: true, value: trade || params.get('product_id') || '', hint: t('complaints.target_id_hint') });
  choice.addEventListener('change', (e) => {
    id.querySelector('input').dataset.field = e.target.value === 'trade' ? 'trade_id' : 'product_id';
  });
  return [choice, id];
}

function body(form, evidence) {
  const d = new FormData(form);
  const key = d.get('target') === 'trade' ? 'trade_id' : 'product_id';
  return {
    [key]: String(d.get('target_id')).trim(), type: d.get('type'), statement: String(d.get('statement')).trim(),
    evidence_file_ids: uploadedIds(evidence),
  };
}

export function newComplaintScreen({ params }) {
  const box = statusBox();
  const evidence = uploadField({ label: t('complaints.evidence'), name: 'evidence', path: 'evidence_file_ids', multiple: true,
    hint: t('complaints.evidence_hint') });
  const form = h('form', { class: 'form', novalidate: true }, box,
    target(params),
    field({ label: t('complaints.type'), name: 'type', kind: 'select', required: true, hint: t('complaints.type_hint'),
      options: types.map((v) => ({ value: v, label: tv('complaint_type', v) })) }),
    field({ label: t('complaints.statement'), name: 'statement', kind: 'textarea', required: true, hint: t('complaints.statement_hint'),
      attrs: { rows: 6 } }),
    evidence,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('complaints.submit'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(form, box, async () => {
      const k = await api('POST', '/complaints', body(form, evidence));
      flash(k.suspended_product ? t('complaints.filed_suspended') : t('complaints.filed_ok'));
      go(`/complaint/${encodeURIComponent(k.id)}`);
    });
  });
  return h('section', {},
    h('h1', {}, t('complaints.new_title')),
    h('p', {}, t('complaints.new_lead')),
    form);
}
