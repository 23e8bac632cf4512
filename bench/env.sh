# Sourced by serve.sh and queries.py's wrapper: the production-mode environment Fireside
# is benchmarked under. Everything lives in /tmp/fireside-bench; nothing is written to var/.
BENCH_ROOT=/tmp/fireside-bench
export FIRESIDE_ENV=production
export DEBUG=false
export SECRET_KEY=fireside-benchmark-only-not-a-real-secret-0123456789   # 32+ chars
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL=sqlite:///$BENCH_ROOT/fireside.sqlite3
export FIRESIDE_VAR_DIR=$BENCH_ROOT/var     # STATIC_ROOT = var/static, MEDIA_ROOT = var/media
export SITE_URL=http://127.0.0.1:${PORT:-8103}
export EMAIL_URL=locmem:                    # production's default is smtp://localhost:25
export SECURE_SSL_REDIRECT=false            # the defaults, spelled out: plain http on loopback
export SECURE_HSTS_SECONDS=0
export BEHIND_PROXY=false
export LOG_LEVEL=WARNING
unset REDIS_URL SECRET_KEY_FILE             # locmem cache, like a single default box
export PYTHONPYCACHEPREFIX=$BENCH_ROOT/pycache
export DJANGO_SETTINGS_MODULE=fireside.settings
