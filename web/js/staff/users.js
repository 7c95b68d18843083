// Staff administration: admins create staff accounts with roles; admins and complaints officers
// suspend and reinstate accounts (O14).
import { h } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api } from '/js/api.js';
import { field, statusBox, busy, showStatus } from '/js/forms.js';
import { hasRole } from '/js/session.js';

const roles = ['admin', 'kyc_reviewer', 'listing_reviewer', 'complaints_officer', 'finance', 'auditor'];

function roleChoices() {
  return h('fieldset', { class: 'field checks-group', dataset: { field: 'roles' } },
    h('legend', {}, t('users.roles'), h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')),
    roles.map((r) => {
      const id = `role-${r}`;
      return h('div', { class: 'radio' }, h('input', { type: 'checkbox', id, name: 'roles', value: r }),
        h('label', { for: id }, tv('role', r)));
    }),
    h('p', { class: 'field-error', hidden: true }));
}

function createStaff() {
  const box = statusBox();
  const form = h('form', { class: 'form', novalidate: true },
    box,
    field({ label: t('field.display_name'), name: 'display_name', required: true }),
    field({ label: t('field.email'), name: 'email', kind: 'email', required: true, attrs: { autocomplete: 'off' } }),
    field({ label: t('users.initial_password'), name: 'password', kind: 'password', required: true,
      hint: t('register.password_hint'), attrs: { autocomplete: 'new-password' } }),
    roleChoices(),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('users.create'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const body = { display_name: d.get('display_name'), email: d.get('email'), password: d.get('password'), roles: d.getAll('roles') };
    busy(form, box, async () => {
      const created = await api('POST', '/staff/users', body);
      form.reset();
      showStatus(box, 'success', t('users.created', { email: created.email, id: created.id }));
    });
  });
  return h('section', { class: 'card' }, h('h2', {}, t('users.create_title')), form);
}

function suspension(account) {
  const box = statusBox();
  const form = h('form', { class: 'form', novalidate: true },
    box,
    field({ label: t('users.account_id'), name: 'account_id', required: true, value: account || '' }),
    field({ label: t('users.reason'), name: 'reason', kind: 'textarea', required: true, hint: t('users.reason_hint') }),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-danger', value: 'suspend' }, t('users.suspend')),
      h('button', { type: 'submit', class: 'btn btn-secondary', value: 'reinstate' }, t('users.reinstate'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const action = e.submitter?.value || 'suspend';
    const d = new FormData(form);
    busy(form, box, async () => {
      await api('POST', `/staff/accounts/${encodeURIComponent(String(d.get('account_id')).trim())}/${action}`, { reason: d.get('reason') });
      showStatus(box, 'success', t(action === 'suspend' ? 'users.suspended' : 'users.reinstated'));
    });
  });
  return h('section', { class: 'card' }, h('h2', {}, t('users.suspension_title')), h('p', {}, t('users.suspension_lead')), form);
}

export function staffUsersScreen({ params }) {
  return h('section', {},
    h('h1', {}, t('users.title')),
    hasRole('admin') ? createStaff() : null,
    suspension(params.get('account')));
}
