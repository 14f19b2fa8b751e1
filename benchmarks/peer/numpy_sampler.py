#!/usr/bin/env python3
"""The LatentPatch sampler in NumPy: a peer implementation to measure ours against.

Same algorithm and the same work as `latentpatch bench sampler` (BenchCommand.Sampler): a random Gaussian
bank of B sources, r channels, M x M grids; S coarse-to-fine scales (bilinear, half-pixel centres) from
m_1 = round(0.625 M); patches of side omega every w cells; at each step the k nearest candidates on the valid
cells, one drawn uniformly; N images in lockstep so that one pass over the candidates serves all of them.
Distances are masked GEMMs with the norm expansion d = |q|^2_V + |p|^2_V - 2 q.p (per-cell norms of the
bank precomputed per scale, the query's invalid cells zeroed), float32, on whatever BLAS NumPy links
(Debian: OpenBLAS). Results are NOT bit-identical to ours (different random streams, BLAS rounding); the
point is the speed of a straightforward, well-vectorised implementation.

Last line, like ours: images_per_s=<number> ms_per_image=<number>
"""
import argparse
import os
import platform
import sys
import time

import numpy as np


def coarsest(m, fraction=0.625):
    return max(1, min(m, int(np.floor(fraction * m + 0.5))))


def schedule(m, scales):
    """Sizes of the S passes, as ScaleSchedule: S evenly spaced sizes from m_1 to M, rounded, distinct."""
    first = coarsest(m)
    if scales == 1:
        return [m]
    sizes = []
    for s in range(scales):
        v = int(np.floor(first + (m - first) * s / (scales - 1) + 0.5))
        if not sizes or v > sizes[-1]:
            sizes.append(v)
    sizes[-1] = m
    return sizes


def axis_matrix(n_in, n_out):
    """n_out x n_in bilinear weights (half-pixel centres, clamped), as Resize.axisWeights."""
    w = np.zeros((n_out, n_in), np.float32)
    scale = n_in / n_out
    for o in range(n_out):
        pos = max(0.0, (o + 0.5) * scale - 0.5)
        lo = min(int(np.floor(pos)), n_in - 1)
        hi = min(lo + 1, n_in - 1)
        f = np.float32(pos - lo)
        w[o, lo] += 1 - f
        w[o, hi] += f
    return w


def resize(grids, n_out):
    """Bilinear resize of [..., y, x, c] grids."""
    n_in = grids.shape[-2]
    if n_in == n_out:
        return grids
    a = axis_matrix(n_in, n_out)
    out = np.einsum('oy,...yxc->...oxc', a, grids, optimize=True)
    return np.einsum('px,...oxc->...opc', a, out, optimize=True).astype(np.float32)


def corners(m, patch, stride):
    cs = list(range(0, m - patch + 1, stride))
    if cs[-1] != m - patch:
        cs.append(m - patch)
    return cs


def sample_group(levels, norms, sizes, patch, stride, ks, n, rng):
    """Samples n images in lockstep; returns their provenance maps [n, M, M].

    levels[s] is [y][b][x*r] (row y of every candidate contiguous per candidate), so a patch row of all
    candidates is a strided (B, patch*r) view that BLAS reads in place; norms[s] is [y][b][x].
    """
    b_count = levels[0].shape[1]
    r = levels[0].shape[2] // sizes[0]
    canvas = None
    src = None
    for s, m in enumerate(sizes):
        level, norm = levels[s], norms[s]
        if s == 0:
            canvas = np.zeros((n, m, m, r), np.float32)
            valid = np.zeros((m, m), bool)
            src = np.full((n, m, m), -1, np.int32)
        else:
            canvas = resize(canvas, m)
            idx = np.minimum(((np.arange(m) + 0.5) * sizes[s - 1] / m).astype(int), sizes[s - 1] - 1)
            src = src[:, idx][:, :, idx]
            valid = np.ones((m, m), bool)
        cs = corners(m, patch, stride)
        k = min(ks[s], b_count)
        rows = np.arange(n)
        x0, x1 = 0, 0
        for cy in cs:
            for cx in cs:
                v = valid[cy:cy + patch, cx:cx + patch]
                x0, x1 = cx * r, (cx + patch) * r
                if not v.any():
                    chosen = rng.integers(0, b_count, n)
                else:
                    # masked GEMMs, one per patch row: queries with invalid cells zeroed, candidates read in place
                    dot = None
                    pn = None
                    qn = np.zeros(n, np.float32)
                    for dy in range(patch):
                        vy = v[dy]
                        if not vy.any():
                            continue
                        y = cy + dy
                        q = (canvas[:, y, cx:cx + patch, :] * vy[None, :, None]).reshape(n, patch * r)
                        g = q @ level[y][:, x0:x1].T
                        dot = g if dot is None else dot + g
                        row = norm[y][:, cx:cx + patch][:, vy].sum(axis=1)
                        pn = row if pn is None else pn + row
                        qn += (q * q).sum(axis=1)
                    d = qn[:, None] + pn[None, :] - 2 * dot
                    top = np.argpartition(d, k - 1, axis=1)[:, :k]
                    order = np.argsort(np.take_along_axis(d, top, axis=1), axis=1, kind='stable')
                    top = np.take_along_axis(top, order, axis=1)
                    chosen = top[rows, rng.integers(0, k, n)]
                for dy in range(patch):
                    canvas[:, cy + dy, cx:cx + patch, :] = level[cy + dy][chosen, x0:x1].reshape(n, patch, r)
                src[:, cy:cy + patch, cx:cx + patch] = chosen[:, None, None]
                valid[cy:cy + patch, cx:cx + patch] = True
    return src


