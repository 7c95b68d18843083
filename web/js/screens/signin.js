import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { field, statusBox, busy } from '/js/forms.js';
import { signIn, signedIn, session } from '/js/session.js';
import { renderHeader } from '/js/nav.js';
import { go } from '/js/router.js';

function landing() {
  const roles = session.me.roles || [];
  if (roles.includes('kyc_reviewer')) return '/staff/kyc';
  if (roles.includes('listing_reviewer')) return '/staff/reviews';
  if (roles.includes('complaints_officer')) return '/staff/complaints';
  if (roles.includes('finance')) return '/staff/deposits';
  if (roles.includes('auditor')) return '/staff/records';
  if (roles.includes('admin')) return '/staff/users';
  return '/account';
}

export function signInScreen({ params }) {
  const next = params.get('next');
  if (signedIn()) {
    return h('section', {}, h('h1', {}, t('signin.title')),
      h('p', {}, t('signin.already', { name: session.me.display_name })),
      h('a', { class: 'btn btn-primary', href: '#/account' }, t('nav.account')));
  }
  const box = statusBox();
  const form = h('form', { class: 'form narrow', novalidate: true },
    box,
    field({ label: t('field.email'), name: 'email', kind: 'email', required: true, attrs: { autocomplete: 'username' } }),
    field({ label: t('field.password'), name: 'password', kind: 'password', required: true,
      attrs: { autocomplete: 'current-password' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('signin.submit'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    busy(form, box, async () => {
      await signIn(data.get('email'), data.get('password'));
      renderHeader();
      go(next && next.startsWith('/') ? next : landing());
    });
  });
  return h('section', {},
    h('h1', {}, t('signin.title')),
    form,
    h('p', {}, t('signin.no_account'), ' ', h('a', { href: '#/register' }, t('nav.register'))));
}
