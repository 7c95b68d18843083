// The seller's view of its gateway licences in use: one row per sold gateway trade (one buyer's
// licence) with its calls, bytes and what is left of the quota; the trade page shows them by day.
import { h, formatBytes } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { dataTable } from '/js/table.js';
import { productLink } from '/js/titles.js';
import { usageOf, remainingText } from '/js/buyer/usage.js';

// At most this many licences are asked for their use at once on the page.
const kMaxRows = 50;

// A trade's use, or null when the exchange cannot tell it (the row then shows a dash).
const usageOrNull = (trade) => usageOf(trade.id).catch(() => null);

export async function salesUsage(sold, titles) {
  const trades = sold.filter((tr) => tr.delivery_mode === 'gateway').slice(0, kMaxRows);
  if (!trades.length) return null;
  const usages = await Promise.all(trades.map(usageOrNull));
  const rows = trades.map((trade, i) => ({ trade, u: usages[i] }));
  const dash = (f) => (r) => (r.u ? f(r.u) : '—');
  return [
    h('h2', {}, t('sales.usage')),
    h('p', {}, t('sales.usage_lead')),
    dataTable({
      caption: t('sales.usage'),
      hideCaption: true,
      className: 'sales-usage',
      columns: [
        { label: t('trade.buyer'), head: true, cell: (r) => h('code', {}, r.trade.buyer_id) },
        { label: t('trades.product'), cell: (r) => productLink(r.trade.product_id, titles.get(r.trade.product_id)) },
        { label: t('usage.calls'), num: true, cell: dash((u) => String(u.calls ?? 0)) },
        { label: t('usage.bytes_out'), num: true, cell: dash((u) => formatBytes(u.bytes_out ?? 0)) },
        { label: t('usage.quota'), cell: dash(remainingText) },
        { label: t('sales.usage_by_day'), cell: (r) => h('a', { href: `#/trade/${encodeURIComponent(r.trade.id)}`,
          'aria-label': t('sales.usage_by_day_named', { id: r.trade.id }) }, t('sales.usage_by_day')) },
      ],
      rows,
    }),
  ];
}
