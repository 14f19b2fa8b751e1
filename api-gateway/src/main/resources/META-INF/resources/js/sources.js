// Sources: pick or drop images (+ labels), upload them as a set, or choose a set uploaded before.
// The current set's thumbnails are buttons: the picked one is the reference / edit target.
import { api, ApiError } from './api.js';
import { $, el, emit, formatDate, on, state } from './state.js';

let pending = [];
let labelsFile = null;
let setsOffset = 0;

export function initSources() {
  const drop = $('drop');
  const files = $('files');
  files.addEventListener('change', () => addFiles(files.files));
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); files.click(); }
  });
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); });
  }
  for (const type of ['dragleave', 'drop']) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.remove('over'); });
  }
  drop.addEventListener('drop', (e) => addFiles(e.dataTransfer.files));
  $('labels-file').addEventListener('change', (e) => { labelsFile = e.target.files[0] || null; renderPending(); });
  $('upload').addEventListener('click', upload);

  const tabs = [$('tab-upload'), $('tab-existing')];
  tabs.forEach((tab, i) => tab.addEventListener('click', () => selectTab(i)));
  tabs.forEach((tab, i) => tab.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') { selectTab(1 - i); tabs[1 - i].focus(); }
  }));
  $('sets-more').addEventListener('click', () => loadSets(setsOffset));
  on('select', renderSelection);
}

function selectTab(i) {
  $('tab-upload').setAttribute('aria-selected', String(i === 0));
  $('tab-existing').setAttribute('aria-selected', String(i === 1));
  $('panel-upload').hidden = i !== 0;
  $('panel-existing').hidden = i !== 1;
  if (i === 1 && !$('set-list').children.length) loadSets(0);
}

function addFiles(list) {
  for (const f of list) {
    if (/\.(csv|json)$/i.test(f.name)) { labelsFile = f; continue; }
    pending.push(f);
  }
  renderPending();
}

function renderPending() {
  const box = $('pending-thumbs');
  box.replaceChildren(...pending.map((f, i) => el('img', { src: URL.createObjectURL(f), alt: f.name, title: f.name,
    'data-index': i })));
  const size = pending.reduce((s, f) => s + f.size, 0);
  $('pending-summary').textContent = pending.length
    ? `${pending.length} images, ${(size / 1024 / 1024).toFixed(1)} MiB${labelsFile ? `, labels: ${labelsFile.name}` : ''}`
    : '';
  $('upload').disabled = pending.length === 0;
}

async function upload() {
  const button = $('upload');
  button.disabled = true;
  button.textContent = 'Uploading…';
  $('upload-error').textContent = '';
  try {
    const set = await api.uploadSourceSet(pending, labelsFile, $('align-faces').checked);
    pending = [];
    labelsFile = null;
    $('files').value = '';
    $('labels-file').value = '';
    renderPending();
    setCurrent(set);
    $('set-list').replaceChildren();
  } catch (e) {
    $('upload-error').textContent = describe(e);
  } finally {
    button.textContent = 'Upload as a source set';
    button.disabled = pending.length === 0;
  }
}

function describe(e) {
  if (!(e instanceof ApiError)) return String(e);
  const fields = e.errors.filter(x => x.detail !== e.message).map(x => `${x.pointer}: ${x.detail}`);
  return [e.message, ...fields].join('\n');
}

async function loadSets(offset) {
  try {
    const page = await api.sourceSets(offset, 10);
    const list = $('set-list');
    if (offset === 0) list.replaceChildren();
    if (page.total === 0) list.append(el('li', { class: 'hint', text: 'No set uploaded yet.' }));
    for (const set of page.items) {
      const models = set.encodedWith?.length ? `encoded for ${set.encodedWith.join(', ')}` : 'not encoded yet';
      list.append(el('li', {}, el('button', { type: 'button', onclick: () => setCurrent(set), 'data-set': set.id },
        el('img', { src: set.images[0], alt: '', loading: 'lazy' }),
        el('span', { class: 'meta' },
          el('strong', { text: `${set.imageCount} images${set.attributes?.length ? ' · labelled' : ''}` }),
          el('span', { text: `${formatDate(set.createdAt)} · ${models}` }),
          el('code', { text: set.id.slice(0, 8) })))));
    }
    setsOffset = offset + page.items.length;
    $('sets-more').hidden = !page.next;
  } catch (e) {
    $('set-list').replaceChildren(el('li', { class: 'error', text: describe(e) }));
  }
}

/** Makes {@code set} the current source set (by document, or by id). */
export async function setCurrent(set) {
  if (typeof set === 'string') set = await api.sourceSet(set);
  state.set = set;
  state.selected = null;
  state.outside = null;
  $('current-set').hidden = false;
  $('current-set-id').textContent = set.id.slice(0, 8);
  $('current-set-id').title = set.id;
  $('current-set-summary').textContent = `${set.imageCount} images`
    + (set.attributes?.length ? ` · attributes: ${set.attributes.join(', ')}` : ' · no labels')
    + ` · ${formatDate(set.createdAt)}`;
  const thumbs = $('set-thumbs');
  thumbs.replaceChildren(...set.images.map((src, i) => el('button', {
    type: 'button', role: 'option', 'aria-selected': 'false', 'data-index': i,
    title: `${i}: ${set.fileNames[i]}`, 'aria-label': `source ${i}: ${set.fileNames[i]}`,
    onclick: () => { state.selected = i; state.outside = null; emit('select', i); },
  }, el('img', { src, alt: '', loading: 'lazy' }), el('span', { class: 'idx', text: String(i) }))));
  emit('set', set);
}

function renderSelection(index) {
  for (const b of $('set-thumbs').children) b.setAttribute('aria-selected', String(Number(b.dataset.index) === index));
}
