// Modes: random, reference (a picked source), edit (picked target + named regions or a painted
// mask), attributes (a filter built from the set's labels). Adds the mode's fields to a job.
import { api } from './api.js';
import { $, el, emit, on, state } from './state.js';

const HINTS = {
  random: 'New faces assembled from patches of the sources.',
  reference: 'Faces that follow the layout of one reference image: pick it among the source thumbnails.',
  edit: 'Regenerate part of one source image from the others: pick the target, then the region.',
  attributes: 'Copy only from sources whose labels match the filter.',
};

let painter;

export function initModes() {
  for (const r of document.querySelectorAll('input[name=mode]')) r.addEventListener('change', render);
  for (const r of document.querySelectorAll('input[name=region-kind]')) r.addEventListener('change', render);
  on('select', renderTarget);
  on('set', (set) => { renderTarget(null); buildFilters(set); });
  for (const input of document.querySelectorAll('.outside-file')) input.addEventListener('change', uploadOutside);
  painter = new MaskPainter($('mask-canvas'));
  $('mask-clear').addEventListener('click', () => painter.clear());
  $('brush-size').addEventListener('input', (e) => { painter.size = Number(e.target.value); });
  for (const r of document.querySelectorAll('input[name=tool]')) {
    r.addEventListener('change', (e) => { painter.erasing = e.target.value === 'eraser'; });
  }
  render();
}

export function currentMode() {
  return document.querySelector('input[name=mode]:checked').value;
}

/** Switches the mode radios (used by "run again" and the tests' flows). */
export function setMode(mode) {
  const r = document.querySelector(`input[name=mode][value="${mode}"]`);
  if (r) { r.checked = true; render(); }
}

function regionKind() {
  return document.querySelector('input[name=region-kind]:checked').value;
}

function render() {
  const mode = currentMode();
  $('mode-hint').textContent = HINTS[mode];
  $('mode-reference').hidden = mode !== 'reference';
  $('mode-edit').hidden = mode !== 'edit';
  $('mode-attributes').hidden = mode !== 'attributes';
  $('region-named').hidden = regionKind() !== 'named';
  $('region-mask').hidden = regionKind() !== 'mask';
  updatePreview();
}

function renderTarget(index) {
  const picked = index !== null && index !== undefined && state.set;
  const name = state.outside ? `outside image ${state.outside.name}`
    : picked ? `${index}: ${state.set.fileNames[index]}` : 'click a source thumbnail above';
  $('reference-name').textContent = name;
  $('target-name').textContent = name;
  const frame = $('mask-canvas').parentElement;
  frame.style.backgroundImage = state.outside ? `url("${state.outside.url}")` : picked ? `url("${state.set.images[index]}")` : '';
  if (!state.outside) for (const input of document.querySelectorAll('.outside-file')) input.value = '';
}

/** Uploads an outside reference / edit target for the current set (POST /v1/source-sets/{id}/references). */
async function uploadOutside(e) {
  const file = e.target.files[0];
  const slot = document.querySelector('[data-field="referenceImage"]');
  slot.textContent = '';
  if (!file || !state.set) return;
  try {
    const stored = await api.uploadReference(state.set.id, file);
    state.outside = { key: stored.referenceImage, url: URL.createObjectURL(file), name: file.name };
    state.selected = null;
    emit('select', null);
  } catch (err) {
    slot.textContent = err.message;
    e.target.value = '';
  }
}

function buildFilters(set) {
  const box = $('attribute-filters');
  box.replaceChildren();
  if (!set.attributes?.length) {
    box.append(el('p', { class: 'hint', text: 'This set has no labels: upload it with a labels CSV/JSON to filter by attributes.' }));
    return;
  }
  for (const attr of set.attributes) {
    const values = [...new Set(set.labels.map(l => l?.[attr]).filter(v => v !== undefined && v !== null && v !== ''))].sort();
    const select = el('select', { 'data-attr': attr, onchange: updatePreview },
      el('option', { value: '', text: 'any' }),
      values.map(v => el('option', { value: `=${v}`, text: `= ${v}` })),
      values.map(v => el('option', { value: `!=${v}`, text: `≠ ${v}` })));
    box.append(el('label', {}, attr, select));
  }
  updatePreview();
}

function whereClause() {
  return [...document.querySelectorAll('#attribute-filters select')]
    .filter(s => s.value).map(s => `${s.dataset.attr}${s.value}`).join(',');
}

