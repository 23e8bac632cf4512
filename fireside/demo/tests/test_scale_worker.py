"""What a web worker loads: heavy libraries only some requests need stay out of it until
one does (bench/README.md, memory per worker)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("networkx", "sklearn", "weasyprint", "numpy")


def test_a_worker_starts_without_the_heavy_libraries() -> None:
    script = (
        "import sys, django; django.setup(); "
        "from fireside.wsgi import application; import fireside.urls; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fireside.settings"}
    root = Path(__file__).resolve().parents[3]
    loaded = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert loaded == ""
