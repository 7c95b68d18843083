// Screening findings in plain words: what is wrong, which rule of the regulations it touches and
// its legal basis, and a way to the field to fix.
import { h } from '/js/dom.js';
import { t, tv, has } from '/js/i18n.js';
import { button } from '/js/forms.js';

function ruleText(rule) {
  return has(`rule.${rule}`) ? `${rule} · ${t(`rule.${rule}`)}` : rule;
}

// onFix(field): shows and focuses the control for the field, when there is one; labelFor(field):
// the name the form gives that field.
export function findingsList(findings, onFix, labelFor = () => null) {
  if (!findings?.length) return h('p', { class: 'findings-none' }, t('findings.none'));
  const blocks = findings.filter((f) => f.severity === 'block').length;
  return h('div', { class: 'findings' },
    h('p', {}, blocks ? t('findings.blocked', { n: blocks }) : t('findings.review_only')),
    h('ol', {}, findings.map((f) => h('li', { class: `finding finding-${f.severity}` },
      h('p', { class: 'finding-head' },
        h('span', { class: `badge severity-${f.severity}` }, tv('severity', f.severity)), ' ',
        h('strong', {}, ruleText(f.rule))),
      h('p', {}, f.message),
      h('p', { class: 'meta' }, t('findings.basis', { basis: f.basis })),
      f.field ? h('p', { class: 'meta' }, t('findings.field', { field: labelFor(f.field) ? `${labelFor(f.field)} (${f.field})` : f.field }), ' ',
        onFix ? button(t('findings.fix'), () => onFix(f.field), { kind: 'link' }) : null) : null))));
}
