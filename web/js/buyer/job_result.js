// A compute job's result (GET /jobs/{id}/result): the CSV the exchange released, shown as a table
// whose first line names the columns, with its SHA-256 checked in the browser against
// X-Content-SHA256 and a download. The buyer reads it once the job succeeded; the product's seller
// reads it while the job awaits approval, to see what a release would hand over.
import { h, clear } from '/js/dom.js';
import { t } from '/js/i18n.js';
import { fetchDownload } from '/js/api.js';
import { button, problemText } from '/js/forms.js';
import { dataTable } from '/js/table.js';
import { sha256Hex, save } from '/js/buyer/delivery.js';

// At most this many rows are put on the page; the download has them all.
const kShownRows = 500;

// RFC 4180: fields separated by commas, optionally in double quotes (a quote inside doubled),
// records by CRLF or LF. Answers an array of records, each an array of strings.
export function parseCsv(text) {
  const records = [];
  let record = [];
  let fieldText = '';
  let quoted = false;
  const endField = () => { record.push(fieldText); fieldText = ''; };
  const endRecord = () => { endField(); records.push(record); record = []; };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { fieldText += '"'; i += 1; } else if (c === '"') quoted = false;
      else fieldText += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') endRecord();
    else if (c !== '\r') fieldText += c;
  }
  if (fieldText !== '' || record.length) endRecord();
  return records;
}

// A table of the CSV records; the first record names the columns.
export function csvTable(records, caption) {
  const [head = [], ...rows] = records;
  return dataTable({
    caption,
    hideCaption: true,
    className: 'job-result',
    columns: head.map((name, i) => ({ label: name, cell: (r) => r[i] ?? '' })),
    rows: rows.slice(0, kShownRows),
  });
}

function resultView(job, d, text, actual) {
  const records = parseCsv(text);
  const rows = Math.max(records.length - 1, 0);
  const match = !d.sha256 || actual === d.sha256.toLowerCase();
  return [
    csvTable(records, t('jobs.result_caption', { id: job.id })),
    rows > kShownRows ? h('p', { class: 'meta' }, t('jobs.result_truncated', { shown: kShownRows, n: rows })) : null,
    h('p', { class: match ? 'meta hash' : 'field-error hash', role: match ? null : 'alert' },
      t(match ? 'jobs.sha256_checked' : 'jobs.sha256_mismatch', { sha: actual })),
    h('div', { class: 'actions' }, button(t('jobs.download'), () => save(d.blob, d.fileName || `job-${job.id}.csv`),
      { attrs: { 'aria-label': t('jobs.download_named', { id: job.id }) } })),
  ];
}

// The result of `job` loaded into a region (a table, its hash, a download), or the problem.
export function resultPart(job) {
  const out = h('div', { class: 'job-result-area', 'aria-live': 'polite' }, h('p', {}, t('jobs.result_loading')));
  (async () => {
    try {
      const d = await fetchDownload(`/jobs/${encodeURIComponent(job.id)}/result`);
      const [text, actual] = await Promise.all([d.blob.text(), sha256Hex(d.blob)]);
      clear(out).append(...resultView(job, d, text, actual).filter(Boolean));
    } catch (e) {
      clear(out).append(h('p', { class: 'field-error', role: 'alert' }, problemText(e)));
    }
  })();
  return out;
}
