"""What the authorization guard and the leak test share: every URL and API route, found
automatically; the guard's rows, gathered from every app; and a value for each path argument.

The guard's route table is a registry: each installed Fireside app keeps its own rows in its
`tests/guard.py` (`WEB`, `API`, optionally `CONFLICTS` and `guard_values(world)`; the persona
sets and the rows' shapes are in guard_rules.py), found here by walking the installed apps.
A new URL or API route needs a row in its app's guard.py; a new path argument needs a value
from its app's `guard_values`. Two apps with a row for the same URL or route, or naming the
same path value, fail.
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import World
from fireside.api.urls import api
from fireside.lib.tests.guard_rules import Api, Conflicts, Web


def app_test_modules(name: str) -> list[tuple[str, ModuleType]]:
    """Every installed Fireside app's `tests.<name>` module, by app label, in the order of
    INSTALLED_APPS (lower layers first); apps without one are skipped."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("fireside."):
            continue
        dotted = f"{config.name}.tests.{name}"
        try:
            module = importlib.import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name is not None and dotted.startswith(exc.name):
                continue  # the app has no such module
            raise
        found.append((config.label, module))
    return found


def gather_rows(modules: list[tuple[str, ModuleType]]) -> tuple[Web, Api, Conflicts]:
    """The apps' WEB, API and CONFLICTS rows, merged; a row two apps both have is refused."""
    web: Web = {}
    api_rows: Api = {}
    conflicts: Conflicts = {}
    for label, module in modules:
        for table, name in ((web, "WEB"), (api_rows, "API"), (conflicts, "CONFLICTS")):
            rows = getattr(module, name, {})
            twice = sorted(table.keys() & rows.keys(), key=str)
            assert not twice, f"{label}'s tests/guard.py has {name} rows another app has: {twice}"
            table.update(rows)
    return web, api_rows, conflicts


@functools.cache
def _guard_tables() -> tuple[Web, Api, Conflicts]:
    return gather_rows(app_test_modules("guard"))


def guard_web() -> Web:
    """Every app's web rows: url name -> (method, who may use it)."""
    return _guard_tables()[0]


def guard_api() -> Api:
    """Every app's API rows: (method, OpenAPI path) -> (who may use it, request body)."""
    return _guard_tables()[1]


def guard_conflicts() -> Conflicts:
    """Routes where some personas are refused for who they are, not for what they may see."""
    return _guard_tables()[2]


def web_names() -> dict[str, list[str]]:
    """Every named URL outside the admin and the API, with its path arguments."""
    found: dict[str, list[str]] = {}

    def walk(patterns: list[Any], namespace: str, args: list[str]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in {"admin", "api"} or (p.app_name or "") == "api":
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, args + list(p.pattern.converters))
            elif isinstance(p, URLPattern) and p.name:
                found[f"{namespace}{p.name}"] = args + list(p.pattern.converters)

    walk(get_resolver().url_patterns, "", [])
    return found


def api_routes() -> set[tuple[str, str]]:
    """Every (METHOD, OpenAPI path) of the v1 API."""
    schema = api.get_openapi_schema()
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def path_values(w: World) -> dict[str, Any]:
    """One object of each kind in the world's community, made for the guard by each app's
    `guard_values`, and a value for every path argument. Files go to MEDIA_ROOT: point it
    at a temporary folder."""
    values: dict[str, Any] = {}
    # In the order of INSTALLED_APPS (some build on what a lower app made). A key two apps
    # both name would silently take the later one's object for the earlier one's routes
    # (and pass on SQLite, whose ids often coincide), so it is refused.
    for label, module in app_test_modules("guard"):
        maker = getattr(module, "guard_values", None)
        if maker is None:
            continue
        extra = maker(w)
        clash = sorted(values.keys() & extra.keys())
        assert not clash, f"{label}'s guard_values names path values already taken: {clash}"
        values.update(extra)
    return values


def response_text(response: Any) -> str:
    """A response's body as text, streamed or not (undecodable bytes replaced)."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return str(content.decode(errors="replace"))
