// Gallery: images appear as they finish; a slider/toggle overlays each image's provenance map; the
// hover names the source of the latent cell under the cursor; details show the per-image report
// and the downloads (PNG, provenance, latent .npy); the whole job downloads as a zip.
import { api, fetchNpy } from './api.js';
import { $, el, on, state } from './state.js';

let shownJob = null;
const shown = new Set();
const setNames = new Map();

export function initGallery() {
  on('job', render);
  const overlay = $('overlay');
  overlay.addEventListener('input', () => applyOverlay(Number(overlay.value)));
  $('overlay-toggle').addEventListener('click', () => {
    const on = $('overlay-toggle').getAttribute('aria-pressed') !== 'true';
    overlay.value = on ? '65' : '0';
    applyOverlay(Number(overlay.value));
  });
}

function applyOverlay(percent) {
  $('gallery-grid').style.setProperty('--overlay', String(percent / 100));
  const on = percent > 0;
  $('overlay-toggle').setAttribute('aria-pressed', String(on));
  $('overlay-toggle').textContent = on ? 'Hide provenance' : 'Show provenance';
}

async function namesOf(setId) {
  if (!setNames.has(setId)) {
    setNames.set(setId, state.set?.id === setId ? Promise.resolve(state.set.fileNames)
      : api.sourceSet(setId).then(s => s.fileNames).catch(() => []));
  }
  return setNames.get(setId);
}

function render(job) {
  const grid = $('gallery-grid');
  if (shownJob !== job.id) {
    shownJob = job.id;
    shown.clear();
    grid.replaceChildren();
  }
  for (const links of job.links.images) {
    if (shown.has(links.index)) continue;
    shown.add(links.index);
    const tile = makeTile(job, links);
    // Keep index order even when images finish out of order.
    const next = [...grid.children].find(t => Number(t.dataset.index) > links.index);
    grid.insertBefore(tile, next || null);
  }
  $('gallery-empty').hidden = grid.children.length > 0;
  $('gallery-title').textContent = grid.children.length ? `Gallery — ${grid.children.length} of ${job.count}` : 'Gallery';
}

function makeTile(job, links) {
  const tip = el('span', { class: 'source-tip', hidden: true });
  const cell = el('span', { class: 'cell', hidden: true });
  const image = el('img', { src: links.image, alt: `generated image ${links.index}`, loading: 'lazy' });
  const prov = el('img', { class: 'prov', src: links.provenance, alt: '', 'aria-hidden': 'true', loading: 'lazy' });
  const frame = el('div', { class: 'frame' }, image, prov, cell, tip);
  let map = null;
  let loading = null;
  frame.addEventListener('pointermove', async (e) => {
    if (!map) {
      loading = loading || Promise.all([fetchNpy(links.provenanceNpy), namesOf(job.sourceSetId)]);
      const [npy, names] = await loading;
      map = { npy, names };
    }
    const r = frame.getBoundingClientRect();
    const [h, w] = map.npy.shape;
    const x = Math.min(w - 1, Math.max(0, Math.floor((e.clientX - r.left) / r.width * w)));
    const y = Math.min(h - 1, Math.max(0, Math.floor((e.clientY - r.top) / r.height * h)));
    const source = map.npy.data[y * w + x];
    tip.textContent = `cell (${y}, ${x}) ← source ${source}${map.names[source] ? `: ${map.names[source]}` : ''}`;
    tip.hidden = false;
    Object.assign(cell.style, { left: `${x / w * 100}%`, top: `${y / h * 100}%`, width: `${100 / w}%`, height: `${100 / h}%` });
    cell.hidden = false;
  });
  frame.addEventListener('pointerleave', () => { tip.hidden = true; cell.hidden = true; });
  const details = el('button', { type: 'button', onclick: () => openDetails(job, links), 'aria-label': `details of image ${links.index}` },
    'Details');
  return el('figure', { class: 'tile', 'data-index': links.index }, frame,
    el('figcaption', {}, el('span', { text: `#${links.index}` }), details));
}

async function openDetails(job, links) {
  const dialog = $('detail');
  $('detail-title').textContent = `Image ${links.index} of job ${job.id.slice(0, 8)}`;
  const body = $('detail-body');
  body.replaceChildren(
    el('div', { class: 'detail-grid' },
      el('figure', {}, el('img', { src: links.image, alt: `image ${links.index}` }), el('figcaption', { text: 'image' })),
      el('figure', {}, el('img', { src: links.provenance, alt: `provenance of image ${links.index}` }),
        el('figcaption', { text: 'provenance (colour = source)' }))),
    el('div', { class: 'downloads' },
      el('a', { class: 'button', href: links.image, download: `${links.index}.png` }, 'PNG'),
      el('a', { class: 'button', href: links.provenance, download: `${links.index}.provenance.png` }, 'Provenance PNG'),
      el('a', { class: 'button', href: links.provenanceNpy, download: `${links.index}.provenance.npy` }, 'Provenance .npy'),
      el('a', { class: 'button', href: links.latent, download: `${links.index}.latent.npy` }, 'Latent .npy'),
      el('a', { class: 'button', href: links.report, download: `${links.index}.report.json` }, 'Report .json')),
    el('p', { class: 'hint', text: 'Loading the report…' }));
  dialog.showModal();
  try {
    const [report, names] = await Promise.all([api.report(links.report), namesOf(job.sourceSetId)]);
    body.lastChild.replaceWith(reportView(report, names));
  } catch (e) {
    body.lastChild.textContent = `No report: ${e.message}`;
  }
}

/** The per-image report (reports/{i}.json): seed, sources used, largest copied region, share per source. */
function reportView(report, names) {
  const copy = report.copyReport || {};
  const shares = Object.entries(copy.sourceShares || {}).sort((a, b) => b[1] - a[1]);
  const largest = copy.largestRegionSource;
  const rows = [
    ['seed (job / image)', `${report.seed} / ${report.imageSeed}`],
    ['mode', report.mode],
    ['sources used', `${copy.distinctSources} of ${(report.candidateSources || []).length} candidates`],
    ['largest copied region', `${((copy.largestRegionFraction || 0) * 100).toFixed(1)}% of the grid, from source ${largest}`
      + `${names[largest] ? ` (${names[largest]})` : ''}`],
  ];
  if (copy.targetShare !== undefined) rows.push(['kept from the target', `${(copy.targetShare * 100).toFixed(1)}%`]);
  const p = report.params || {};
  rows.push(['parameters', `ω=${p.patch}, w=${p.stride}, k=${p.k}, S=${p.scales}, r=${report.pca?.components}, ${p.method}, finish ${p.finish}`]);
  return el('div', {},
    el('table', { class: 'report-table' }, el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', { text: k }), el('td', { text: String(v) }))))),
    el('h3', { text: 'Share of cells per source' }),
    el('table', { class: 'report-table' }, el('tbody', {}, shares.map(([k, v]) =>
      el('tr', {}, el('td', { text: k }), el('td', { text: `${(v * 100).toFixed(1)}%` }))))));
}
