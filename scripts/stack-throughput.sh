#!/usr/bin/env bash
# Throughput of a running `latentpatch up` stack: submits JOBS jobs at once, each on a fresh upload of the same
# sources (so every job is encoded, sampled and decoded), waits for all, and prints jobs/min and images/min with
# the replica counts and the stages' mean work time per message from the services' own metrics.
#
#   scripts/stack-throughput.sh --sources DIR [--jobs 4] [--count 16] [--model taef2] [--data-dir var/local-stack]
#
# Needs curl and python3. LATENTPATCH names the launcher (default ./latentpatch).
set -euo pipefail
DATA=var/local-stack JOBS=4 COUNT=16 MODEL=taef2 SOURCES=
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    --count) COUNT=$2; shift 2 ;;
    --model) MODEL=$2; shift 2 ;;
    --sources) SOURCES=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$SOURCES" ] || { echo "give --sources DIR" >&2; exit 2; }
LP=${LATENTPATCH:-./latentpatch}
CONTROL=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['url'])" "$DATA/control.json")
STACK=$(curl -sf "$CONTROL/v1/stack")
GATEWAY=$(echo "$STACK" | python3 -c "import json,sys; d=json.load(sys.stdin); print([r['url'] for r in d['replicas'] if r['stage']=='gateway'][0])")
REPLICAS=$(echo "$STACK" | python3 -c "import json,sys; d=json.load(sys.stdin); print(','.join(s['stage']+'='+str(s['ready']) for s in d['stages']))")
# Sum of processing time and count per stage over every replica (before and after).
stage_totals() {
  curl -sf "$CONTROL/v1/stack" | python3 -c '
import json, sys, urllib.request, re
d = json.load(sys.stdin)
tot = {}
for r in d["replicas"]:
    if r["stage"] == "gateway": continue
    text = urllib.request.urlopen(r["url"] + "/q/metrics").read().decode()
    for name in ("sum", "count"):
        m = re.search(r"^latentpatch_stage_processing_seconds_%s\{[^}]*stage=\"(\w+)\"[^}]*\} (\S+)" % name, text, re.M)
        if m: tot[(m.group(1), name)] = tot.get((m.group(1), name), 0.0) + float(m.group(2))
    for name in ("latentpatch_decode_images_total", "latentpatch_encode_images_total"):
        m = re.search(r"^%s(?:\{[^}]*\})? (\S+)" % name, text, re.M)
        if m: tot[(name, "n")] = tot.get((name, "n"), 0.0) + float(m.group(1))
print(json.dumps({"%s/%s" % k: v for k, v in tot.items()}))'
}
BEFORE=$(stage_totals)
start=$(date +%s.%N)
ids=()
for j in $(seq 1 "$JOBS"); do
  ids+=("$("$LP" submit --gateway "$GATEWAY" --sources "$SOURCES" --model "$MODEL" --count "$COUNT" --seed "$j" 2>/dev/null)")
done
for id in "${ids[@]}"; do
  until curl -sf "$GATEWAY/v1/jobs/$id" | python3 -c "import json,sys; d=json.load(sys.stdin); sys.exit(0 if d['terminal'] else 1)"; do sleep 0.5; done
  state=$(curl -sf "$GATEWAY/v1/jobs/$id" | python3 -c "import json,sys; print(json.load(sys.stdin)['state'])")
  [ "$state" = SUCCEEDED ] || { echo "job $id ended $state" >&2; exit 1; }
done
end=$(date +%s.%N)
AFTER=$(stage_totals)
python3 - "$BEFORE" "$AFTER" "$start" "$end" "$JOBS" "$COUNT" "$REPLICAS" "$MODEL" <<'PY'
import json, sys
b, a = json.loads(sys.argv[1]), json.loads(sys.argv[2])
start, end, jobs, count, replicas, model = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7], sys.argv[8]
secs = end - start
d = lambda k: a.get(k, 0.0) - b.get(k, 0.0)
per = []
for st in ("encode", "sample", "decode"):
    n = d(st + "/count")
    per.append("%s %.0f ms/msg over %d msgs" % (st, 1000 * d(st + "/sum") / n if n else 0, n))
enc = d("latentpatch_encode_images_total/n")
dec = d("latentpatch_decode_images_total/n")
print("replicas %s model %s: %d jobs x %d images in %.1f s -> %.2f jobs/min, %.1f images/min; %s; encode %.0f ms/source image, decode %.0f ms/image (work time, summed over replicas)"
      % (replicas, model, jobs, count, secs, jobs * 60 / secs, jobs * count * 60 / secs, "; ".join(per),
         1000 * d("encode/sum") / enc if enc else 0, 1000 * d("decode/sum") / dec if dec else 0))
PY
