// The seller's approval desk: jobs on this seller's compute products whose approval is "seller"
// and whose results wait for release (GET /seller/jobs?status=awaiting_approval). Each shows the
// buyer's query and the result it would release (the seller may read it while it waits), and is
// released or withheld with a reason (POST /jobs/{id}/decision); a withheld job ends refused with
// the reason as its message, which the buyer reads.
import { h, formatTime } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { go } from '/js/router.js';
import { pager } from '/js/pager.js';
import { titlesFor, productLink } from '/js/titles.js';
import { decisionForm } from '/js/staff/decision.js';
import { resultPart } from '/js/buyer/job_result.js';
import { statusBadge } from '/js/buyer/jobs.js';

const choices = () => [
  { value: 'release', label: t('approvals.release'), done: t('approvals.released'), kind: 'primary' },
  { value: 'withhold', label: t('approvals.withhold'), done: t('approvals.withheld'), kind: 'danger', needsReason: true },
];

function item(job, titles) {
  const send = (decision, reason) => api('POST', `/jobs/${encodeURIComponent(job.id)}/decision`, { decision, reason });
  return h('li', { class: 'card queue-item job-approval', dataset: { jobId: job.id } },
    h('h2', {}, productLink(job.product_id, titles.get(job.product_id)), ' ', statusBadge(job)),
    h('p', { class: 'meta' }, t('approvals.job_meta', { id: job.id, trade: job.trade_id, time: formatTime(job.created_at) })),
    h('h3', {}, t('jobs.query')),
    h('pre', { class: 'job-query' }, job.query),
    h('h3', {}, t('approvals.preview')),
    resultPart(job),
    decisionForm(send, () => go(`/approvals${query({ t: Date.now() })}`), {
      choices: choices(), reasonLabel: t('approvals.reason'), reasonHint: t('approvals.reason_hint'),
    }));
}

export async function approvalsScreen({ params }) {
  const page = await api('GET', `/seller/jobs${query({ status: 'awaiting_approval', cursor: params.get('cursor'), limit: 50 })}`);
  const items = page.items || [];
  const titles = await titlesFor(items);
  return h('section', {},
    h('h1', {}, t('approvals.title')),
    h('p', {}, t('approvals.lead')),
    items.length ? h('ul', { class: 'queue' }, items.map((job) => item(job, titles))) : h('p', {}, t('approvals.empty')),
    pager('/approvals', params, page.next_cursor));
}
