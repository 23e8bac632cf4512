"""Common threads follow the texts they read: a saved or deleted note, debrief, topic,
reflection excerpt or value story marks its scopes stale once the change commits.

Themes are derived data, like a search index, so they listen rather than ask every app to
call them; admin edits are seen too. The work runs after the commit and never breaks the
change that caused it (`robust=True`: a failure is logged). A transaction that saves many
rows marks each scope once. Attendance is not watched (it is replaced in bulk); the next
change, or `manage.py compute_themes`, picks it up.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from fireside.themes import actions

# label -> the fields that hold (or gate) text; a save(update_fields=...) of others is ignored
WATCHED: dict[str, frozenset[str]] = {
    "gatherings.Gathering": frozenset(
        {"notes", "ideas_next_time", "action_points", "cancelled_at", "starts_at", "community"}
    ),
    "gatherings.Debrief": frozenset({"common_threads", "wonderings"}),
    "gatherings.Topic": frozenset({"title", "details", "community"}),
    "mentoring.Reflection": frozenset({"shareable_excerpt", "program", "author"}),
    "stories.Story": frozenset(
        {
            "title",
            "immediate",
            "potential",
            "applied",
            "realised",
            "transformative",
            "enabling",
            "strategic",
            "shared_with_group_at",
            "shared_with_program_at",
            "community",
        }
    ),
}

_local = threading.local()


def _pending() -> set[tuple[Any, ...]]:
    if not hasattr(_local, "pending"):
        _local.pending = set()
    return _local.pending  # type: ignore[no-any-return]


def _key(label: str, instance: Any) -> tuple[Any, ...] | None:
    if label == "gatherings.Debrief":
        return ("gathering", instance.gathering_id)
    if label == "mentoring.Reflection":
        return ("author", instance.author_id, instance.program_id)
    return ("community", instance.community_id)


def _flush(key: tuple[Any, ...]) -> None:
    pending = _pending()
    if key not in pending:
        return  # an earlier callback of the same commit marked it
    pending.discard(key)
    kind, *ids = key
    if kind == "gathering":
        actions.mark_stale(gathering_ids=ids)
    elif kind == "author":
        actions.mark_stale(authors=[(ids[0], ids[1])])
    else:
        actions.mark_stale(community_ids=ids)


def _blank_gathering(label: str, instance: Any) -> bool:
    if label != "gatherings.Gathering":
        return False
    return not (instance.notes or instance.ideas_next_time or instance.action_points)


def changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures and migrations
    label = sender._meta.label
    fields = kwargs.get("update_fields")
    if fields is not None and not set(fields) & WATCHED[label]:
        return
    if kwargs.get("created") and _blank_gathering(label, instance):
        return  # a newly scheduled gathering has no text yet
    key = _key(label, instance)
    if key is None or None in key:
        return
    _pending().add(key)

    def mark_stale_after_commit() -> None:
        _flush(key)

    transaction.on_commit(mark_stale_after_commit, robust=True)


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(changed, sender=model, dispatch_uid=f"themes.saved.{label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"themes.deleted.{label}")