def blas_info():
    try:
        import ctypes
        maps = open('/proc/self/maps').read().split()
        libs = sorted({p for p in maps if 'openblas' in p or 'libblas' in p})
        for path in libs:
            lib = ctypes.CDLL(path)
            if hasattr(lib, 'openblas_get_corename'):
                lib.openblas_get_corename.restype = ctypes.c_char_p
                return 'OpenBLAS %s kernel=%s threads=%d' % (path, lib.openblas_get_corename().decode(), lib.openblas_get_num_threads())
        return ', '.join(libs) or 'unknown BLAS'
    except OSError as e:
        return 'unknown BLAS (%s)' % e


def cpu_model():
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown CPU'


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    for flag in ('sources', 'grid', 'dims', 'patch', 'stride', 'scales', 'k', 'images'):
        ap.add_argument('--' + flag, type=int, required=True)
    ap.add_argument('--lockstep', type=int, default=0, help='images per lockstep group (default: 32 for B > 64, else 8)')
    ap.add_argument('--warmup', type=int, default=None, help='images sampled before timing (default: one group)')
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args(argv)
    for flag in ('sources', 'grid', 'dims', 'patch', 'stride', 'scales', 'k', 'images'):
        if getattr(a, flag) < 1:
            ap.error('--%s must be >= 1' % flag)
    limit = schedule(a.grid, a.scales)[0]
    if not 1 <= a.stride < a.patch <= limit:
        ap.error('need 1 <= stride < patch <= the coarsest scale (%d)' % limit)
    group = a.lockstep or (32 if a.sources > 64 else 8)
    print('machine: %s, %d cores; numpy %s; %s' % (cpu_model(), os.cpu_count(), np.__version__, blas_info()))
    print('config: sources=%d grid=%d dims=%d patch=%d stride=%d scales=%d k=%d images=%d lockstep=%d'
          % (a.sources, a.grid, a.dims, a.patch, a.stride, a.scales, a.k, a.images, group))
    rng = np.random.default_rng(a.seed)
    t0 = time.perf_counter()
    full = rng.standard_normal((a.sources, a.grid, a.grid, a.dims), dtype=np.float32)
    sizes = schedule(a.grid, a.scales)
    scaled = [resize(full, m) for m in sizes]
    del full
    norms = [np.ascontiguousarray(np.einsum('byxc,byxc->ybx', l, l)) for l in scaled]
    levels = [np.ascontiguousarray(l.transpose(1, 0, 2, 3)).reshape(l.shape[1], a.sources, -1) for l in scaled]
    del scaled
    print('bank: B=%d scales=%s, %.1f MB, built in %.0f ms' % (a.sources, sizes, sum(l.nbytes + n.nbytes for l, n in zip(levels, norms)) / 1e6,
                                                                (time.perf_counter() - t0) * 1e3))
    ks = [a.k] * len(sizes)
    warm = a.warmup if a.warmup is not None else group
    done = 0
    while done < warm:
        sample_group(levels, norms, sizes, a.patch, a.stride, ks, min(group, warm - done), rng)
        done += group
    start = time.perf_counter()
    done = 0
    checksum = 0
    while done < a.images:
        src = sample_group(levels, norms, sizes, a.patch, a.stride, ks, min(group, a.images - done), rng)
        checksum = (checksum * 31 + int(src[:, 0, 0].sum())) % (1 << 61)
        done += group
    seconds = time.perf_counter() - start
    print('measured: %d images in %.3f s (checksum %d)' % (a.images, seconds, checksum))
    print('images_per_s=%.1f ms_per_image=%.4f' % (a.images / seconds, seconds * 1e3 / a.images))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
