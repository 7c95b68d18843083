// A row of links that filter a list (e.g. orders by status), the current one marked for screen
// readers with aria-current.
import { h } from '/js/dom.js';
import { query } from '/js/api.js';

// choices: [[value, label], …]
export function tabs(path, name, choices, current, label) {
  return h('nav', { class: 'tabs', 'aria-label': label },
    h('ul', {}, choices.map(([value, text]) => h('li', {},
      h('a', { href: `#${path}${query({ [name]: value })}`, 'aria-current': value === current ? 'page' : null }, text)))));
}
