"""Value stories: telling, editing, sharing and unsharing, deleting; the aggregates the
program report reads (indicators by cycle, consented stories); export and erasure.

Audit events name the cycles a story tells and how it is shared, never its words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput, NotAllowed, NotFoundError
from fireside.lib.text import clean_text
from fireside.programs.models import Program
from fireside.stories.models import CYCLES, PART_MAX, PROMPTS, TITLE_MAX, Story

# --- Telling ------------------------------------------------------------------------------


def _clean_parts(parts: Mapping[str, object]) -> dict[str, str]:
    unknown = set(parts) - set(CYCLES)
    if unknown:
        raise InvalidInput(
            _("Unknown parts: %(unknown)s. The parts are: %(CYCLES)s.")
            % {"unknown": ", ".join(sorted(unknown)), "CYCLES": ", ".join(CYCLES)}
        )
    cleaned = {cycle: clean_text(parts.get(cycle), cycle, PART_MAX) for cycle in CYCLES}
    if not any(cleaned.values()):
        raise InvalidInput(
            _("Tell at least one part of your story: what happened is a good start."),
            {CYCLES[0]: [_("Tell at least one part of your story.")]},
        )
    return cleaned


def _clean_title(title: object) -> str:
    return clean_text(title, "title", TITLE_MAX, required=True)


def _is_member(user: User, community: Community) -> bool:
    return Membership.objects.filter(
        user=user, community=community, status=Membership.Status.ACTIVE
    ).exists()


def _consent(given: bool, since: Any) -> Any:
    """Keep the moment consent was first given; a new consent starts now."""
    if not given:
        return None
    return since or timezone.now()


def check_tell_story(
    *,
    author: User,
    community: Community,
    title: object,
    parts: Mapping[str, object],
    share_with_group: bool = False,
    share_with_program: bool = False,
) -> Story:
    """A member tells a story of value from their group. Private unless they say so."""
    clean_title = _clean_title(title)
    cleaned = _clean_parts(parts)
    if not _is_member(author, community):
        raise NotAllowed(_("Stories are told by the active members of a group."))
    now = timezone.now()
    with transaction.atomic():
        story = Story.objects.create(
            author=author,
            community=community,
            title=clean_title,
            shared_with_group_at=now if share_with_group else None,
            shared_with_program_at=now if share_with_program else None,
            **cleaned,
        )
        record(
            author,
            "stories.tell",
            story,
            cycles=story.cycles,
            with_group=bool(share_with_group),
            with_program=bool(share_with_program),
        )
    return story


def check_edit_story(
    *,
    author: User,
    story: Story,
    title: object,
    parts: Mapping[str, object],
    share_with_group: bool = False,
    share_with_program: bool = False,
) -> Story:
    """Edit one's story and how it is shared. Unticking a way of sharing withdraws it."""
    if story.author_id != author.pk:
        raise NotFoundError(_("Not found."))
    clean_title = _clean_title(title)
    cleaned = _clean_parts(parts)
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        newly_shared = share_with_group and not locked.is_shared_with_group
        if newly_shared and not _is_member(author, locked.community):
            raise NotAllowed(
                _("You are no longer in this group, so the story cannot be shared with it."),
                {"share_with_group": [_("You are no longer in this group.")]},
            )
        withdrawn = [
            way
            for way, was, now in (
                ("group", locked.is_shared_with_group, share_with_group),
                ("program", locked.is_shared_with_program, share_with_program),
            )
            if was and not now
        ]
        locked.title = clean_title
        for cycle, text in cleaned.items():
            setattr(locked, cycle, text)
        locked.shared_with_group_at = _consent(share_with_group, locked.shared_with_group_at)
        locked.shared_with_program_at = _consent(share_with_program, locked.shared_with_program_at)
        locked.save()
        record(
            author,
            "stories.edit",
            locked,
            cycles=locked.cycles,
            with_group=locked.is_shared_with_group,
            with_program=locked.is_shared_with_program,
        )
        if withdrawn:
            record(author, "stories.withdraw", locked, ways=withdrawn)
    return locked


def do_stop_sharing(*, author: User, story: Story) -> Story:
    """Withdraw every consent at once: the story is private again."""
    if story.author_id != author.pk:
        raise NotFoundError(_("Not found."))
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        ways = [
            way
            for way, shared in (
                ("group", locked.is_shared_with_group),
                ("program", locked.is_shared_with_program),
            )
            if shared
        ]
        if ways:
            locked.shared_with_group_at = locked.shared_with_program_at = None
            locked.save(
                update_fields=["shared_with_group_at", "shared_with_program_at", "updated_at"]
            )
            record(author, "stories.withdraw", locked, ways=ways)
    return locked


