// Refusals in plain words: what happened, why (the rule of the regulations and its legal basis),
// the stable code for support, and where to go next.
import { h } from '/js/dom.js';
import { t, has } from '/js/i18n.js';
import { session } from '/js/session.js';

const nextStep = {
  kyc_required: ['#/kyc', 'refusal.go_kyc'],
  insufficient_funds: ['#/money', 'refusal.go_money'],
  product_not_tradable: ['#/catalog', 'refusal.go_catalog'],
};

function ruleLine(problem) {
  const name = has(`rule.${problem.rule}`) ? t(`rule.${problem.rule}`) : '';
  return name ? t('error.rule_named', { rule: problem.rule, name, basis: problem.basis || '—' })
    : t('error.rule', { rule: problem.rule, basis: problem.basis || '—' });
}

// The code to explain. A suspended account is refused with account_suspended (O14); an exchange
// of an earlier version answered kyc_required to a verified account only when it was suspended.
export function effectiveCode(problem) {
  const verified = session.me?.kyc_status === 'verified' || session.me?.suspended;
  return problem?.code === 'kyc_required' && verified ? 'account_suspended' : problem?.code;
}

// The lines after the problem's title: explanation, rule and basis, code, next step.
export function refusalLines(problem) {
  const code = effectiveCode(problem);
  const lines = [];
  if (code && has(`refusal.${code}`)) lines.push(t(`refusal.${code}`));
  if (problem?.rule) lines.push(ruleLine(problem));
  if (problem?.code && lines.length) lines.push(t('error.code', { code: problem.code }));
  if (nextStep[code]) {
    const [href, key] = nextStep[code];
    lines.push(h('a', { href }, t(key)));
  }
  return lines;
}
