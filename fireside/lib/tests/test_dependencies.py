"""Every package the code needs is pinned in requirements.lock, so a fresh install has it.

`make setup` installs the lock and nothing else; a package that is only on a developer's
machine would pass every test there and fail for everyone else (as redis once did)."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parents[3]
# Where the project's own code lives: what it imports must come from the lock.
SOURCES = [ROOT / "fireside", ROOT / "bench", ROOT / "conftest.py", ROOT / "manage.py"]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_distributions() -> set[str]:
    pinned = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==", re.MULTILINE)
    return {canonical(name) for name in pinned.findall((ROOT / "requirements.lock").read_text())}


def python_files() -> Iterator[Path]:
    for source in SOURCES:
        yield from sorted(source.rglob("*.py")) if source.is_dir() else [source]


def imported_top_levels(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


def third_party_imports() -> dict[str, set[Path]]:
    """Top-level module name -> the files importing it, leaving out the standard library and
    the project's own modules (fireside, and bench's scripts importing each other)."""
    own = {"fireside", "conftest", "manage"} | {p.stem for p in (ROOT / "bench").rglob("*.py")}
    found: dict[str, set[Path]] = {}
    for path in python_files():
        for name in imported_top_levels(path):
            if name not in sys.stdlib_module_names and name not in own:
                found.setdefault(name, set()).add(path.relative_to(ROOT))
    return found


def test_it_finds_the_imports_it_checks() -> None:
    # The scan itself must see real imports, or the check below would pass on nothing.
    imports = third_party_imports()
    assert {"django", "ninja", "nh3", "weasyprint", "pytest", "sentry_sdk"} <= set(imports)
    assert "os" not in imports and "fireside" not in imports


def test_it_pins_every_package_the_code_imports() -> None:
    locked = locked_distributions()
    providers = packages_distributions()
    missing = []
    for module, paths in sorted(third_party_imports().items()):
        distributions = {canonical(d) for d in providers.get(module, [])}
        if not distributions & locked:
            where = ", ".join(str(p) for p in sorted(paths)[:3])
            missing.append(f"{module} (imported in {where}; installed as {distributions or '-'})")
    assert not missing, "Not in requirements.lock: " + "; ".join(missing)


def test_it_installs_what_the_optional_backends_load() -> None:
    """Backends chosen by settings import their client libraries lazily, out of sight of the
    scan above: building each one proves its library is installed from the lock."""
    # REDIS_URL: Django's Redis cache imports redis when its client is built (no connection).
    assert RedisCache("redis://127.0.0.1:6379/0", {})._cache is not None
    # S3_BUCKET: django-storages' S3 backend imports boto3 at import time.
    assert import_string("storages.backends.s3.S3Storage")
    # SENTRY_DSN: the Django integration is imported when Sentry is initialised.
    assert import_string("sentry_sdk.integrations.django.DjangoIntegration")


@pytest.mark.parametrize("extra", ["redis", "sentry-sdk", "boto3", "pytest-xdist"])
def test_it_locks_the_packages_operators_and_ci_rely_on(extra: str) -> None:
    assert extra in locked_distributions()
