// A trade's certificate (GET /trades/{id}/certificate): the signed payload decoded and shown, the
// Ed25519 signature and key id, the exchange's public key, a check in this browser where it can
// verify Ed25519, and the three files and the command to verify it with stock OpenSSL.
import { h, clear } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api } from '/js/api.js';
import { facts } from '/js/table.js';

const urls = new Set();
window.addEventListener('hashchange', () => {
  for (const u of urls) URL.revokeObjectURL(u);
  urls.clear();
});

function fromBase64(b64) {
  const raw = atob(b64);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

function pemBody(pem) {
  return fromBase64(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
}

function fileLink(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  urls.add(url);
  return h('a', { href: url, download: name }, name);
}

async function verifyHere(payload, signature, pem, out) {
  try {
    const key = await crypto.subtle.importKey('spki', pemBody(pem), { name: 'Ed25519' }, false, ['verify']);
    const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, payload);
    clear(out).append(h('span', { class: `badge ${ok ? 'ok' : 'bad'}` }, t(ok ? 'certificate.valid' : 'certificate.invalid')));
  } catch {
    clear(out).append(h('span', { class: 'meta' }, t('certificate.cannot_check')));
  }
}

// The certified document as nested definition lists, keys as the exchange wrote them.
function payloadView(doc) {
  if (!doc || typeof doc !== 'object') return null;
  return facts(Object.entries(doc).map(([k, v]) => [k, v !== null && typeof v === 'object' ? payloadView(v) : String(v)]));
}

export async function certificateScreen({ id }) {
  const [cert, keys] = await Promise.all([
    api('GET', `/trades/${encodeURIComponent(id)}/certificate`),
    api('GET', '/exchange/keys'),
  ]);
  const payload = fromBase64(cert.payload);
  const signature = fromBase64(cert.signature);
  const text = new TextDecoder().decode(payload);
  let doc = null;
  try { doc = JSON.parse(text); } catch { /* shown as text */ }
  const key = (keys.keys || []).find((k) => k.key_id === cert.key_id);
  const check = h('span', { id: 'certificate-check', 'aria-live': 'polite' }, t('certificate.checking'));
  if (key) verifyHere(payload, signature, key.public_key_pem, check);
  else check.textContent = t('certificate.no_key');
  return h('article', { class: 'certificate' },
    h('h1', {}, t('certificate.title')),
    h('p', { class: 'lead' }, t('certificate.lead')),
    h('p', {}, h('a', { href: `#/trade/${encodeURIComponent(id)}` }, t('contract.back_to_trade'))),
    h('section', { class: 'card' }, h('h2', {}, t('certificate.payload')), payloadView(doc),
      h('details', {}, h('summary', {}, t('certificate.payload_raw')), h('pre', { tabindex: '0' }, text))),
    h('section', { class: 'card' }, h('h2', {}, t('certificate.signature')), facts([
      [t('certificate.algorithm'), 'Ed25519'],
      [t('certificate.key_id'), h('code', {}, cert.key_id)],
      [t('certificate.signature_b64'), h('code', { class: 'hash' }, cert.signature)],
      [t('certificate.browser_check'), check],
    ]), key ? h('pre', { tabindex: '0', 'aria-label': t('certificate.public_key') }, key.public_key_pem) : null),
    h('section', { class: 'card' }, h('h2', {}, t('certificate.verify_title')),
      h('ol', {},
        h('li', {}, t('certificate.step_download'), ' ',
          fileLink(payload, 'cert.payload', 'application/octet-stream'), ', ',
          fileLink(signature, 'cert.sig', 'application/octet-stream'), ', ',
          key ? fileLink(new TextEncoder().encode(key.public_key_pem), 'exchange.pub', 'application/x-pem-file') : null),
        h('li', {}, t('certificate.step_run')),
        h('li', {}, t('certificate.step_expect'))),
      h('pre', { class: 'command', tabindex: '0' },
        'openssl pkeyutl -verify -pubin -inkey exchange.pub -rawin -in cert.payload -sigfile cert.sig')));
}
