// Wires the features together: sources → mode → parameters → submit → progress + gallery,
// and the list of recent jobs.
import { api } from './api.js';
import { initGallery } from './gallery.js';
import { initModes, modeParams, setMode } from './modes.js';
import { clearErrors, collectJob, fillFrom, initParams, rollSeed, showError } from './params.js';
import { follow, initProgress } from './progress.js';
import { initSources, setCurrent } from './sources.js';
import { $, apiKey, authHeaders, el, formatDate, on, setApiKey, state } from './state.js';

// The API key: kept in localStorage; a 401 asks for it.
$('api-key').value = apiKey();
$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setApiKey($('api-key').value.trim());
  location.reload();
});
document.addEventListener('latentpatch:unauthorized', (e) => {
  $('api-key-note').textContent = apiKey() ? 'the gateway refused this key' : 'this gateway needs an API key (./latentpatch up prints it)';
  $('api-key').focus();
});
// Downloads (archive, .npy) are links, which cannot send the key header: fetch them with it instead.
document.addEventListener('click', async (e) => {
  const a = e.target.closest?.('a[href^="/v1/"]');
  if (!a || !apiKey()) return;
  e.preventDefault();
  const r = await fetch(a.getAttribute('href'), { headers: authHeaders() });
  if (!r.ok) return;
  const url = URL.createObjectURL(await r.blob());
  const tmp = document.createElement('a');
  tmp.href = url;
  tmp.download = a.getAttribute('download') || a.getAttribute('href').split('/').pop();
  tmp.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
});

initSources();
initModes();
initProgress();
initGallery();
await initParams();
loadRecent();

$('params-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  await submit();
});

$('again').addEventListener('click', async () => {
  const job = state.job;
  if (!job) return;
  if (state.set?.id !== job.sourceSetId) await setCurrent(job.sourceSetId);
  fillFrom(job);
  const mode = job.params?.mode || 'random';
  setMode(mode);
  rollSeed();
  await submit({ ...job.params });
});

on('job', (job) => { if (job.terminal) loadRecent(); });

/** Submits the form's job (or {@code params} of an earlier job, with the form's seed). */
async function submit(params) {
  clearErrors();
  if (!state.set) { showError(Object.assign(new Error('choose or upload a source set first'), { field: 'general' })); return; }
  const button = $('generate');
  button.disabled = true;
  try {
    const job = collectJob();
    job.sourceSetId = state.set.id;
    job.params = params || { ...job.params, ...(await modeParams()) };
    const accepted = await api.submitJob(job);
    $('p-seed').value = '';
    follow(accepted);
    loadRecent();
    $('progress').scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  } catch (e) {
    showError(e);
  } finally {
    button.disabled = false;
  }
}

async function loadRecent() {
  try {
    const page = await api.jobs(0, 8);
    $('job-list').replaceChildren(...page.items.map(job => el('li', {}, el('button', {
      type: 'button', 'data-job': job.id, onclick: () => follow(job),
    }, job.links.thumbnail ? el('img', { src: job.links.thumbnail, alt: '', loading: 'lazy' }) : el('img', { alt: '' }),
    el('span', { class: 'meta' },
      el('strong', { text: `${job.state} · ${job.progress.done}/${job.count} · ${job.params?.mode || 'random'}` }),
      el('span', { text: `${job.model} · seed ${job.seed} · ${formatDate(job.createdAt)}` }))))));
    if (!page.items.length) $('job-list').replaceChildren(el('li', { class: 'hint', text: 'No job yet.' }));
  } catch (e) {
    $('job-list').replaceChildren(el('li', { class: 'error', text: e.message }));
  }
}
