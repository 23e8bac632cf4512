"""Value stories for tests, made directly (no checks)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from fireside.stories.models import Story


def make_story(
    author: Any,
    community: Any,
    *,
    group: bool = False,
    program: bool = False,
    **parts: Any,
) -> Story:
    parts.setdefault("title", "A calmer tidy-up")
    if not any(k for k in parts if k != "title"):
        parts["immediate"] = "We tried a sand timer before tidy-up."
    now = timezone.now()
    return Story.objects.create(
        author=author,
        community=community,
        shared_with_group_at=now if group else None,
        shared_with_program_at=now if program else None,
        **parts,
    )


# --- For the authorization guard (fireside/lib/tests/test_authorization_guard.py) ---------


def guard_values(world: Any) -> dict[str, int]:
    """Mina told a story in her group, shared with the group and with the program."""
    return {"story_id": make_story(world.member, world.community, group=True, program=True).pk}


# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------

from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:  # the leak test's module imports this one
    from fireside.lib.tests.leaks import Seeded


def leak_markers(world: Any) -> Seeded:
    """Mina tells three stories: one she keeps, one for her group, one for the program."""
    from fireside.lib.tests.leaks import Seeded
    from fireside.stories.actions import check_tell_story

    s = Seeded()
    for way, group, program in (
        ("private", False, False),
        ("group", True, False),
        ("program", False, True),
    ):
        check_tell_story(
            author=world.member,
            community=world.community,
            title=s.add(f"stories.{way}_title"),
            parts={
                "immediate": s.add(f"stories.{way}_story"),
                "enabling": s.add(f"stories.{way}_enabling"),
            },
            share_with_group=group,
            share_with_program=program,
        )
    return s
