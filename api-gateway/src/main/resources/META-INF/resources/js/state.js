// The page's shared state and a tiny event bus between the feature modules.

const listeners = new Map();

export const state = {
  /** The current source set (GET /v1/source-sets/{id} document), or null. */
  set: null,
  /** Index of the source thumbnail picked as reference / edit target, or null. */
  selected: null,
  /** An outside reference / edit target uploaded for the set: { key, url, name }, or null. */
  outside: null,
  /** The models of GET /v1/models. */
  models: [],
  /** The job shown in the progress panel and gallery (status document), or null. */
  job: null,
};

export function on(event, fn) {
  if (!listeners.has(event)) listeners.set(event, []);
  listeners.get(event).push(fn);
}

export function emit(event, value) {
  for (const fn of listeners.get(event) || []) fn(value);
}

const KEY_STORAGE = 'latentpatch.apiKey';

/** The API key the page sends (kept in this browser's localStorage), or '' when none is set (an open gateway). */
export function apiKey() {
  try { return localStorage.getItem(KEY_STORAGE) || ''; } catch { return ''; }
}

export function setApiKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key); else localStorage.removeItem(KEY_STORAGE);
  } catch { /* storage disabled: the key lasts for this page only */ }
}

/** The header that carries the key, or none. */
export function authHeaders() {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/**
 * Loads an API image with the key header (an <img src> cannot send one) and shows it from a blob URL.
 * Without a key the URL is used as it is.
 */
export function setImageSource(img, url) {
  if (!apiKey() || !String(url).startsWith('/v1/')) { img.setAttribute('src', url); return; }
  img.dataset.src = url;
  fetch(url, { headers: authHeaders() }).then(r => (r.ok ? r.blob() : null)).then(b => {
    if (b && img.dataset.src === url) img.setAttribute('src', URL.createObjectURL(b));
  }).catch(() => { /* the image stays empty */ });
}

/** Shorthand for document.getElementById. */
export const $ = (id) => document.getElementById(id);

/** Creates an element with attributes and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'src' && tag === 'img') setImageSource(node, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
