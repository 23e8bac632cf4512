#!/usr/bin/env bash
# run.sh — one sitting: measure the floor, Spirit's topic page, Fireside's public pages and
# the floor again with the peer kit's measure.sh, then ratios (compare.py) and query counts.
# Expects the servers up: kit serve.sh 8101 (Spirit), kit serve_floor.sh 8102, bench/serve.sh 8103.
# Raw outputs: bench/results/<date>-*.txt (DATE=... to override the prefix).
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
KIT=${KIT:-$(cd "$BENCH/../../shared/peers/spirit" && pwd)}
SECS=${SECS:-10}
DATE=${DATE:-$(date -u +%Y-%m-%d)}
OUT=$BENCH/results; mkdir -p "$OUT"
R=$OUT/$DATE
TOPIC=$(cat /tmp/peer-spirit/topic_path)
snapshot() {  # what else is running: load average and the busiest processes
  echo "== $1: $(date -u +%FT%TZ)"; uptime
  ps -eo pid,pcpu,etime,args --sort=-pcpu | head -8 | cut -c1-160
}
{
  echo "nproc=$(nproc) arch=$(uname -m) kernel=$(uname -r)"
  grep -m1 'model name' /proc/cpuinfo || true
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "fireside: $("$BENCH/../.venv/bin/python" -c 'from importlib.metadata import version as v; print(*(f"{p}=={v(p)}" for p in ("Django","gunicorn","whitenoise")))')"
  echo "peer: $(cat /tmp/peer-spirit/versions.txt)"
  echo "SECS=$SECS per concurrency, after a 2 s warm-up"
  snapshot before
} >"$R-machine.txt"
m() { "$KIT/measure.sh" "$2" "$SECS" | tee "$R-$1.txt"; }
m floor     http://127.0.0.1:8102/
m spirit    "http://127.0.0.1:8101$TOPIC"
m directory http://127.0.0.1:8103/communities/
m community http://127.0.0.1:8103/communities/1/
m program   http://127.0.0.1:8103/programs/1/
m floor-after http://127.0.0.1:8102/
snapshot after >>"$R-machine.txt"
{
  for p in directory community program spirit; do
    echo "== $p / floor (start of sitting)"; python3 "$KIT/compare.py" "$R-$p.txt" "$R-floor.txt"
    echo "== $p / floor (end of sitting)";   python3 "$KIT/compare.py" "$R-$p.txt" "$R-floor-after.txt"
  done
  for p in directory community program; do
    echo "== $p / spirit"; python3 "$KIT/compare.py" "$R-$p.txt" "$R-spirit.txt"
  done
} | tee "$R-compare.txt"
{
  "$BENCH/../.venv/bin/python" "$BENCH/queries.py"
  /tmp/peer-spirit/venv/bin/python "$KIT/queries.py"
} | tee "$R-queries.txt"
cat "$R-machine.txt"
