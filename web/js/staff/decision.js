// A decision with its reason: approve/reject for identity and listing reviews, and other pairs
// (a seller's release/withhold of a compute result) through `choices`.
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { field, statusBox, busy, showStatus, showProblem } from '/js/forms.js';

const reviewChoices = () => [
  { value: 'approve', label: t('decision.approve'), done: t('decision.approved'), kind: 'primary' },
  { value: 'reject', label: t('decision.reject'), done: t('decision.rejected'), kind: 'danger' },
];

// send(decision, reason) performs the request; done() runs after a success. choices: the buttons,
// the first the default, each {value, label, done (the text after it), kind, needsReason (the
// reason may not be empty; the approve/reject pair leaves that to the server)}; reasonLabel and
// reasonHint name the reason field.
export function decisionForm(send, done, { choices = reviewChoices(), reasonLabel = t('decision.reason'),
  reasonHint = t('decision.reason_hint') } = {}) {
  const box = statusBox();
  const form = h('form', { class: 'form decision', novalidate: true },
    box,
    field({ label: reasonLabel, name: 'reason', kind: 'textarea', required: true, hint: reasonHint }),
    h('div', { class: 'actions' }, choices.map((c) => h('button', { type: 'submit', class: `btn btn-${c.kind}`, value: c.value }, c.label))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const choice = choices.find((c) => c.value === e.submitter?.value) || choices[0];
    const reason = String(new FormData(form).get('reason')).trim();
    if (choice.needsReason && !reason) {
      const message = t('decision.reason_required');
      showProblem(form, box, { problem: { detail: message, errors: [{ field: 'reason', message }] } });
      return;
    }
    busy(form, box, async () => {
      await send(choice.value, reason);
      showStatus(box, 'success', choice.done);
      setTimeout(done, 600);
    });
  });
  return form;
}