function updatePreview() {
  const where = whereClause();
  const set = state.set;
  if (!set?.labels || !where) { $('attribute-preview').textContent = where ? '' : 'Choose at least one attribute.'; return; }
  const tests = where.split(',').map(t => { const [a, op, v] = t.split(/(!=|=)/); return { a, op, v }; });
  const n = set.labels.filter(l => l && tests.every(t => (String(l[t.a]) === t.v) === (t.op === '='))).length;
  $('attribute-preview').textContent = `${n} of ${set.imageCount} sources match "${where}" (at least 2 needed).`;
}

/**
 * The mode's part of a job's params, uploading a painted mask first. Throws an Error with a
 * {@code field} when the mode is missing an input.
 */
export async function modeParams() {
  const mode = currentMode();
  if (mode === 'random') return {};
  if (mode === 'attributes') {
    const where = whereClause();
    if (!where) throw fieldError('where', 'choose at least one attribute value to filter on');
    return { mode, where };
  }
  const target = state.outside ? { referenceImage: state.outside.key } : { reference: state.selected };
  if (!state.outside && (state.selected === null || state.selected === undefined)) {
    throw fieldError(mode === 'edit' ? 'region' : 'reference',
      `pick the ${mode === 'edit' ? 'target' : 'reference'} by clicking one of the source thumbnails, or upload an outside image`);
  }
  if (mode === 'reference') return { mode, ...target };
  if (regionKind() === 'named') {
    const names = [...document.querySelectorAll('input[name=region]:checked')].map(c => c.value);
    if (!names.length) throw fieldError('region', 'tick at least one region');
    return { mode, ...target, region: names };
  }
  if (painter.isEmpty()) throw fieldError('region', 'paint the region to regenerate on the target first');
  const stored = await api.uploadMask(state.set.id, await painter.toPng());
  return { mode, ...target, region: stored.region };
}

function fieldError(field, message) {
  const e = new Error(message);
  e.field = field;
  return e;
}

/**
 * Brush/eraser painting on a canvas laid over the target image. Strokes are white on transparent;
 * {@link #toPng} flattens them onto black, the mask format the gateway expects. Keyboard: arrow keys
 * move the brush, Space paints, Delete clears.
 */
class MaskPainter {
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.size = 20;
    this.erasing = false;
    this.drawing = false;
    this.cursor = { x: canvas.width / 2, y: canvas.height / 2 };
    this.last = null;
    canvas.addEventListener('pointerdown', (e) => {
      this.drawing = true;
      canvas.setPointerCapture(e.pointerId);
      this.last = null;
      this.stroke(e);
    });
    canvas.addEventListener('pointermove', (e) => { if (this.drawing) this.stroke(e); });
    for (const t of ['pointerup', 'pointercancel']) canvas.addEventListener(t, () => { this.drawing = false; this.last = null; });
    canvas.addEventListener('keydown', (e) => this.key(e));
  }

  point(e) {
    const r = this.canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * this.canvas.width / r.width, y: (e.clientY - r.top) * this.canvas.height / r.height };
  }

  /** A round-capped segment from the previous pointer position, so fast drags leave no gaps. */
  stroke(e) {
    const p = this.point(e);
    const from = this.last || p;
    const c = this.ctx;
    c.globalCompositeOperation = this.erasing ? 'destination-out' : 'source-over';
    c.strokeStyle = '#fff';
    c.lineWidth = this.size;
    c.lineCap = 'round';
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(p.x, p.y);
    c.stroke();
    this.last = p;
  }

  dab({ x, y }) {
    const c = this.ctx;
    c.globalCompositeOperation = this.erasing ? 'destination-out' : 'source-over';
    c.fillStyle = '#fff';
    c.beginPath();
    c.arc(x, y, this.size / 2, 0, Math.PI * 2);
    c.fill();
  }

  key(e) {
    const step = 8;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[e.key]) {
      e.preventDefault();
      this.cursor.x = Math.min(this.canvas.width, Math.max(0, this.cursor.x + moves[e.key][0]));
      this.cursor.y = Math.min(this.canvas.height, Math.max(0, this.cursor.y + moves[e.key][1]));
      if (e.shiftKey) this.dab(this.cursor);
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      this.dab(this.cursor);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      this.clear();
    }
  }

  clear() {
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
  }

  isEmpty() {
    const data = this.ctx.getImageData(0, 0, this.canvas.width, this.canvas.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 127) return false;
    return true;
  }

  toPng() {
    const out = document.createElement('canvas');
    out.width = this.canvas.width;
    out.height = this.canvas.height;
    const c = out.getContext('2d');
    c.fillStyle = '#000';
    c.fillRect(0, 0, out.width, out.height);
    c.drawImage(this.canvas, 0, 0);
    return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
  }
}
