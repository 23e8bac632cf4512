"""queries.py [-v] [PATH ...] — render Fireside pages in-process, anonymous (like the load
test), under the same production environment as bench/serve.sh (bench/env.sh), and count
their SQL queries: the first render warms up, the second is counted.

    .venv/bin/python bench/queries.py            # the benchmarked pages
    .venv/bin/python bench/queries.py -v /communities/1/   # -v lists the SQL

Run bench/serve.sh once first (it migrates and seeds /tmp/fireside-bench/fireside.sqlite3).
Mirrors ../shared/peers/spirit/queries.py.
"""

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
APP = BENCH.parent
# Take the environment from env.sh itself, so the numbers match what gunicorn serves.
dump = subprocess.run(  # noqa: S603 - our own env.sh, run by bash
    ["/bin/bash", "-c", f'. "{BENCH}/env.sh" && env -0'], check=True, capture_output=True
).stdout
os.environ.update(dict(kv.split("=", 1) for kv in dump.decode().split("\0") if "=" in kv))
sys.path.insert(0, str(APP))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

assert not settings.DEBUG and settings.PRODUCTION, "expected production settings"
assert Path(settings.DATABASES["default"]["NAME"]).is_file(), "run bench/serve.sh first"

PATHS = ["/", "/communities/", "/communities/1/", "/programs/1/"]
args = [a for a in sys.argv[1:] if a != "-v"]
client = Client(HTTP_HOST="127.0.0.1")
for path in args or PATHS:
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(path)
    print(
        f"{path}: status={resp.status_code} bytes={len(resp.content)} "
        f"queries={len(ctx.captured_queries)}"
    )
    if "-v" in sys.argv:
        for q in ctx.captured_queries:
            print(f"  {q['time']}s  {q['sql'][:200]}")