def do_delete_story(*, author: User, story: Story) -> None:
    if story.author_id != author.pk:
        raise NotFoundError(_("Not found."))
    with transaction.atomic():
        record(author, "stories.delete", story)
        story.delete()


# --- What the group and the program see -------------------------------------------------


def group_stories(community: Community) -> Any:
    """Stories shared with the group, with their authors' names: for its active members."""
    return (
        Story.objects.shared_with_group()
        .filter(community=community)
        .select_related("author")
        .order_by("-shared_with_group_at", "-pk")
    )


@dataclass(frozen=True)
class Indicators:
    """How many stories speak of each kind of value. Counts only: every story is counted,
    private or shared, and no words are read."""

    stories: int = 0
    storytellers: int = 0
    shared_with_program: int = 0
    by_cycle: dict[str, int] = field(default_factory=dict)

    def rows(self) -> list[tuple[str, str, int]]:
        """(cycle, its name, count), in the framework's order, for tables and CSV."""
        return [(p.cycle, p.name, self.by_cycle.get(p.cycle, 0)) for p in PROMPTS]


def _counts() -> dict[str, Any]:
    return {
        "stories": Count("pk"),
        "storytellers": Count("author", distinct=True),
        "shared_with_program": Count("pk", filter=Q(shared_with_program_at__isnull=False)),
        **{f"cycle_{c}": Count("pk", filter=~Q(**{c: ""})) for c in CYCLES},
    }


def _indicators(row: Mapping[str, Any]) -> Indicators:
    return Indicators(
        stories=row["stories"] or 0,
        storytellers=row["storytellers"] or 0,
        shared_with_program=row["shared_with_program"] or 0,
        by_cycle={c: row[f"cycle_{c}"] or 0 for c in CYCLES},
    )


def value_indicators(program: Program, community: Community | None = None) -> Indicators:
    """Counts by cycle for a program, or one of its communities. One query."""
    qs = Story.objects.filter(community__program=program)
    if community is not None:
        qs = qs.filter(community=community)
    return _indicators(qs.aggregate(**_counts()))


def value_indicators_by_community(program: Program) -> dict[int, Indicators]:
    """Counts by cycle for every community of a program (those with stories), in one query,
    so a report over thousands of communities stays bounded."""
    rows = (
        Story.objects.filter(community__program=program)
        .order_by()
        .values("community_id")
        .annotate(**_counts())
    )
    return {row["community_id"]: _indicators(row) for row in rows}


@dataclass(frozen=True)
class SharedStory:
    """A story shared with the program: its words, without its author, group or date."""

    title: str
    parts: list[tuple[str, str, str]]  # (cycle, heading, text)

    @property
    def cycles(self) -> list[str]:
        return [c for c, _h, _t in self.parts]


def consented(program: Program, community: Community | None = None) -> Any:
    """The stories shared with the program, ordered by title (so the order says nothing of
    who wrote them, or when). Turn each into a SharedStory before showing it."""
    qs = Story.objects.shared_with_program().filter(community__program=program)
    if community is not None:
        qs = qs.filter(community=community)
    return qs.only("title", *CYCLES).order_by(Lower("title"), "pk")


def anonymised(story: Story) -> SharedStory:
    return SharedStory(story.title, [(p.cycle, str(p.heading), t) for p, t in story.parts()])


def consented_stories(program: Program, community: Community | None = None) -> list[SharedStory]:
    """For coordinators and program reports: the stories their authors shared with the
    program, anonymised."""
    return [anonymised(s) for s in consented(program, community)]


# --- Your data ---------------------------------------------------------------------------


def export_for(user: User) -> list[dict[str, Any]]:
    """Every story this person told, with how it is shared, for their own export only."""
    return [
        {
            "id": s.pk,
            "community_id": s.community_id,
            "title": s.title,
            **{c: s.part(c) for c in CYCLES},
            "shared_with_group_at": s.shared_with_group_at.isoformat()
            if s.shared_with_group_at
            else None,
            "shared_with_program_at": s.shared_with_program_at.isoformat()
            if s.shared_with_program_at
            else None,
            "created_at": s.created_at.isoformat(),
            "updated_at": s.updated_at.isoformat(),
        }
        for s in Story.objects.filter(author=user).order_by("created_at", "pk")
    ]


def do_erase_for(*, user: User) -> None:
    """On erasure every story goes, shared or not: a shared story carries its author's
    words, and the consent to share them ends with the account."""
    with transaction.atomic():
        Story.objects.filter(author=user).delete()
