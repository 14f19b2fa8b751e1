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
