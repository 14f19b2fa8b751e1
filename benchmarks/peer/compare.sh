#!/usr/bin/env bash
# Runs our sampler (`latentpatch bench sampler`) and the NumPy peer (numpy_sampler.py) on the same settings,
# one after the other, and prints both results and the ratio peer ms/image ÷ ours.
#   benchmarks/peer/compare.sh fid      # B = 30 000, ω = 6, w = 2, S = 1, k = 10, M = 16, r = 16
#   benchmarks/peer/compare.sh paper    # B = 16, ω = 4, w = 1, S = 5, k = 3, M = 16, r = 16
#   benchmarks/peer/compare.sh --sources B --grid M --dims r --patch ω --stride w --scales S --k K --images N
# Environment: LATENTPATCH (default: the repository's ./latentpatch launcher), PYTHON (default: /usr/bin/python3,
# Debian's python3-numpy with libopenblas0-pthread), PEER_IMAGES (images for the peer, default: as ours).
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are unset for the peer's command only: some machines set them to
# work around old OpenBLAS builds, and they force a slower kernel (the peer prints the kernel it runs).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LATENTPATCH=${LATENTPATCH:-$ROOT/latentpatch}
PYTHON=${PYTHON:-/usr/bin/python3}
case "${1:-}" in
  fid) set -- --sources 30000 --grid 16 --dims 16 --patch 6 --stride 2 --scales 1 --k 10 --images 128 ;;
  paper) set -- --sources 16 --grid 16 --dims 16 --patch 4 --stride 1 --scales 5 --k 3 --images 40000 ;;
  ""|-h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
if ! "$PYTHON" -c 'import numpy' 2>/dev/null; then
  echo "compare.sh: $PYTHON has no numpy; install Debian's python3-numpy and libopenblas0-pthread, or set PYTHON" >&2
  exit 1
fi
ours_args=("$@")
peer_args=("$@")
if [ -n "${PEER_IMAGES:-}" ]; then
  for i in "${!peer_args[@]}"; do
    if [ "${peer_args[$i]}" = "--images" ]; then peer_args[$((i + 1))]=$PEER_IMAGES; fi
  done
fi
echo "== ours: latentpatch bench sampler ${ours_args[*]}"
ours=$("$LATENTPATCH" bench sampler "${ours_args[@]}" 2>&1 | grep -v '^WARNING: Using incubator modules' | tee /dev/stderr | tail -1)
echo "== peer: numpy_sampler.py ${peer_args[*]}"
peer=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PYTHON" "$ROOT/benchmarks/peer/numpy_sampler.py" "${peer_args[@]}" | tee /dev/stderr | tail -1)
ms() { sed -n 's/.*ms_per_image=\([0-9.]*\).*/\1/p' <<<"$1"; }
o=$(ms "$ours"); p=$(ms "$peer")
if [ -z "$o" ] || [ -z "$p" ]; then echo "compare.sh: could not read ms_per_image from both runs" >&2; exit 1; fi
awk -v o="$o" -v p="$p" 'BEGIN { printf "ours_ms_per_image=%s peer_ms_per_image=%s ratio_peer_over_ours=%.2f\n", o, p, p / o }'
