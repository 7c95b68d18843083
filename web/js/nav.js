// The header: the exchange's name, the links the signed-in roles may use, the language switch and
// signing out.
import { h, clear } from '/js/dom.js';
import { t, lang, setLang } from '/js/i18n.js';
import { session, signedIn, isStaff, isTrader, hasRole, signOut } from '/js/session.js';
import { go, currentPath } from '/js/router.js';
import { unreadCount } from '/js/notifications.js';

function links() {
  const out = [['/catalog', t('nav.catalog')]];
  if (!signedIn()) {
    out.push(['/register', t('nav.register')], ['/signin', t('nav.signin')]);
    return out;
  }
  if (isTrader()) {
    out.push(['/sell', t('nav.sell')], ['/approvals', t('nav.approvals')], ['/orders', t('nav.orders')], ['/trades', t('nav.trades')], ['/money', t('nav.money')],
      ['/complaints', t('nav.complaints')], ['/notifications', t('nav.notifications')]);
    if (session.me.kyc_status !== 'verified') out.push(['/kyc', t('nav.kyc')]);
  }
  if (hasRole('kyc_reviewer')) out.push(['/staff/kyc', t('nav.staff_kyc')]);
  if (hasRole('listing_reviewer')) out.push(['/staff/reviews', t('nav.staff_reviews')]);
  if (hasRole('complaints_officer')) out.push(['/staff/complaints', t('nav.staff_complaints')]);
  if (hasRole('finance', 'complaints_officer')) out.push(['/staff/disputes', t('nav.staff_disputes')]);
  if (hasRole('finance')) out.push(['/staff/deposits', t('nav.staff_deposits')]);
  if (hasRole('auditor', 'admin')) out.push(['/staff/records', t('nav.staff_records')]);
  if (hasRole('admin', 'complaints_officer')) out.push(['/staff/users', t('nav.staff_users')]);
  out.push(['/account', t('nav.account')]);
  return out;
}

// The notifications link hints at unread ones: "Notifications 2", read out as "2 unread".
async function showUnread(link) {
  try {
    const n = await unreadCount();
    link.querySelector('.unread-count')?.remove();
    if (n > 0) {
      link.append(h('span', { class: 'badge unread-count' }, String(n),
        h('span', { class: 'visually-hidden' }, t('nav.unread', { n }))));
    }
  } catch { /* no hint then */ }
}

window.addEventListener('dx:notifications-seen', () => {
  const link = document.querySelector('#site-header a[href="#/notifications"]');
  if (link) showUnread(link);
});

export function renderHeader() {
  const header = document.getElementById('site-header');
  const here = currentPath().path;
  const nav = h('nav', { 'aria-label': t('nav.label') },
    h('ul', { class: 'nav-links' }, links().map(([path, label]) => h('li', {},
      h('a', { href: `#${path}`, 'aria-current': here === path || here.startsWith(`${path}/`) ? 'page' : null }, label)))));
  const other = lang() === 'zh' ? 'en' : 'zh';
  const switcher = h('button', {
    type: 'button', class: 'btn btn-ghost lang-switch', lang: other === 'zh' ? 'zh-CN' : 'en',
    'aria-label': t('nav.switch_language_label'),
    onclick: () => setLang(other),
  }, other === 'zh' ? '中文' : 'English');
  const who = signedIn()
    ? h('div', { class: 'who' },
      h('span', { class: 'who-name' }, session.me.display_name,
        isStaff() ? h('span', { class: 'badge' }, t('nav.staff')) : null),
      h('button', {
        type: 'button', class: 'btn btn-ghost',
        onclick: async () => {
          await signOut().catch(() => {});
          renderHeader();
          go('/signin');
        },
      }, t('nav.signout')))
    : null;
  clear(header).append(
    h('div', { class: 'header-inner' },
      h('a', { class: 'brand', href: '#/' }, t('app.name')),
      nav,
      h('div', { class: 'header-tools' }, who, switcher)));
  const bell = header.querySelector('a[href="#/notifications"]');
  if (bell) showUnread(bell);
}
