// Receiving a trade's data: the buyer downloads a file product (GET /trades/{id}/data, recorded by
// the exchange) and the browser checks its SHA-256 against X-Content-SHA256; an api product's
// access (GET /trades/{id}/access) is what its seller delivered.
import { h, clear, formatBytes } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { api, fetchDownload } from '/js/api.js';
import { button, problemText } from '/js/forms.js';
import { facts } from '/js/table.js';

export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadPart(trade) {
  const out = h('div', { class: 'download-result', 'aria-live': 'polite' });
  const go = async () => {
    clear(out).append(h('p', {}, t('delivery.downloading')));
    try {
      const d = await fetchDownload(`/trades/${encodeURIComponent(trade.id)}/data`);
      const name = d.fileName || `${trade.id}.data`;
      save(d.blob, name);
      const actual = await sha256Hex(d.blob);
      const match = !d.sha256 || actual === d.sha256.toLowerCase();
      clear(out).append(
        h('p', { class: match ? 'status-box status-success' : 'status-box status-error', role: 'status' },
          t(match ? 'delivery.downloaded' : 'delivery.mismatch', { name, size: formatBytes(d.blob.size) })),
        h('p', { class: 'meta hash' }, `SHA-256 ${actual}`));
    } catch (e) {
      clear(out).append(h('p', { class: 'field-error', role: 'alert' }, problemText(e)));
    }
  };
  return h('div', { class: 'download' }, h('p', {}, t('delivery.download_lead')),
    button(t('delivery.download'), go, { kind: 'primary' }), out);
}

export function accessPart(trade) {
  const out = h('div', { class: 'access-result', 'aria-live': 'polite' });
  const show = async () => {
    try {
      const a = await api('GET', `/trades/${encodeURIComponent(trade.id)}/access`);
      clear(out).append(facts([
        [t('delivery.endpoint'), h('code', {}, a.endpoint)],
        [t('delivery.credentials'), h('code', { class: 'key' }, a.credentials)],
        [t('delivery.instructions'), a.instructions],
      ]));
    } catch (e) {
      clear(out).append(h('p', { class: 'field-error', role: 'alert' }, problemText(e)));
    }
  };
  return h('div', { class: 'access' }, h('p', {}, t('delivery.access_lead')),
    button(t('delivery.show_access'), show, { kind: 'primary' }), out);
}
