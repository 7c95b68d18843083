import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, radios, statusBox, busy } from '/js/forms.js';
import { signIn } from '/js/session.js';
import { renderHeader } from '/js/nav.js';
import { go } from '/js/router.js';

export function registerScreen() {
  const box = statusBox();
  const form = h('form', { class: 'form narrow', novalidate: true },
    box,
    radios({ legend: t('register.kind'), name: 'kind', value: 'person', required: true,
      options: [{ value: 'person', label: t('kind.person') }, { value: 'organization', label: t('kind.organization') }] }),
    field({ label: t('register.display_name'), name: 'display_name', required: true, hint: t('register.display_name_hint'),
      attrs: { autocomplete: 'name' } }),
    field({ label: t('field.email'), name: 'email', kind: 'email', required: true, attrs: { autocomplete: 'email' } }),
    field({ label: t('field.password'), name: 'password', kind: 'password', required: true,
      hint: t('register.password_hint'), attrs: { autocomplete: 'new-password', minlength: '12' } }),
    field({ label: t('register.jurisdiction'), name: 'jurisdiction', value: 'CN', hint: t('register.jurisdiction_hint'),
      attrs: { maxlength: '2', autocomplete: 'country' } }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('register.submit'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const body = {
      email: data.get('email'), password: data.get('password'), kind: data.get('kind'),
      display_name: data.get('display_name'), jurisdiction: String(data.get('jurisdiction') || 'CN').toUpperCase(),
    };
    busy(form, box, async () => {
      await api('POST', '/accounts', body);
      await signIn(body.email, body.password);
      renderHeader();
      go('/kyc');
    });
  });
  return h('section', {},
    h('h1', {}, t('register.title')),
    h('p', {}, t('register.lead')),
    form,
    h('p', {}, t('register.have_account'), ' ', h('a', { href: '#/signin' }, t('nav.signin'))));
}
