// Notifications (GET /notifications): what happened to this account because of complaints, newest
// first. Which ones were seen is remembered per account in this browser (the newest time seen; not
// a secret), so the header can hint at unread ones.
import { h, formatTime } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { session } from '/js/session.js';
import { pager } from '/js/pager.js';

const seenKey = () => `dx.notifications_seen.${session.me?.id}`;

function seenUpTo() {
  try { return localStorage.getItem(seenKey()) || ''; } catch { return ''; }
}

function markSeen(items) {
  const newest = items.map((n) => n.created_at).sort().pop();
  if (!newest || newest <= seenUpTo()) return;
  try { localStorage.setItem(seenKey(), newest); } catch { /* the hint stays */ }
}

// How many of the newest notifications are newer than the newest one seen.
export async function unreadCount() {
  const page = await api('GET', `/notifications${query({ limit: 50 })}`);
  const seen = seenUpTo();
  return (page.items || []).filter((n) => n.created_at > seen).length;
}

function subjectLink(subject) {
  const s = String(subject || '');
  const to = s.startsWith('cpl_') ? `/complaint/${s}` : s.startsWith('trd_') ? `/trade/${s}`
    : s.startsWith('prd_') ? `/product/${s}` : s.startsWith('ord_') ? '/orders?status=cancelled' : null;
  return to ? h('a', { href: `#${to}` }, t('notifications.open_subject', { subject: s })) : null;
}

function item(n, unread) {
  return h('li', { class: `card notification${unread ? ' unread' : ''}` },
    h('p', {}, h('strong', {}, tv('notification', n.kind)), ' ',
      unread ? h('span', { class: 'badge' }, t('notifications.new')) : null, ' ',
      h('time', { class: 'meta', datetime: n.created_at }, formatTime(n.created_at))),
    h('p', { lang: 'en' }, n.text),
    n.rule ? h('p', { class: 'meta' }, t('error.rule', { rule: n.rule, basis: n.basis || '—' })) : null,
    subjectLink(n.subject));
}

export async function notificationsScreen({ params }) {
  const page = await api('GET', `/notifications${query({ limit: 50, cursor: params.get('cursor') })}`);
  const items = page.items || [];
  const seen = seenUpTo();
  markSeen(items);
  window.dispatchEvent(new CustomEvent('dx:notifications-seen'));
  return h('section', {},
    h('h1', {}, t('notifications.title')),
    h('p', {}, t('notifications.lead')),
    items.length ? h('ol', { class: 'queue notifications' }, items.map((n) => item(n, n.created_at > seen)))
      : h('p', {}, t('notifications.empty')),
    pager('/notifications', params, page.next_cursor));
}
