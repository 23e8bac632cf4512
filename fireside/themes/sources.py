"""The texts a scope's themes are computed from, and whose voices they carry:

- notes: a gathering's notes, ideas for next time and action points, once it has begun
  (unless cancelled). Voice: whoever scheduled the gathering, its facilitator, who writes
  them. Never the people present: one facilitator's words, however many listened, are one
  voice, or a theme of one person could pass the people threshold.
- debrief: a debrief's common threads and wonderings (never logistics). Voice: its writer.
- topic: a topic members proposed, title and details. Voice: its proposer.
- excerpt: a reflection's shareable excerpt (its author consented). Voice: its author.
- story: a value story shared with the group or the program (for a community's threads),
  with the program (for the program's). Voice: its author.

Texts whose writer is unknown (an erased account) carry no voice: they can shape a theme
but never help it pass the people threshold. A reflection belongs to a program, not a
group: its excerpt counts in the community where its author is (or was) a member, and
once at program level.

Names of the people in the scope (members, past members and the program's staff) are
returned too, so the extractor can drop them before counting anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from fireside.communities.models import Membership
from fireside.gatherings.models import Debrief, Gathering, Topic
from fireside.lib.words import Text, words_of
from fireside.mentoring.models import Reflection
from fireside.programs.models import Program, ProgramStaff
from fireside.stories.models import CYCLES, Story

_NAME_PART = re.compile(r"[^\W\d_]+")


def _voice(user_id: int | None) -> frozenset[str]:
    return frozenset({f"u{user_id}"}) if user_id else frozenset()


def _month(moment: dt.datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m")


def collect(program: Program, community_id: int | None = None) -> tuple[list[Text], frozenset[str]]:
    """The texts of one community (or of the whole program), and the names to drop."""
    zone = ZoneInfo(program.timezone)
    where = Q(community_id=community_id) if community_id else Q(community__program=program)
    texts = _gatherings(where, zone) + _topics(where, zone)
    texts += _excerpts(program, community_id)
    texts += _stories(where, zone, program_level=community_id is None)
    texts.sort(key=lambda t: (t.month, t.kind, t.community or 0, t.text))
    return texts, _names(program, where)


def _gatherings(where: Q, zone: ZoneInfo) -> list[Text]:
    gatherings = Gathering.objects.filter(
        where, starts_at__lte=timezone.now(), cancelled_at__isnull=True
    )
    texts = []
    for community_id, author_id, starts_at, notes, ideas, points in gatherings.values_list(
        "community_id",
        "created_by_id",
        "starts_at",
        "notes",
        "ideas_next_time",
        "action_points",
    ):
        body = "\n".join([notes, ideas, *(p for p in (points or []) if isinstance(p, str))]).strip()
        if body:
            voices = _voice(author_id)
            texts.append(Text("notes", body, voices, community_id, _month(starts_at, zone)))
    debriefs = Debrief.objects.filter(gathering__in=gatherings).values_list(
        "gathering__community_id",
        "gathering__starts_at",
        "written_by_id",
        "common_threads",
        "wonderings",
    )
    for community_id, starts_at, writer_id, threads, wonderings in debriefs:
        body = f"{threads}\n{wonderings}".strip()
        if body:
            voices = _voice(writer_id)
            texts.append(Text("debrief", body, voices, community_id, _month(starts_at, zone)))
    return texts


def _topics(where: Q, zone: ZoneInfo) -> list[Text]:
    return [
        Text("topic", f"{title}\n{details}".strip(), _voice(author), community, _month(at, zone))
        for community, author, title, details, at in Topic.objects.filter(where).values_list(
            "community_id", "proposed_by_id", "title", "details", "created_at"
        )
    ]


def _excerpts(program: Program, community_id: int | None) -> list[Text]:
    excerpts = list(
        Reflection.objects.filter(program=program)
        .exclude(shareable_excerpt="")
        .values_list("author_id", "month", "shareable_excerpt")
    )
    if not excerpts:
        return []
    # Where each author is: an active place first, then the latest they left.
    places: dict[int, list[int]] = defaultdict(list)
    for user_id, place in (
        Membership.objects.filter(
            community__program=program, user_id__in={a for a, _m, _e in excerpts}
        )
        .exclude(status=Membership.Status.WAITLISTED)
        .order_by("status", "-pk")  # "active" sorts before "left"
        .values_list("user_id", "community_id")
    ):
        places[user_id].append(place)
    texts = []
    for author_id, month, excerpt in excerpts:
        home = places[author_id][0] if places[author_id] else None
        if community_id is not None:
            if community_id not in places[author_id]:
                continue
            home = community_id
        texts.append(Text("excerpt", excerpt, _voice(author_id), home, month.strftime("%Y-%m")))
    return texts


def _stories(where: Q, zone: ZoneInfo, *, program_level: bool) -> list[Text]:
    # A story shared only with its group stays out of what the program's staff see.
    consented = Q(shared_with_program_at__isnull=False)
    if not program_level:
        consented |= Q(shared_with_group_at__isnull=False)
    texts = []
    for author, community, created_at, title, *parts in (
        Story.objects.filter(where)
        .filter(consented)
        .values_list("author_id", "community_id", "created_at", "title", *CYCLES)
    ):
        body = "\n".join([title, *(p for p in parts if p)])
        texts.append(Text("story", body, _voice(author), community, _month(created_at, zone)))
    return texts


def _names(program: Program, where: Q) -> frozenset[str]:
    people: set[str] = set(
        Membership.objects.filter(where).values_list("user__name", flat=True).distinct()
    )
    people |= set(ProgramStaff.objects.filter(program=program).values_list("user__name", flat=True))
    parts = {p for name in people for p in (*_NAME_PART.findall(name.lower()), *words_of(name))}
    return frozenset(p for p in parts if len(p) >= 2)
