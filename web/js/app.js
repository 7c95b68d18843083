// Start-up: language, the session (if the cookie still holds one), routes, header.
import { applyLang, onLangChange } from '/js/i18n.js';
import { restore, forget, signedIn } from '/js/session.js';
import { render, go, currentPath } from '/js/router.js';
import { renderHeader } from '/js/nav.js';
import { registerRoutes } from '/js/routes.js';

async function start() {
  applyLang();
  registerRoutes();
  await restore();
  renderHeader();
  await render();
  window.addEventListener('hashchange', async () => {
    renderHeader();
    await render();
  });
  onLangChange(async () => {
    renderHeader();
    await render();
  });
  // A session that ended elsewhere (expired, signed out in another tab): show the signed-out view.
  window.addEventListener('dx:unauthenticated', () => {
    const wasSignedIn = signedIn();
    forget();
    renderHeader();
    if (wasSignedIn) go(`/signin?next=${encodeURIComponent(currentPath().path)}`);
  });
  document.getElementById('skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('main').focus();
  });
}

start();
