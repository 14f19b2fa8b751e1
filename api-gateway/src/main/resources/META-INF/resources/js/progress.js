// Live progress of one job over server-sent events (GET /v1/jobs/{id}/events): state, images
// done/total, per-stage timings, a cancel button and a clear message when the job fails.
import { api } from './api.js';
import { $, el, emit, state, apiKey } from './state.js';

let source = null;
let pollTimer = null;

export function initProgress() {
  $('cancel').addEventListener('click', async () => {
    if (!state.job) return;
    $('cancel').disabled = true;
    try {
      await api.cancelJob(state.job.id);
    } catch (e) {
      showFailure(e.message);
    }
  });
}

/** Shows {@code job} (a status document) and follows it until it ends. */
export function follow(job) {
  stop();
  state.job = job;
  $('progress').hidden = false;
  $('job-failure').hidden = true;
  $('cancel').disabled = false;
  $('job-id').textContent = job.id.slice(0, 8);
  $('job-id').title = job.id;
  update(job);
  if (job.terminal) return;
  // An EventSource cannot send the key header: with a key the page polls instead.
  if (apiKey()) { poll(job.id); return; }
  source = new EventSource(job.links.events);
  source.addEventListener('status', (e) => update(JSON.parse(e.data)));
  source.onerror = () => {
    // The server closes the stream after the terminal state; otherwise fall back to polling.
    stop();
    if (!state.job.terminal) poll(job.id);
  };
}

function poll(id) {
  pollTimer = setTimeout(async () => {
    try {
      update(await api.job(id));
    } catch { /* keep trying */ }
    if (!state.job.terminal) poll(id);
  }, 1000);
}

function stop() {
  if (source) { source.close(); source = null; }
  if (pollTimer) { clearTimeout(pollTimer); pollTimer = null; }
}

function update(job) {
  if (state.job && job.id !== state.job.id) return;
  state.job = job;
  const badge = $('job-state');
  badge.textContent = job.state;
  badge.className = `badge ${job.state}`;
  $('job-count').textContent = `${job.progress.done} / ${job.progress.total} images`
    + (job.progress.sampled > job.progress.done ? ` (${job.progress.sampled} sampled)` : '');
  $('job-bar').value = job.progress.fraction;
  const timings = [
    ...Object.entries(job.timingsMs || {}).map(([k, v]) => [k, v]),
    ...Object.entries(job.elapsedMs || {}).map(([k, v]) => [`${k} (wall)`, v]),
  ];
  // encodedImages is a count, not a duration (EncodeStage.ENCODED_IMAGES).
  $('job-timings').replaceChildren(...timings.map(([k, v]) => el('div', {}, el('dt', { text: k === 'encodedImages' ? 'images encoded' : k }),
    el('dd', { text: k === 'encodedImages' ? String(v) : ms(v) }))));
  $('cancel').hidden = job.terminal;
  $('archive').hidden = !job.terminal;
  $('archive').href = job.links.archive;
  $('job-params-text').textContent = JSON.stringify({ sourceSetId: job.sourceSetId, model: job.model, count: job.count,
    seed: job.seed, params: job.params }, null, 2);
  if (job.state === 'FAILED') {
    showFailure(`The job failed${job.failedStage ? ` in the ${job.failedStage.toLowerCase()} stage` : ''}`
      + `${job.failedImageIndex !== undefined && job.failedImageIndex !== null ? ` (image ${job.failedImageIndex})` : ''}: ${job.reason || 'no reason given'}`);
  } else if (job.state === 'CANCELLED') {
    showFailure(`Cancelled: ${job.reason || ''} — ${job.progress.done} of ${job.progress.total} images were finished.`);
  }
  if (job.terminal) stop();
  emit('job', job);
}

function showFailure(text) {
  const p = $('job-failure');
  p.textContent = text;
  p.hidden = false;
}

function ms(v) {
  return v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`;
}
