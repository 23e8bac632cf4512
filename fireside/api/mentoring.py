"""The "Peer mentoring" section of api-v1.md: pairings, suggestions, connections and
reflections. A connection's note is returned to its writer only; a reflection to its
author only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from fireside.accounts.models import User
from fireside.api.core import Id, PageQuery, me, paginate
from fireside.communities.access import get_community_for
from fireside.lib.errors import Unprocessable
from fireside.mentoring import actions, reflecting
from fireside.mentoring.access import (
    get_connection_for,
    get_pairing_for,
    get_pairing_to_manage,
    get_program_to_reflect,
    get_program_to_run_reflections,
    get_reflection_for,
    is_participant,
    reflections_of,
)
from fireside.mentoring.connections import check_log_connection, do_remove_connection
from fireside.mentoring.matching import Suggestion
from fireside.mentoring.models import (
    COUNTING,
    CURRENT_FIRST,
    Connection,
    Format,
    Pairing,
    Reflection,
    Review,
)
from fireside.programs.models import Program

router = Router(tags=["mentoring"])


class PairingIn(Schema):
    user_ids: list[int]
    starts_on: dt.date | None = None


class SuggestIn(Schema):
    # Pairs (or trios) the facilitator set aside: suggest again without them.
    avoid: list[list[int]] = []


class ConnectionIn(Schema):
    date: dt.date
    minutes: int = Field(..., strict=True)
    format: Format
    note: str = ""


class ReflectionIn(Schema):
    month: str = Field(..., description="YYYY-MM")
    body: str
    anything_else: str = ""
    shareable_excerpt: str | None = ""


class ReflectionPut(Schema):
    body: str
    anything_else: str = ""
    # Empty (or left out) withdraws the consent to share an excerpt.
    shareable_excerpt: str | None = ""
    month: str | None = None


class MyReflectionsQuery(PageQuery):
    program: Id | None = None


class SharedReflectionsQuery(PageQuery):
    community: Id | None = None


def _person(user: User | None) -> dict[str, Any] | None:
    return {"user_id": user.pk, "name": user.display_name} if user else None


def pairing_out(p: Pairing) -> dict[str, Any]:
    return {
        "id": p.pk,
        "community": p.community_id,
        "members": [_person(m.user) for m in p.members()],
        "starts_on": p.starts_on,
        "ended_on": p.ended_on,
        "active": p.is_open,
    }


def managed_pairing_out(p: Pairing) -> dict[str, Any]:
    """For facilitators: why the pair was formed, never what the pair did."""
    return {**pairing_out(p), "score": p.score, "reasons": p.reasons}


def connection_out(c: Connection, viewer: User) -> dict[str, Any]:
    """For the people of the pair. The review's fields (docs/api.md) follow counting_q."""
    mine = c.logged_by_id == viewer.pk
    state = c.review(timezone.now())
    return {
        "id": c.pk,
        "pairing": c.pairing_id,
        "date": c.happened_on,
        "minutes": c.minutes,
        "format": c.format,
        "logged_by": _person(c.logged_by),
        "note": c.note if mine else None,  # a note is its writer's alone
        "review": state.value,
        "counts": state in COUNTING,
        "counts_from": c.counts_from() if state == Review.PENDING else None,
        "confirmed_at": c.confirmed_at,
        "disputed_at": c.disputed_at,
        "dispute_note": c.dispute_note if c.disputed_at else None,  # the pair's, see models
        "settled_at": c.settled_at,
    }


