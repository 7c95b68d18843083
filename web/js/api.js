// Talking to the exchange's JSON API with the cookie session. The CSRF token lives only in this
// module's memory; after a reload it is fetched again from GET /sessions/current.

let csrfToken = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem && typeof problem === 'object' ? problem : { status, detail: String(problem ?? '') };
    this.code = this.problem.code || '';
  }
}

const unsafe = (method) => method !== 'GET' && method !== 'HEAD';

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function send(method, path, body, extra = {}) {
  const headers = { Accept: 'application/json, application/problem+json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (unsafe(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
}

async function readBody(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('json')) return res.json().catch(() => null);
  return res.text();
}

// The CSRF token of the current cookie session, fetched again (another tab may have signed in).
async function refreshCsrf() {
  const res = await send('GET', '/sessions/current');
  if (!res.ok) return false;
  const s = await res.json();
  setCsrfToken(s.csrf_token);
  return Boolean(s.csrf_token);
}

// api('POST', '/kyc', {...}) → the decoded answer; throws ApiError with the problem document.
// headers: more request headers, e.g. {'Idempotency-Key': key}.
export async function api(method, path, body, headers = {}) {
  let res;
  try {
    res = await send(method, path, body, headers);
  } catch {
    throw new ApiError(0, { code: 'network', detail: 'network error' });
  }
  if (res.status === 403 && unsafe(method)) {
    const problem = await res.clone().json().catch(() => null);
    if (problem?.code === 'csrf_failed' && (await refreshCsrf())) res = await send(method, path, body, headers);
  }
  const data = await readBody(res);
  if (!res.ok) {
    if (res.status === 401) window.dispatchEvent(new CustomEvent('dx:unauthenticated'));
    throw new ApiError(res.status, data);
  }
  return data;
}

// Fetches a file as a Blob (for the document viewer).
export async function fetchBlob(path) {
  return (await fetchDownload(path)).blob;
}

// The file name of a Content-Disposition header (attachment; filename="…"), or null.
function dispositionName(header) {
  const m = /filename="([^"]*)"/.exec(header || '');
  return m ? m[1] : null;
}

// A download with what its headers say: {blob, sha256 (X-Content-SHA256), fileName}.
export async function fetchDownload(path) {
  const res = await fetch(`/api/v1${path}`, { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) throw new ApiError(res.status, await readBody(res));
  return {
    blob: await res.blob(),
    sha256: res.headers.get('x-content-sha256'),
    fileName: dispositionName(res.headers.get('content-disposition')),
  };
}

// Header values must be ISO-8859-1; other file names travel percent-encoded.
function headerSafeName(name) {
  return /^[\x20-\x7e]*$/.test(name) ? name : encodeURIComponent(name);
}

// POST /files with upload progress: onProgress(fraction 0..1). Resolves to the file description.
export function uploadFile(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/files');
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('X-File-Name', headerSafeName(file.name));
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status === 201) {
        onProgress(1);
        resolve(xhr.response);
      } else {
        reject(new ApiError(xhr.status, xhr.response));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { detail: 'network error' })));
    xhr.send(file);
  });
}
