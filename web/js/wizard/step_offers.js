// Offers: each a licence with fixed terms at a list price (O12).
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { field, checkbox, button } from '/js/forms.js';
import { fillGroup } from '/js/wizard/model.js';
import { disposalOptions } from '/js/wizard/options.js';

const key = (k, type) => ({ 'data-offer-key': k, ...(type ? { 'data-type': type } : {}) });

function renumber(list) {
  [...list.querySelectorAll('.offer')].forEach((group, i) => {
    group.querySelector('legend').textContent = t('wizard.offer_n', { n: i + 1 });
    for (const el of group.querySelectorAll('[data-offer-key]')) el.dataset.field = `offers.${i}.${el.dataset.offerKey}`;
  });
}

// A gateway licence's call quota and rate limit, shown only while the product is a gateway one.
function gatewayTerms() {
  return h('div', { class: 'only-gateway' },
    field({ label: t('offer.call_quota'), name: 'offer_call_quota', kind: 'number', hint: t('wizard.call_quota_hint'),
      attrs: { ...key('call_quota', 'int'), min: '1' } }),
    field({ label: t('offer.rate_limit_per_s'), name: 'offer_rate_limit', kind: 'number', hint: t('wizard.rate_limit_hint'),
      attrs: { ...key('rate_limit_per_s', 'int'), min: '1', max: '100000' } }));
}

// A compute licence's job quota, shown only while the product is a compute one.
function computeTerms() {
  return h('div', { class: 'only-compute' },
    field({ label: t('offer.job_quota'), name: 'offer_job_quota', kind: 'number', hint: t('wizard.job_quota_hint'),
      attrs: { ...key('job_quota', 'int'), min: '1' } }));
}

function offerGroup(list, offer) {
  const cross = checkbox({ label: t('offer.cross_border'), name: 'cross_border', hint: t('wizard.cross_border_hint') });
  const crossInput = cross.querySelector('input');
  crossInput.dataset.offerKey = 'cross_border';
  crossInput.dataset.type = 'bool';
  const group = h('fieldset', { class: 'group offer', dataset: offer.id ? { offerId: offer.id } : {} },
    h('legend', {}),
    field({ label: t('offer.name'), name: 'offer_name', required: true, value: offer.name ?? 'standard', attrs: key('name') }),
    field({ label: t('offer.purposes'), name: 'offer_purposes', required: true, hint: t('wizard.offer_purposes_hint'),
      attrs: key('purposes', 'list') }),
    field({ label: t('offer.scenario'), name: 'offer_scenario', kind: 'textarea', required: true, attrs: key('scenario') }),
    field({ label: t('offer.term_days'), name: 'offer_term', kind: 'number', required: true, value: 365,
      attrs: { ...key('term_days', 'int'), min: '1' } }),
    field({ label: t('offer.price_yuan'), name: 'offer_price', required: true, hint: t('wizard.price_hint'),
      attrs: { ...key('price_fen', 'fen'), inputmode: 'decimal' } }),
    field({ label: t('offer.seats'), name: 'offer_seats', kind: 'number', hint: t('wizard.seats_hint'),
      attrs: { ...key('seats', 'int'), min: '1' } }),
    cross,
    gatewayTerms(),
    computeTerms(),
    field({ label: t('offer.security_measures'), name: 'offer_security', kind: 'textarea', required: true,
      hint: t('wizard.security_measures_hint'), attrs: key('security_measures') }),
    field({ label: t('offer.disposal'), name: 'offer_disposal', kind: 'select', required: true, options: disposalOptions(),
      value: 'delete', attrs: key('disposal') }));
  fillGroup(group, offer);
  group.append(h('div', { class: 'actions' }, button(t('wizard.remove_offer'), () => {
    group.remove();
    renumber(list);
  }, { kind: 'danger' })));
  return group;
}

export function offersStep(product) {
  const list = h('div', { class: 'offers-list', role: 'group', 'aria-label': t('wizard.step_offers'), dataset: { field: 'offers' } },
    h('p', { class: 'field-error', hidden: true }));
  const add = (offer) => {
    list.append(offerGroup(list, offer));
    renumber(list);
  };
  const offers = product.offers?.length ? product.offers : [{}];
  offers.forEach(add);
  return [
    h('p', {}, t('wizard.offers_lead')),
    list,
    button(t('wizard.add_offer'), () => {
      add({});
      list.lastElementChild.querySelector('input').focus();
    }),
  ];
}