def reflection_out(r: Reflection) -> dict[str, Any]:
    return {
        "id": r.pk,
        "program": r.program_id,
        "month": r.month.strftime("%Y-%m"),
        "prompt": r.prompt,
        "shared_with_program": r.shared_with_program,
        "body": r.body,
        "anything_else": r.anything_else,
        "shareable_excerpt": r.shareable_excerpt,
        "excerpt_consented_at": r.excerpt_consented_at,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


def suggestion_out(s: Suggestion) -> dict[str, Any]:
    return {
        "pairs": [
            {"user_ids": g.ids, "score": g.score, "reasons": list(g.reasons)} for g in s.groups
        ],
        "unpaired": [{"user_id": p.id, "name": p.name} for p in s.left_out],
        "notes": list(s.notes),
        "total_score": s.total,
    }


@router.post("/communities/{community_id}/pairings", response={201: dict})
def create_pairing(request: HttpRequest, community_id: int, payload: PairingIn) -> Status:
    community, _ = get_community_for(me(request), community_id, "facilitate")
    pairing = actions.check_create_pairing(
        actor=me(request),
        community=community,
        user_ids=payload.user_ids,
        starts_on=payload.starts_on,
    )
    created = Pairing.objects.with_people().get(pk=pairing.pk)
    return Status(201, managed_pairing_out(created))


@router.get("/communities/{community_id}/pairings")
def list_pairings(
    request: HttpRequest, community_id: int, page: Query[PageQuery]
) -> dict[str, Any]:
    """The group's pairs, current ones first, then the history."""
    community, _ = get_community_for(me(request), community_id, "facilitate")
    qs = (
        Pairing.objects.filter(community=community)
        .with_people()
        .order_by(CURRENT_FIRST, "-starts_on", "-pk")
    )
    return paginate(qs, page, managed_pairing_out)


@router.post("/communities/{community_id}/pairings/suggest")
def suggest_pairings(
    request: HttpRequest, community_id: int, payload: SuggestIn | None = None
) -> dict[str, Any]:
    community, _ = get_community_for(me(request), community_id, "facilitate")
    avoid: set[tuple[int, int]] = set()
    for group in payload.avoid if payload else []:
        avoid.update((a, b) for i, a in enumerate(group) for b in group[i + 1 :])
    return suggestion_out(actions.suggest_pairs(community=community, avoid=avoid))


@router.post("/pairings/{pairing_id}/end")
def end_pairing(request: HttpRequest, pairing_id: int) -> dict[str, Any]:
    pairing, _ = get_pairing_to_manage(me(request), pairing_id)
    actions.do_end_pairing(actor=me(request), pairing=pairing)
    return managed_pairing_out(pairing)


def _my_pairings(user: User) -> QuerySet[Pairing]:
    return (
        Pairing.objects.filter(pair_members__user=user)
        .with_people()
        .prefetch_related(
            Prefetch(
                "connections",
                queryset=Connection.objects.select_related("logged_by").order_by(
                    "-happened_on", "-pk"
                ),
            )
        )
        .order_by(CURRENT_FIRST, "-starts_on", "-pk")
    )


@router.get("/me/pairings")
def my_pairings(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """The caller's pairs (current first), each with its connections."""
    user = me(request)

    def out(p: Pairing) -> dict[str, Any]:
        connections = [connection_out(c, user) for c in p.connections.all()]
        return {
            **pairing_out(p),
            "partners": [_person(u) for u in p.partners_of(user.pk)],
            "last_connection": connections[0]["date"] if connections else None,
            "connections": connections,
        }

    return paginate(_my_pairings(user), page, out)


@router.post("/pairings/{pairing_id}/connections", response={201: dict})
def log_connection(request: HttpRequest, pairing_id: int, payload: ConnectionIn) -> Status:
    user = me(request)
    pairing, _ = get_pairing_for(user, pairing_id)
    connection = check_log_connection(
        user=user,
        pairing=pairing,
        happened_on=payload.date,
        minutes=payload.minutes,
        format=payload.format,
        note=payload.note,
    )
    return Status(201, connection_out(connection, user))


@router.delete("/connections/{connection_id}", response={204: None})
def remove_connection(request: HttpRequest, connection_id: int) -> Status:
    user = me(request)
    do_remove_connection(user=user, connection=get_connection_for(user, connection_id))
    return Status(204, None)


@router.post("/programs/{program_id}/reflections", response={201: dict})
def write_reflection(request: HttpRequest, program_id: int, payload: ReflectionIn) -> Status:
    user = me(request)
    program = get_program_to_reflect(user, program_id)
    reflection = actions.check_write_reflection(
        author=user,
        program=program,
        month=actions.parse_month(payload.month),
        body=payload.body,
        anything_else=payload.anything_else,
        shareable_excerpt=payload.shareable_excerpt or "",
    )
    return Status(201, reflection_out(reflection))


@router.put("/reflections/{reflection_id}")
def edit_reflection(request: HttpRequest, reflection_id: int, payload: ReflectionPut) -> Any:
    user = me(request)
    reflection = get_reflection_for(user, reflection_id)
    if payload.month is not None and actions.parse_month(payload.month) != reflection.month:
        raise Unprocessable(
            _("A reflection's month cannot change; write a new one for the other month.")
        )
    edited = actions.check_edit_reflection(
        author=user,
        reflection=reflection,
        body=payload.body,
        anything_else=payload.anything_else,
        shareable_excerpt=payload.shareable_excerpt or "",
    )
    return reflection_out(edited)


@router.get("/me/reflections")
def my_reflections(request: HttpRequest, query: Query[MyReflectionsQuery]) -> dict[str, Any]:
    qs = reflections_of(me(request)).order_by("-month", "-pk")
    if query.program is not None:
        qs = qs.filter(program_id=query.program)
    return paginate(qs, query, reflection_out)


def shared_reflection_out(r: Reflection) -> dict[str, Any]:
    """For the program's coordinators: a reflection written as shared, with its author."""
    return {
        "id": r.pk,
        "program": r.program_id,
        "author": _person(r.author),
        "month": r.month.strftime("%Y-%m"),
        "prompt": r.prompt,
        "body": r.body,
        "anything_else": r.anything_else,
        "created_at": r.created_at,
        "updated_at": r.updated_at,
    }


@router.get("/programs/{program_id}/reflections")
def shared_reflections(
    request: HttpRequest, program_id: int, query: Query[SharedReflectionsQuery]
) -> dict[str, Any]:
    """The program's coordinators: the reflections written as shared with it, only those."""
    program, _standing = get_program_to_run_reflections(me(request), program_id)
    rows = reflecting.shared_reflections(program, query.community)
    return paginate(rows, query, shared_reflection_out)


@router.get("/programs/{program_id}/reflection-prompts")
def reflection_prompts(request: HttpRequest, program_id: int) -> dict[str, Any]:
    """The program's prompts and policy: for its participants and its coordinators."""
    user = me(request)
    program = get_object_or_404(Program, pk=program_id)
    if not is_participant(user, program):
        get_program_to_run_reflections(user, program_id)
    return {
        "program": program.pk,
        "reflection_policy": program.reflection_policy,
        "prompts": [
            {"position": i, "text": text, "text_fr": text_fr}
            for i, (text, text_fr) in enumerate(reflecting.prompts_of(program), start=1)
        ],
        "this_month": reflecting.prompt_of(program, actions.current_month(user, program)),
    }
