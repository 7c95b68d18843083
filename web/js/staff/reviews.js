// The listing review queue: products in review with their findings and evidence (a gateway
// product's upstream with a live check, a compute product's terms), and the decision.
// Important products need two approvals by different reviewers; the exchange counts them.
import { h } from '/js/dom.js';
import { t, tv } from '/js/i18n.js';
import { api, query } from '/js/api.js';
import { go } from '/js/router.js';
import { documentList } from '/js/staff/viewer.js';
import { decisionForm } from '/js/staff/decision.js';
import { findingsList } from '/js/wizard/findings.js';
import { productFacts, offerTable } from '/js/screens/product.js';
import { dictionaryTable, computeFacts } from '/js/screens/product_parts.js';
import { upstreamReview } from '/js/staff/upstream_check.js';

function evidence(p) {
  const files = [
    [t('wizard.evidence'), p.rights?.authorization?.evidence_file_id],
    [t('wizard.consent_evidence'), p.personal_information?.consent_evidence_file_id],
    [t('wizard.security_assessment'), p.security_assessment_file_id],
    [t('wizard.dataset'), p.data_file_id],
  ].filter(([, id]) => id);
  if (!files.length) return h('p', {}, t('viewer.none'));
  return files.map(([label, id]) => h('div', { class: 'evidence' }, h('h4', {}, label), documentList([id], label)));
}

function authorization(p) {
  const a = p.rights?.authorization;
  if (!a) return null;
  return h('p', {}, t('reviews.authorization', {
    grantor: a.grantor_name, id: a.grantor_id, purposes: (a.purposes || []).join(', '), until: a.valid_until || '',
  }));
}

function item(p) {
  return h('li', { class: 'card queue-item' },
    h('h2', {}, p.title, ' ', h('span', { class: `badge status-${p.status}` }, tv('status', p.status))),
    h('p', { class: 'meta' }, t('reviews.product', { id: p.id }), p.seller_id ? ` · ${t('reviews.seller', { id: p.seller_id })}` : ''),
    h('p', {}, p.description),
    productFacts(p),
    authorization(p),
    offerTable(p.offers, p.delivery_mode),
    upstreamReview(p),
    p.delivery_mode === 'compute' && p.compute ? [h('h3', {}, t('compute.title')), computeFacts(p.compute)] : null,
    p.data_dictionary?.length ? [h('h3', {}, t('dictionary.title')), dictionaryTable(p.data_dictionary)] : null,
    h('h3', {}, t('findings.title')),
    findingsList(p.findings),
    h('h3', {}, t('reviews.evidence')),
    evidence(p),
    p.status === 'in_review'
      ? decisionForm((decision, reason) => api('POST', `/staff/products/${encodeURIComponent(p.id)}/decision`, { decision, reason }),
        () => go(`/staff/reviews${query({ t: Date.now() })}`))
      : null);
}

export async function reviewsScreen() {
  const page = await api('GET', `/staff/reviews${query({ status: 'in_review', limit: 100 })}`);
  const items = page.items || [];
  return h('section', {},
    h('h1', {}, t('reviews.title')),
    h('p', {}, t('reviews.lead')),
    h('p', {}, t('reviews.count', { n: items.length })),
    items.length ? h('ul', { class: 'queue' }, items.map(item)) : h('p', {}, t('reviews.empty')));
}
