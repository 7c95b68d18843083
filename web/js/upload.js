// A file input that uploads at once (POST /files) and shows a progress bar. The uploaded file's id
// is kept on the widget (data-file-id / data-file-ids) for the form that collects it.
import { h, uid, formatBytes } from '/js/dom.js';
import { uploadFile } from '/js/api.js';
import { t } from '/js/i18n.js';
import { problemText } from '/js/forms.js';

function describeFile(f) {
  return `${f.file_name || f.id} · ${formatBytes(f.size_bytes)} · SHA-256 ${String(f.sha256).slice(0, 12)}…`;
}

// options: {label, name, path, hint, accept, multiple, required, existing: [file ids]}
export function uploadField({ label, name, path, hint, accept, multiple = false, required = false, existing = [] }) {
  const id = uid(name);
  const hintId = `${id}-hint`;
  const statusId = `${id}-status`;
  const input = h('input', { type: 'file', id, name, accept, 'aria-describedby': `${hintId} ${statusId}` });
  const progress = h('progress', { max: '100', value: '0', hidden: true, 'aria-label': t('upload.progress', { label }) });
  const status = h('p', { class: 'upload-status', id: statusId, 'aria-live': 'polite' });
  const list = h('ul', { class: 'upload-list' });
  const error = h('p', { class: 'field-error', hidden: true });
  const wrapper = h('div', {
    class: 'field upload',
    dataset: { field: path || name, upload: multiple ? 'many' : 'one', ...(path ? { path } : {}) },
  },
  h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
  h('p', { class: 'hint', id: hintId }, hint || t('upload.hint')),
  input, progress, status, list, error);

  const ids = [];
  const sync = () => {
    wrapper.dataset.fileIds = JSON.stringify(ids);
    wrapper.dataset.fileId = ids[0] || '';
  };
  const show = (fileId, text) => {
    const item = h('li', { dataset: { fileId } }, h('span', {}, text), ' ',
      h('button', {
        type: 'button', class: 'btn btn-link',
        onclick: () => {
          ids.splice(ids.indexOf(fileId), 1);
          item.remove();
          sync();
          input.focus();
        },
      }, t('upload.remove')));
    list.append(item);
  };
  for (const fid of existing.filter(Boolean)) {
    ids.push(fid);
    show(fid, t('upload.existing', { id: fid }));
  }
  sync();

  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    error.hidden = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = t('upload.uploading', { name: file.name });
    try {
      const stored = await uploadFile(file, (fraction) => {
        progress.value = Math.round(fraction * 100);
      });
      if (!multiple) {
        ids.length = 0;
        list.replaceChildren();
      }
      ids.push(stored.id);
      show(stored.id, describeFile({ ...stored, file_name: stored.file_name || file.name }));
      sync();
      status.textContent = t('upload.done', { name: file.name });
      wrapper.dispatchEvent(new CustomEvent('dx:uploaded', { bubbles: true, detail: stored }));
    } catch (e) {
      status.textContent = '';
      error.textContent = problemText(e);
      error.hidden = false;
    } finally {
      input.value = '';
    }
  });
  return wrapper;
}

export function uploadedIds(wrapper) {
  return JSON.parse(wrapper.dataset.fileIds || '[]');
}
