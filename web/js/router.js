// Hash routes (#/catalog, #/product/ID): the server needs to know no page names, and a reload
// lands on the same screen. Each route says who may see it.
import { h, clear, announce } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { signedIn } from '/js/session.js';

const routes = [];

// pattern: '/product/:id'; allow(): whether the signed-in account may see it.
export function route(pattern, screen, { allow = () => true, needsSignIn = false } = {}) {
  const names = [];
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n) => { names.push(n); return '([^/]+)'; })}$`);
  routes.push({ re, names, screen, allow, needsSignIn });
}

export function currentPath() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path, search = ''] = hash.split('?');
  return { path, params: new URLSearchParams(search) };
}

export function go(path) {
  if (location.hash === `#${path}`) render();
  else location.hash = path;
}

let renderCount = 0;
let pendingFlash = null;

// A message for the next screen shown (e.g. "Accepted." after an action that re-renders the page).
export function flash(text) {
  pendingFlash = text;
}

function withFlash(view) {
  if (!pendingFlash) return view;
  const box = h('div', { class: 'status-box status-success flash', role: 'status' }, h('p', {}, pendingFlash));
  announce(pendingFlash);
  pendingFlash = null;
  const heading = view.querySelector('h1');
  if (heading) heading.after(box);
  else view.prepend(box);
  return view;
}

export async function render() {
  const main = document.getElementById('main');
  const { path, params } = currentPath();
  const mine = ++renderCount;
  for (const r of routes) {
    const m = r.re.exec(path);
    if (!m) continue;
    if (r.needsSignIn && !signedIn()) return go(`/signin?next=${encodeURIComponent(path)}`);
    const args = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
    let view;
    if (!r.allow()) view = h('section', {}, h('h1', {}, t('nav.forbidden_title')), h('p', {}, t('nav.forbidden')));
    else {
      try {
        view = await r.screen({ ...args, params });
      } catch (e) {
        view = h('section', {}, h('h1', {}, t('error.page_title')), h('p', { role: 'alert' }, e.message));
      }
    }
    if (mine !== renderCount) return undefined;  // a newer navigation won
    clear(main).append(withFlash(view));
    const heading = main.querySelector('h1');
    document.title = `${heading ? heading.textContent + ' · ' : ''}${t('app.name')}`;
    main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    return undefined;
  }
  clear(main).append(h('section', {}, h('h1', {}, t('nav.not_found_title')), h('p', {}, t('nav.not_found'))));
  return undefined;
}
