// The identity queue: submissions with their automatic checks, the documents, and the decision.
import { h, formatTime } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { field } from '/js/forms.js';
import { go } from '/js/router.js';
import { documentList } from '/js/staff/viewer.js';
import { decisionForm } from '/js/staff/decision.js';

function checks(list) {
  return h('table', { class: 'checks' },
    h('caption', {}, t('staff_kyc.checks')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('staff_kyc.check')), h('th', { scope: 'col' }, t('staff_kyc.result')),
      h('th', { scope: 'col' }, t('staff_kyc.detail')))),
    h('tbody', {}, (list || []).map((c) => h('tr', { class: c.passed ? 'pass' : 'fail' },
      h('th', { scope: 'row' }, tv('check', c.name)),
      h('td', {}, h('span', { class: `badge ${c.passed ? 'ok' : 'bad'}` }, c.passed ? t('staff_kyc.passed') : t('staff_kyc.failed')),
        c.blocking ? '' : h('span', { class: 'meta' }, ` (${t('staff_kyc.advisory')})`)),
      h('td', {}, c.detail)))));
}

function item(s, status) {
  const identity = s.kind === 'person'
    ? [t('staff_kyc.id_number', { value: s.id_number_masked }), s.phone_masked ? t('staff_kyc.phone', { value: s.phone_masked }) : null]
    : [t('staff_kyc.uscc', { value: s.uscc }),
      t('staff_kyc.representative', { name: s.legal_representative?.name, value: s.legal_representative?.id_number_masked })];
  return h('li', { class: 'card queue-item' },
    h('h2', {}, s.legal_name, ' ', h('span', { class: 'badge' }, tv('kind', s.kind))),
    h('p', { class: 'meta' }, t('staff_kyc.account', { id: s.account_id }), ' · ', t('kyc.submitted_at', { time: formatTime(s.submitted_at) })),
    identity.filter(Boolean).map((line) => h('p', {}, line)),
    s.reason ? h('p', {}, t('kyc.reason', { reason: s.reason })) : null,
    checks(s.checks),
    h('h3', {}, t('staff_kyc.documents')),
    documentList(s.document_file_ids, t('staff_kyc.document')),
    status === 'submitted'
      ? decisionForm((decision, reason) => api('POST', `/staff/kyc/${encodeURIComponent(s.account_id)}/decision`, { decision, reason }),
        () => go(`/staff/kyc${query({ status, t: Date.now() })}`))
      : null);
}

function filter(status) {
  const select = field({ label: t('staff_kyc.status'), name: 'status', kind: 'select', value: status,
    options: ['submitted', 'verified', 'rejected'].map((v) => ({ value: v, label: tv('kyc.status', v) })) });
  select.querySelector('select').addEventListener('change', (e) => go(`/staff/kyc${query({ status: e.target.value })}`));
  return h('div', { class: 'form inline' }, select);
}

export async function kycQueueScreen({ params }) {
  const status = params.get('status') || 'submitted';
  const page = await api('GET', `/staff/kyc${query({ status, limit: 100 })}`);
  return h('section', {},
    h('h1', {}, t('staff_kyc.title')),
    filter(status),
    h('p', {}, t('staff_kyc.count', { n: page.items.length })),
    page.items.length ? h('ul', { class: 'queue' }, page.items.map((s) => item(s, status))) : h('p', {}, t('staff_kyc.empty')));
}
