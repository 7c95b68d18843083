// A document viewer for staff: the file is fetched with the session and shown from a blob URL,
// images in an <img>, PDFs in an <object>, anything else as a download link.
import { h, clear } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { fetchBlob } from '/js/api.js';
import { button, problemText } from '/js/forms.js';

const kPreviewBytes = 8 * 1024;
const urls = new Set();
window.addEventListener('hashchange', () => {
  for (const u of urls) URL.revokeObjectURL(u);
  urls.clear();
});

async function open(fileId, area, label) {
  clear(area).append(h('p', {}, t('viewer.loading')));
  try {
    const blob = await fetchBlob(`/files/${encodeURIComponent(fileId)}`);
    const url = URL.createObjectURL(blob);
    urls.add(url);
    let view;
    if (blob.type.startsWith('image/')) view = h('img', { src: url, alt: label, class: 'document-image' });
    else if (blob.type === 'application/pdf') {
      view = h('object', { data: url, type: 'application/pdf', class: 'document-pdf', 'aria-label': label },
        h('a', { href: url, download: `${fileId}.pdf` }, t('viewer.download')));
    } else if (/^text\/|json/.test(blob.type)) {
      // Text (a CSV dataset, say): the first part, as text, never as markup.
      const head = await blob.slice(0, kPreviewBytes).text();
      view = h('div', {}, h('pre', { class: 'document-text', tabindex: '0', 'aria-label': label }, head),
        h('a', { href: url, download: fileId }, t('viewer.download')));
    } else view = h('a', { href: url, download: fileId }, t('viewer.download_type', { type: blob.type || '?' }));
    clear(area).append(view, h('p', { class: 'meta' }, `${blob.type} · ${blob.size} B`));
  } catch (e) {
    clear(area).append(h('p', { class: 'field-error' }, problemText(e)));
  }
}

// A list of files, each with a button that shows it below.
export function documentList(fileIds, labelStem) {
  if (!fileIds?.length) return h('p', {}, t('viewer.none'));
  const area = h('div', { class: 'document-view' });
  return h('div', { class: 'documents' },
    h('ul', {}, fileIds.map((id, i) => {
      const label = `${labelStem} ${i + 1}`;
      return h('li', {}, button(t('viewer.show', { name: label }), () => open(id, area, label), { kind: 'link' }),
        h('span', { class: 'meta' }, ` ${id}`));
    })),
    area);
}
