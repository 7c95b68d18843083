// An approve/reject decision with its reason, for identity and listing reviews.
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { field, statusBox, busy, showStatus } from '/js/forms.js';

// send(decision, reason) performs the request; done() runs after a success.
export function decisionForm(send, done) {
  const box = statusBox();
  const form = h('form', { class: 'form decision', novalidate: true },
    box,
    field({ label: t('decision.reason'), name: 'reason', kind: 'textarea', required: true, hint: t('decision.reason_hint') }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', value: 'approve' }, t('decision.approve')),
      h('button', { type: 'submit', class: 'btn btn-danger', value: 'reject' }, t('decision.reject'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const decision = e.submitter?.value || 'approve';
    const reason = String(new FormData(form).get('reason')).trim();
    busy(form, box, async () => {
      await send(decision, reason);
      showStatus(box, 'success', t(decision === 'approve' ? 'decision.approved' : 'decision.rejected'));
      setTimeout(done, 600);
    });
  });
  return form;
}
