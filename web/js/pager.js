// Cursor lists (API.md "Lists"): the page's link to the next one keeps the screen's other query
// parameters; the first page is one link away.
import { h } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { query } from '/js/api.js';

export function pager(path, params, nextCursor) {
  const here = Object.fromEntries(params.entries());
  const links = [];
  if (here.cursor) {
    const { cursor, ...rest } = here;
    links.push(h('a', { class: 'btn btn-secondary', href: `#${path}${query(rest)}` }, t('pager.first')));
  }
  if (nextCursor) links.push(h('a', { class: 'btn btn-secondary', href: `#${path}${query({ ...here, cursor: nextCursor })}` }, t('pager.next')));
  return links.length ? h('nav', { class: 'actions pager', 'aria-label': t('pager.label') }, links) : null;
}
