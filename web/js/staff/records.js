// Records search for auditors and admins (GET /audit/events): by subject, actor, action and time.
import { h, clear, append, formatTime } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { field, statusBox, showProblem } from '/js/forms.js';
import { go } from '/js/router.js';

const keys = ['subject', 'actor', 'action', 'after_seq', 'from', 'to', 'limit'];

// datetime-local (local time) ↔ RFC 3339 UTC
const toRfc3339 = (local) => (local ? new Date(local).toISOString() : '');
const toLocal = (rfc) => {
  if (!rfc) return '';
  const d = new Date(rfc);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

function table(items) {
  const th = (k) => h('th', { scope: 'col' }, t(k));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'records' },
    h('caption', { class: 'visually-hidden' }, t('records.title')),
    h('thead', {}, h('tr', {}, th('records.seq'), th('records.at'), th('records.actor'), th('records.action'),
      th('records.subject'), th('records.data'))),
    h('tbody', {}, items.map((r) => h('tr', {},
      h('td', { class: 'num' }, String(r.seq)),
      h('td', {}, h('time', { datetime: r.at }, formatTime(r.at))),
      h('td', { class: 'id' }, r.actor),
      h('td', {}, h('code', {}, r.action)),
      h('td', { class: 'id' }, r.subject),
      h('td', {}, h('details', {}, h('summary', {}, t('records.show_data')),
        h('pre', {}, JSON.stringify(r.data, null, 2)))))))));
}

function filterForm(params) {
  const form = h('form', { class: 'form filters', novalidate: true },
    field({ label: t('records.subject'), name: 'subject', value: params.get('subject') || '' }),
    field({ label: t('records.actor'), name: 'actor', value: params.get('actor') || '' }),
    field({ label: t('records.action'), name: 'action', value: params.get('action') || '', hint: t('records.action_hint') }),
    field({ label: t('records.after_seq'), name: 'after_seq', kind: 'number', value: params.get('after_seq') || '', attrs: { min: '0' } }),
    field({ label: t('records.from'), name: 'from', kind: 'datetime-local', value: toLocal(params.get('from')) }),
    field({ label: t('records.to'), name: 'to', kind: 'datetime-local', value: toLocal(params.get('to')) }),
    field({ label: t('records.limit'), name: 'limit', kind: 'number', value: params.get('limit') || '50', attrs: { min: '1', max: '500' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('records.search'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const q = Object.fromEntries(keys.map((k) => [k, String(d.get(k) || '').trim()]));
    q.from = toRfc3339(q.from);
    q.to = toRfc3339(q.to);
    go(`/staff/records${query(q)}`);
  });
  return form;
}

export async function recordsScreen({ params }) {
  const form = filterForm(params);
  const box = statusBox();
  const results = h('div', { class: 'results' });
  const q = Object.fromEntries(keys.map((k) => [k, params.get(k) || '']));
  q.cursor = params.get('cursor') || '';
  form.prepend(box);
  try {
    const page = await api('GET', `/audit/events${query(q)}`);
    append(clear(results), [
      h('p', {}, t('records.count', { n: page.items.length })),
      page.items.length ? table(page.items) : h('p', {}, t('records.empty')),
      page.next_cursor ? h('a', { class: 'btn btn-secondary', href: `#/staff/records${query({ ...q, cursor: page.next_cursor })}` },
        t('records.next')) : null]);
  } catch (e) {
    showProblem(form, box, e);
  }
  return h('section', {}, h('h1', {}, t('records.title')), h('p', {}, t('records.lead')), form, results);
}
