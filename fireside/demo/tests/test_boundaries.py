"""The product ships the product: demo and benchmark code lives in fireside/demo only, the
product never imports it, and loading fireside.demo needs no development tool."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIRESIDE = ROOT / "fireside"
DEMO = FIRESIDE / "demo"


def _product_modules() -> Iterator[Path]:
    """Every module of fireside/ outside fireside/demo/, tests and migrations aside."""
    for path in sorted(FIRESIDE.rglob("*.py")):
        parts = path.relative_to(FIRESIDE).parts
        if parts[0] != "demo" and "tests" not in parts and "migrations" not in parts:
            yield path


def _imported(path: Path) -> Iterator[str]:
    """Every module a file imports, wherever the import statement sits (in a function too)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def test_the_walk_sees_the_product_and_its_imports() -> None:
    # The checks below must look at real code, or they would pass on nothing.
    modules = list(_product_modules())
    assert FIRESIDE / "urls.py" in modules and FIRESIDE / "gatherings" / "models.py" in modules
    assert not any(DEMO in p.parents for p in modules)
    assert "fireside.demo.gatherings" in set(_imported(DEMO / "seed.py"))
    assert "fireside.demo.scale.pages.PAGES" in set(
        _imported(DEMO / "tests" / "test_scale_pages.py")
    )


def test_no_product_module_imports_the_demo() -> None:
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _product_modules()
        for name in _imported(path)
        if name == "fireside.demo" or name.startswith("fireside.demo.")
    ]
    assert not found, found


def test_demo_modules_live_in_the_demo_app_only() -> None:
    strays = [
        str(path.relative_to(ROOT))
        for path in FIRESIDE.rglob("*.py")
        if "demo" in path.stem and "tests" not in path.parts and DEMO not in path.parents
    ]
    assert not strays, strays
    assert not (FIRESIDE / "scale").exists()
    assert not (FIRESIDE / "lib" / "factories.py").exists()


def test_the_app_loads_without_factory_boy_and_seed_demo_says_what_is_missing() -> None:
    """A site installed without the dev tools: fireside.demo is installed and its routes
    and commands load; only seed_demo needs factory_boy, and it says so."""
    script = (
        "import sys; sys.modules['factory'] = None\n"  # any import of factory_boy now fails
        "import django; django.setup()\n"
        "import fireside.demo.urls, fireside.demo.views, fireside.urls\n"
        "from django.core.management import call_command, get_commands\n"
        "from django.core.management.base import CommandError\n"
        "assert get_commands()['seed_demo'] == 'fireside.demo'\n"
        "from fireside.demo.management.commands import seed_scale\n"
        "try:\n"
        "    call_command('seed_demo')\n"
        "except CommandError as e:\n"
        "    print(e)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fireside.settings",
        "FIRESIDE_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": "a-test-only-secret-key-of-more-than-32-chars",
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "sqlite://:memory:",
    }
    env.pop("BENCH", None)
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert done.returncode == 0, done.stderr
    assert "factory_boy, a development tool" in done.stdout
