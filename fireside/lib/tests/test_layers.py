"""The layer contract (pyproject.toml [tool.importlinter], run by `lint-imports` in CI and
pre-commit) and the registries that let lower apps hear from higher ones
(docs/architecture.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import grimp

from fireside.audit.models import AuditEvent
from fireside.communities import leaving
from fireside.conversations.leaving import forget_drafts_and_reads
from fireside.lib import audit, mail
from fireside.mentoring.leaving import end_pairings
from fireside.ops.models import OutgoingEmail


def test_an_import_inside_a_function_is_still_an_import(tmp_path: Path, monkeypatch) -> None:
    """The checker (grimp) reads every import statement, so hiding one in a function does
    not dodge the layer contract."""
    package = tmp_path / "hidden_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def f():\n    from hidden_pkg import high\n    return high\n")
    (package / "high.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        graph = grimp.build_graph("hidden_pkg", cache_dir=None)
    finally:
        sys.modules.pop("hidden_pkg", None)
    assert graph.direct_import_exists(importer="hidden_pkg.low", imported="hidden_pkg.high")


def test_lib_stores_mail_and_audit_events_in_the_models_their_apps_register() -> None:
    assert mail.outbox() is OutgoingEmail
    assert audit.event_model() is AuditEvent


def test_leaving_a_group_is_heard_by_mentoring_and_conversations() -> None:
    assert end_pairings in leaving._REACTIONS
    assert forget_drafts_and_reads in leaving._REACTIONS
    leaving.on_leave(end_pairings)  # registering twice changes nothing
    assert leaving._REACTIONS.count(end_pairings) == 1


def _app(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_no_two_apps_import_each_other() -> None:
    """The contract keeps every arrow pointing down across layers; within a layer (the
    feature apps, or accounts, audit and ops) siblings may import each other, but never both
    ways: a circle means one of them wants a registry (docs/architecture.md)."""
    graph = grimp.build_graph("fireside", cache_dir=None)
    arrows: set[tuple[str, str]] = set()
    for importer in graph.modules:
        if ".tests" in importer or ".migrations" in importer:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            if ".tests" in imported or ".migrations" in imported:
                continue
            a, b = _app(importer), _app(imported)
            if a and b and a != b:
                arrows.add((a, b))
    assert sorted((a, b) for a, b in arrows if (b, a) in arrows and a < b) == []
