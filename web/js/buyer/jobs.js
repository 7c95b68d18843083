// A compute licence's job history (GET /trades/{id}/jobs, newest first): each job's query, status
// in words, rows scanned, privacy budget spent and outcome — a refusal with its rule, a withheld
// result with the seller's reason, or the released result as a table. Jobs that are not final yet
// are polled until they are; a job being followed (the one just submitted) opens its result itself.
import { h, clear, formatTime, announce } from '/js/dom.js';
import { t, tv, has } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { button, problemText } from '/js/forms.js';
import { refusalLines } from '/js/refusals.js';
import { dataTable } from '/js/table.js';
import { resultPart } from '/js/buyer/job_result.js';

const finalStatuses = ['succeeded', 'refused', 'failed'];
export const isFinal = (job) => finalStatuses.includes(job.status);
// Queued and running jobs end within the job time limit; a seller's review may take longer.
const pollMs = (jobs) => (jobs.some((j) => j.status === 'queued' || j.status === 'running') ? 1000 : 4000);

export const statusBadge = (job) => h('span', { class: `badge job-status status-${job.status}` }, tv('job_status', job.status));

// A refusal's lines: its code's title, the exchange's message, and the rule with its legal basis.
export function refusalPart(refusal) {
  const title = has(`error.${refusal.code}`) ? t(`error.${refusal.code}`) : refusal.code;
  return h('div', { class: 'job-refusal' },
    h('p', {}, h('strong', {}, title)),
    refusal.message ? h('p', {}, refusal.message) : null,
    refusalLines(refusal).map((line) => h('p', { class: 'meta' }, line)));
}

const number = (n) => (n === null || n === undefined ? '—' : String(n));

function outcome(job, open) {
  if (job.refusal) return refusalPart(job.refusal);
  if (job.status === 'succeeded') {
    return [h('p', {}, t('jobs.result_rows', { n: number(job.result_rows) })),
      button(t('jobs.show_result'), () => open(job), { kind: 'link', attrs: { 'aria-label': t('jobs.show_result_named', { id: job.id }) } })];
  }
  return has(`jobs.explain.${job.status}`) ? h('p', { class: 'meta' }, t(`jobs.explain.${job.status}`)) : null;
}

function historyTable(jobs, open) {
  return dataTable({
    caption: t('jobs.history'),
    hideCaption: true,
    className: 'job-history',
    columns: [
      { label: t('jobs.created'), cell: (j) => formatTime(j.created_at) },
      { label: t('jobs.query'), head: true, cell: (j) => h('code', { class: 'job-query' }, j.query) },
      { label: t('jobs.status'), cell: statusBadge },
      { label: t('jobs.rows_scanned'), num: true, cell: (j) => number(j.rows_scanned) },
      { label: t('jobs.epsilon_spent'), num: true, cell: (j) => number(j.epsilon_spent) },
      { label: t('jobs.outcome'), cell: (j) => outcome(j, open) },
    ],
    rows: jobs,
    rowClass: (j) => `job job-${j.status}`,
  });
}

// The history of one trade's jobs. Answers {element, load(), follow(id)}.
export function jobHistory(trade) {
  const list = h('div', { class: 'job-list', 'aria-live': 'polite' }, h('p', {}, t('jobs.loading')));
  const detail = h('div', { class: 'job-detail' });
  const element = h('section', { class: 'job-history-area' }, h('h3', {}, t('jobs.history')), list, detail);
  let followed = null;
  let timer = null;
  const seen = new Map();
  const open = (job) => {
    clear(detail).append(h('h4', { tabindex: '-1' }, t('jobs.result_of', { id: job.id })), resultPart(job));
    detail.querySelector('h4').focus();
  };
  async function load() {
    clearTimeout(timer);
    try {
      const page = await api('GET', `/trades/${encodeURIComponent(trade.id)}/jobs${query({ limit: 50 })}`);
      const jobs = page.items || [];
      clear(list).append(jobs.length ? historyTable(jobs, open) : h('p', {}, t('jobs.none')));
      for (const j of jobs) {
        if (seen.has(j.id) && seen.get(j.id) !== j.status) announce(t('jobs.now', { status: tv('job_status', j.status) }));
        seen.set(j.id, j.status);
      }
      const mine = jobs.find((j) => j.id === followed);
      if (mine && isFinal(mine)) {
        followed = null;
        if (mine.status === 'succeeded') open(mine);
      }
      if (jobs.some((j) => !isFinal(j))) timer = setTimeout(poll, pollMs(jobs));
    } catch (e) {
      clear(list).append(h('p', { class: 'field-error', role: 'alert' }, problemText(e)));
    }
  }
  // Stops once the page has been left (the history is no longer in the document).
  function poll() {
    if (element.isConnected) load();
  }
  return { element, load, follow: (id) => { followed = id; } };
}
