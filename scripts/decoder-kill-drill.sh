#!/usr/bin/env bash
# SIGKILL drill against a running `latentpatch up` stack: ROUNDS times, submit a COUNT-image job, wait for its first
# finished image, SIGKILL one decoder replica (round robin over the replicas), wait for the job; then check that it
# SUCCEEDED, that every image 0..COUNT-1 is listed exactly once, and that the supervisor restarted that replica
# (its restart count went up and it is RUNNING again). One line per round; exit status 1 when a round fails.
#
#   ./latentpatch up --scale sampler=2,decoder=2 &            # in another terminal
#   scripts/decoder-kill-drill.sh --sources ../shared/data/faces-16 [--rounds 5] [--count 32] [--model taef2]
#
# Needs curl and python3. LATENTPATCH names the launcher (default ./latentpatch).
set -euo pipefail
DATA=var/local-stack ROUNDS=5 COUNT=32 MODEL=taef2 SOURCES= TIMEOUT=600
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --count) COUNT=$2; shift 2 ;;
    --model) MODEL=$2; shift 2 ;;
    --sources) SOURCES=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$SOURCES" ] || { echo "give --sources DIR" >&2; exit 2; }
LP=${LATENTPATCH:-./latentpatch}
CONTROL=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['url'])" "$DATA/control.json")
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
stack() { curl -sf "$CONTROL/v1/stack"; }
GATEWAY=$(stack | json "[r['url'] for r in d['replicas'] if r['stage']=='gateway'][0]")
DECODERS=$(stack | json "len([r for r in d['replicas'] if r['stage']=='decoder'])")
[ "$DECODERS" -gt 0 ] || { echo "the stack has no decoder replica" >&2; exit 2; }
SET=$("$LP" submit --gateway "$GATEWAY" --sources "$SOURCES" --model "$MODEL" --count 1 --seed 0 2>&1 >/dev/null \
      | sed -n 's/.*as source set \([^ ]*\).*/\1/p')
failed=0
for round in $(seq 1 "$ROUNDS"); do
  victim=$(( (round - 1) % DECODERS ))
  replica="select=[r for r in d['replicas'] if r['stage']=='decoder' and r['index']==$victim][0]"
  restarts_before=$(stack | json "[r['restarts'] for r in d['replicas'] if r['stage']=='decoder' and r['index']==$victim][0]")
  job=$("$LP" submit --gateway "$GATEWAY" --source-set "$SET" --model "$MODEL" --count "$COUNT" --seed "$round" 2>/dev/null)
  start=$(date +%s.%N)
  until [ "$(curl -sf "$GATEWAY/v1/jobs/$job" | json "d['progress']['done']")" -ge 1 ]; do sleep 0.2; done
  pid=$(stack | json "[r['pid'] for r in d['replicas'] if r['stage']=='decoder' and r['index']==$victim][0]")
  done_at_kill=$(curl -sf "$GATEWAY/v1/jobs/$job" | json "d['progress']['done']")
  kill -9 "$pid"
  deadline=$(( $(date +%s) + TIMEOUT ))
  while :; do
    state=$(curl -sf "$GATEWAY/v1/jobs/$job" | json "d['state']")
    case "$state" in SUCCEEDED|FAILED|CANCELLED) break ;; esac
    [ "$(date +%s)" -lt "$deadline" ] || { state=TIMEOUT; break; }
    sleep 0.5
  done
  seconds=$(python3 -c "import time; print(round(time.time() - $start, 1))")
  images=$(curl -sf "$GATEWAY/v1/jobs/$job" | json "sorted(i['index'] for i in d['links']['images'])==list(range($COUNT))")
  until stack | json "[r for r in d['replicas'] if r['stage']=='decoder' and r['index']==$victim][0]['state']" | grep -q RUNNING; do
    [ "$(date +%s)" -lt "$deadline" ] || break
    sleep 0.5
  done
  after=$(stack | json "[(r['restarts'], r['state'], r['pid']) for r in d['replicas'] if r['stage']=='decoder' and r['index']==$victim][0]")
  restarts_after=$(echo "$after" | python3 -c "import sys,ast; print(ast.literal_eval(sys.stdin.read())[0])")
  ok=yes
  [ "$state" = SUCCEEDED ] && [ "$images" = True ] && [ "$restarts_after" -gt "$restarts_before" ] || { ok=NO; failed=1; }
  echo "round $round: job $job killed decoder-worker#$victim (pid $pid) at $done_at_kill/$COUNT -> $state in ${seconds}s," \
       "each of $COUNT images exactly once: $images; replica (restarts, state, pid) now $after; ok=$ok"
done
exit $failed
