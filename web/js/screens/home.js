import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { session, signedIn, isTrader, isStaff } from '/js/session.js';

function nextSteps() {
  if (!signedIn()) {
    return [h('a', { class: 'btn btn-primary', href: '#/register' }, t('home.register')),
      h('a', { class: 'btn btn-secondary', href: '#/signin' }, t('home.signin'))];
  }
  if (isStaff()) return [h('p', {}, t('home.staff'))];
  const steps = [];
  if (isTrader() && session.me.kyc_status !== 'verified') {
    steps.push(h('a', { class: 'btn btn-primary', href: '#/kyc' }, t('home.verify')));
  }
  steps.push(h('a', { class: 'btn btn-secondary', href: '#/sell' }, t('home.sell')));
  return steps;
}

export function homeScreen() {
  return h('section', { class: 'home' },
    h('h1', {}, t('home.title')),
    h('p', { class: 'lead' }, t('home.lead')),
    h('div', { class: 'actions' }, nextSteps(),
      h('a', { class: 'btn btn-secondary', href: '#/catalog' }, t('home.browse'))),
    h('ul', { class: 'features' },
      h('li', {}, t('home.point_verified')),
      h('li', {}, t('home.point_screened')),
      h('li', {}, t('home.point_records'))));
}
