#!/usr/bin/env bash
# stop.sh — stop the gunicorn that bench/serve.sh started, by its saved pid, nothing else.
f=/tmp/fireside-bench/gunicorn.pid
[ -f "$f" ] || { echo "not running (no $f)"; exit 0; }
pid=$(cat "$f")
if kill "$pid" 2>/dev/null; then
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  echo "stopped pid $pid ($f)"
fi
rm -f "$f"
