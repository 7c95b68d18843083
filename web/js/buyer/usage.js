// A licence's use (GET /trades/{id}/usage). A gateway licence's: calls, bytes sent to the buyer,
// the quota and what is left of it, and the calls by day (the exchange writes counts about once a
// second, so a refresh shows new calls shortly after they are made). A compute licence's: the jobs
// run and the privacy budget they spent. Buyer, seller and staff see the same.
import { h, append, clear, formatBytes } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { button, problemText } from '/js/forms.js';
import { dataTable, facts } from '/js/table.js';

export const usageOf = (tradeId) => api('GET', `/trades/${encodeURIComponent(tradeId)}/usage`);

// "37 of 1000 left", or "unlimited" when the licence has no call quota.
export function remainingText(u) {
  if (u.quota === null || u.quota === undefined) return t('usage.unlimited');
  return t('usage.remaining_of', { remaining: u.remaining ?? 0, quota: u.quota });
}

function byDay(days) {
  if (!days?.length) return h('p', {}, t('usage.no_calls'));
  return dataTable({
    caption: t('usage.by_day'),
    className: 'usage-by-day',
    columns: [
      { label: t('usage.date'), head: true, cell: (d) => d.date },
      { label: t('usage.calls'), num: true, cell: (d) => String(d.calls) },
      { label: t('usage.bytes_out'), num: true, cell: (d) => formatBytes(d.bytes_out ?? 0) },
    ],
    rows: days,
  });
}

function computeUsage(u) {
  return facts([
    [t('usage.jobs'), h('span', { id: 'usage-jobs' }, String(u.jobs ?? 0))],
    [t('usage.epsilon_spent'), u.epsilon_spent === undefined ? null : h('span', { id: 'usage-epsilon' }, String(u.epsilon_spent))],
  ]);
}

function usageView(u, mode) {
  if (mode === 'compute') return [computeUsage(u)];
  return [
    facts([
      [t('usage.calls'), h('span', { id: 'usage-calls' }, String(u.calls ?? 0))],
      [t('usage.bytes_out'), formatBytes(u.bytes_out ?? 0)],
      [t('usage.quota'), h('span', { id: 'usage-remaining' }, remainingText(u))],
    ]),
    byDay(u.by_day),
  ];
}

export function usageCard(trade) {
  const compute = trade.delivery_mode === 'compute';
  const out = h('div', { class: 'usage-result', 'aria-live': 'polite' }, h('p', {}, t('usage.loading')));
  const load = async () => {
    try {
      const u = await usageOf(trade.id);
      append(clear(out), usageView(u, trade.delivery_mode));
    } catch (e) {
      clear(out).append(h('p', { class: 'field-error', role: 'alert' }, problemText(e)));
    }
  };
  load();
  return h('section', { class: 'card usage' },
    h('h2', {}, t(compute ? 'usage.title_compute' : 'usage.title')),
    h('p', { class: 'hint' }, t(compute ? 'usage.lead_compute' : 'usage.lead')),
    out,
    h('div', { class: 'actions' }, button(t('usage.refresh'), load)));
}
