// The gateway's JSON API, as the page uses it. Every failure becomes an ApiError carrying the
// problem+json document (status, detail, errors[] with JSON pointers) so forms can show it by field.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.errors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

import { authHeaders } from './state.js';

async function request(method, path, { json, body, headers } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...authHeaders(), ...(headers || {}) } };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    // A seed held as a string of digits goes out as the JSON integer it is.
    init.body = JSON.stringify(json).replace(/"seed":"(-?\d+)"/g, '"seed":$1');
  } else if (body !== undefined) {
    init.body = body;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { detail: `the gateway does not answer (${e.message}); is it running?` });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(exactSeeds(text)); } catch { data = { detail: text.slice(0, 300) }; }
  }
  if (response.status === 401) document.dispatchEvent(new CustomEvent('latentpatch:unauthorized', { detail: data }));
  if (!response.ok) throw new ApiError(response.status, data || { detail: `HTTP ${response.status}` });
  return data;
}

/**
 * Seeds are 63-bit integers; a JavaScript number keeps only 53 bits, so they are read as strings
 * (shown and sent back exactly).
 */
function exactSeeds(text) {
  return text.replace(/"(seed|imageSeed)"\s*:\s*(-?\d{16,})/g, '"$1":"$2"');
}

export const api = {
  models: () => request('GET', '/v1/models'),
  sourceSets: (offset = 0, limit = 20) => request('GET', `/v1/source-sets?offset=${offset}&limit=${limit}`),
  sourceSet: (id) => request('GET', `/v1/source-sets/${encodeURIComponent(id)}`),
  uploadSourceSet: (files, labels, align = false) => {
    const form = new FormData();
    for (const f of files) form.append('images', f, f.name);
    if (labels) form.append('labels', labels, labels.name);
    if (align) { form.append('align', 'true'); form.append('alignFailures', 'skip'); }
    return request('POST', '/v1/source-sets', { body: form });
  },
  uploadMask: (setId, pngBlob) => request('POST', `/v1/source-sets/${encodeURIComponent(setId)}/masks`,
    { body: pngBlob, headers: { 'Content-Type': 'image/png' } }),
  uploadReference: (setId, file) => request('POST', `/v1/source-sets/${encodeURIComponent(setId)}/references`,
    { body: file, headers: { 'Content-Type': file.type === 'image/jpeg' ? 'image/jpeg' : 'image/png' } }),
  submitJob: (job) => request('POST', '/v1/jobs', { json: job }),
  jobs: (offset = 0, limit = 10) => request('GET', `/v1/jobs?offset=${offset}&limit=${limit}`),
  job: (id) => request('GET', `/v1/jobs/${encodeURIComponent(id)}`),
  cancelJob: (id) => request('DELETE', `/v1/jobs/${encodeURIComponent(id)}`),
  report: (url) => request('GET', url),
};

/** Reads a NumPy .npy file (int32 or float32, little endian, C order): { shape, data }. */
export async function fetchNpy(url) {
  const response = await fetch(url, { headers: authHeaders() });
  if (!response.ok) throw new ApiError(response.status, { detail: `cannot read ${url}` });
  const buffer = await response.arrayBuffer();
  const view = new DataView(buffer);
  const major = view.getUint8(6);
  const headerLength = major >= 2 ? view.getUint32(8, true) : view.getUint16(8, true);
  const start = (major >= 2 ? 12 : 10) + headerLength;
  const header = new TextDecoder().decode(new Uint8Array(buffer, major >= 2 ? 12 : 10, headerLength));
  const shape = (header.match(/'shape':\s*\(([^)]*)\)/)?.[1] || '').split(',').map(s => s.trim()).filter(Boolean).map(Number);
  const descr = header.match(/'descr':\s*'([^']+)'/)?.[1] || '<i4';
  const data = descr.endsWith('f4') ? new Float32Array(buffer.slice(start)) : new Int32Array(buffer.slice(start));
  return { shape, data };
}
