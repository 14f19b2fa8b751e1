// Wires the features together: sources → mode → parameters → submit → progress + gallery,
// and the list of recent jobs.
import { api } from './api.js';
import { initGallery } from './gallery.js';
import { initModes, modeParams, setMode } from './modes.js';
import { clearErrors, collectJob, fillFrom, initParams, rollSeed, showError } from './params.js';
import { follow, initProgress } from './progress.js';
import { initSources, setCurrent } from './sources.js';
import { $, el, formatDate, on, state } from './state.js';

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
