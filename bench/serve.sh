#!/usr/bin/env bash
# serve.sh [PORT] — serve Fireside like the peer kit (../shared/peers/spirit) serves Spirit:
# gunicorn, 2 sync workers, 127.0.0.1:PORT (default 8103), DEBUG off (FIRESIDE_ENV=production),
# in the background. Database, static files, pid and log live in /tmp/fireside-bench/.
# Idempotent set-up first: migrate, seed_demo, collectstatic (production uses whitenoise's
# CompressedManifestStaticFilesStorage, which needs the manifest).
set -euo pipefail
PORT=${1:-8103}
BENCH=$(cd "$(dirname "$0")" && pwd)
APP=$(dirname "$BENCH")
# shellcheck source=env.sh
. "$BENCH/env.sh"
PY=$APP/.venv/bin/python
PIDFILE=$BENCH_ROOT/gunicorn.pid
LOG=$BENCH_ROOT/gunicorn.log
mkdir -p "$BENCH_ROOT"
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "already running: pid $(cat "$PIDFILE") ($PIDFILE)"; exit 1
fi
cd "$APP"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_demo | head -1
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py check --deploy --fail-level ERROR >"$BENCH_ROOT/check-deploy.txt" 2>&1 || true
nohup "$APP/.venv/bin/gunicorn" fireside.wsgi:application \
  --workers 2 --worker-class sync --bind "127.0.0.1:$PORT" >"$LOG" 2>&1 &
echo $! >"$PIDFILE"
for _ in $(seq 100); do
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "serving Fireside on http://127.0.0.1:$PORT (pid $(cat "$PIDFILE"), log $LOG)"; exit 0
  fi
  kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break
  sleep 0.2
done
echo "gunicorn did not come up; log $LOG:"; tail -20 "$LOG"; exit 1
