// Parameters: the model (from GET /v1/models) with the paper's defaults for its grid shown as
// placeholders, count, seed with a dice, method and the sampler fields. Server validation errors
// (422 problem+json errors[], JSON pointers) are shown beside the field they name.
import { api } from './api.js';
import { $, on, state } from './state.js';

const NUMBER_FIELDS = ['patch', 'stride', 'k', 'scales', 'pcaDims'];
const SELECT_FIELDS = ['finish', 'upsample', 'coverage'];
const FALLBACK_MODEL = 'pixel-f16';

export async function initParams() {
  $('dice').addEventListener('click', rollSeed);
  $('p-model').addEventListener('change', showDefaults);
  on('set', () => { $('generate').disabled = false; });
  try {
    state.models = await api.models();
  } catch (e) {
    state.models = [];
    $('grid-hint').textContent = `Cannot list models: ${e.message}`;
  }
  const select = $('p-model');
  select.replaceChildren(...state.models.map(m => new Option(`${m.name} (${m.gridSize}×${m.gridSize}, L=${m.latentChannels})`, m.name)));
  if (!state.models.length) {
    select.append(new Option(`${FALLBACK_MODEL} (no worker has published a model yet)`, FALLBACK_MODEL));
  }
  const preferred = state.models.find(m => m.name === FALLBACK_MODEL);
  if (preferred) select.value = preferred.name;
  showDefaults();
}

export function rollSeed() {
  const seed = Math.floor(Math.random() * 2 ** 31);
  $('p-seed').value = String(seed);
  return seed;
}

function currentModel() {
  return state.models.find(m => m.name === $('p-model').value);
}

function showDefaults() {
  const m = currentModel();
  if (!m) return;
  const d = m.defaults;
  for (const f of NUMBER_FIELDS) $(`p-${f}`).placeholder = `default ${d[f]}`;
  $('p-patch').max = String(m.gridSize);
  $('p-pcaDims').max = String(m.latentChannels);
  for (const f of SELECT_FIELDS) $(`p-${f}`).options[0].text = `default (${d[f]})`;
  $('grid-hint').textContent = `${m.name}: ${m.imageSize}px images → ${m.gridSize}×${m.gridSize} latent grid of ${m.latentChannels} channels.`
    + ` Paper defaults here: ω=${d.patch}, w=${d.stride}, k=${d.k}, S=${d.scales}, r=${d.pcaDims}.`;
}

/** The job body from the form (mode fields are added by the caller). Unset fields are left out. */
export function collectJob() {
  const params = {};
  const method = $('p-method').value;
  if (method !== 'latentpatch') params.method = method;
  for (const f of NUMBER_FIELDS) {
    const v = $(`p-${f}`).value.trim();
    if (v !== '') params[f] = Number(v);
  }
  for (const f of SELECT_FIELDS) {
    const v = $(`p-${f}`).value;
    if (v) params[f] = v;
  }
  const job = { model: $('p-model').value, count: Number($('p-count').value || 1), params };
  const seed = $('p-seed').value.trim();
  // Kept as text (seeds are 63-bit; api.submitJob writes it as a JSON number); the server checks it.
  if (seed !== '') job.seed = seed;
  return job;
}

/** Fills the form from a job's request (run again). */
export function fillFrom(job) {
  if ([...$('p-model').options].some(o => o.value === job.model)) $('p-model').value = job.model;
  showDefaults();
  $('p-count').value = String(job.count);
  const p = job.params || {};
  $('p-method').value = p.method || 'latentpatch';
  for (const f of NUMBER_FIELDS) $(`p-${f}`).value = p[f] ?? '';
  for (const f of SELECT_FIELDS) $(`p-${f}`).value = p[f] ?? '';
}

export function clearErrors() {
  for (const e of document.querySelectorAll('[data-field]')) e.textContent = '';
  for (const e of document.querySelectorAll('.invalid')) { e.classList.remove('invalid'); e.removeAttribute('aria-invalid'); }
}

/** The form field a JSON pointer of a problem names: /params/patch → patch, /count → count. */
export function fieldOf(pointer) {
  const p = String(pointer || '').replace(/^\//, '').split('/');
  if (p[0] === 'params') return p[1] || 'params';
  if (['count', 'seed'].includes(p[0])) return p[0];
  return 'general';
}

/** Shows an ApiError (or a mode Error with .field) beside its fields; focuses the first. */
export function showError(error) {
  clearErrors();
  const errors = error.errors?.length ? error.errors : [{ pointer: error.field ? `/params/${error.field}` : '', detail: error.message }];
  let first = null;
  for (const { pointer, detail } of errors) {
    const field = fieldOf(pointer);
    const slot = document.querySelector(`[data-field="${field}"]`) || document.querySelector('[data-field="general"]');
    slot.textContent = slot.textContent ? `${slot.textContent} ${detail}` : detail;
    const input = $(`p-${field}`);
    if (input) {
      input.classList.add('invalid');
      input.setAttribute('aria-invalid', 'true');
      first = first || input;
    }
  }
  (first || document.querySelector('[data-field]:not(:empty)'))?.scrollIntoView({ block: 'center' });
  if (first) first.focus();
}
