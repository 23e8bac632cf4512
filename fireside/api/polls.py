"""Date polls (docs/api.md, "Date polls"): a group chooses a date together."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from fireside.api.core import me
from fireside.api.gatherings import summary
from fireside.communities.access import Need, get_community_for, require, resolve_standing
from fireside.gatherings import polls
from fireside.gatherings.models import DatePoll

router = Router(tags=["date polls"])


class OptionIn(Schema):
    starts_at: dt.datetime | None = None  # one gathering: naive = the option's zone
    weekday: int | None = None  # a series: 0 is Monday
    time: dt.time | None = None
    duration_minutes: int
    timezone: str | None = None


class PollIn(Schema):
    title: str
    note: str = ""
    kind: Literal["once", "series"] = "once"
    closes_on: dt.date
    location: str = ""
    online_url: str = ""
    options: list[OptionIn]


class AnswerIn(Schema):
    option_id: int
    answer: Literal["yes", "if_need_be", "no"]


class AnswersIn(Schema):
    answers: list[AnswerIn]


class DecideIn(Schema):
    option_id: int
    title: str | None = None
    location: str | None = None
    online_url: str | None = None
    every_weeks: int = 1  # a series: every 1 to 4 weeks
    count: int | None = None  # a series: how many gatherings (empty: until the program ends)


def _poll(poll: DatePoll, user: Any, *, with_results: bool = True) -> dict[str, Any]:
    is_open = poll.is_open_on(polls.today_for(poll.community))
    closed = poll.state == DatePoll.State.OPEN and not is_open
    data: dict[str, Any] = {
        "id": poll.pk,
        "community_id": poll.community_id,
        "title": poll.title,
        "note": poll.note,
        "kind": poll.kind,
        "state": DatePoll.State.CLOSED.value if closed else poll.state,
        "open": is_open,
        "closes_on": poll.closes_on.isoformat(),
        "gathering_id": poll.gathering_id,
        "series_id": poll.series_id,
    }
    if with_results:
        mine = polls.answers_of(user, poll)
        data["options"] = [
            {
                "id": r.option.pk,
                "label": r.label,
                "starts_at": r.option.starts_at.isoformat() if r.option.starts_at else None,
                "weekday": r.option.weekday,
                "time": r.option.time.strftime("%H:%M") if r.option.time else None,
                "duration_minutes": r.option.duration_minutes,
                "timezone": r.option.timezone,
                "counts": {"yes": r.yes, "if_need_be": r.if_need_be, "no": r.no},
                "names": {k: r.names.get(k, []) for k in ("yes", "if_need_be", "no")},
                "my_answer": mine.get(r.option.pk),
            }
            for r in polls.results(poll)
        ]
    return data


def _get_poll(request: HttpRequest, poll_id: int, need: Need) -> DatePoll:
    poll = get_object_or_404(DatePoll.objects.select_related("community__program"), pk=poll_id)
    require(resolve_standing(me(request), poll.community), need)
    return poll


@router.get("/communities/{community_id}/polls")
def list_polls(request: HttpRequest, community_id: int) -> dict[str, Any]:
    """The group's date polls, newest first: members only."""
    community, _ = get_community_for(me(request), community_id, "content")
    items = [_poll(p, me(request), with_results=False) for p in polls.polls_of(community)[:100]]
    return {"count": len(items), "items": items}


@router.post("/communities/{community_id}/polls", response={201: dict})
def create_poll(request: HttpRequest, community_id: int, payload: PollIn) -> Status:
    community, _ = get_community_for(me(request), community_id, "plan")
    poll = polls.check_create_poll(
        actor=me(request),
        community=community,
        title=payload.title,
        note=payload.note,
        kind=payload.kind,
        closes_on=payload.closes_on,
        location=payload.location,
        online_url=payload.online_url,
        options=[o.dict(exclude_none=True) for o in payload.options],
    )
    return Status(201, _poll(poll, me(request)))


@router.get("/polls/{poll_id}")
def get_poll(request: HttpRequest, poll_id: int) -> dict[str, Any]:
    """One poll with its options, best first, with counts and who answered what."""
    return _poll(_get_poll(request, poll_id, "content"), me(request))


@router.post("/polls/{poll_id}/answers")
def answer_poll(request: HttpRequest, poll_id: int, payload: AnswersIn) -> dict[str, Any]:
    poll = _get_poll(request, poll_id, "content")
    polls.do_answer_poll(
        user=me(request), poll=poll, answers={a.option_id: a.answer for a in payload.answers}
    )
    return _poll(poll, me(request))


@router.post("/polls/{poll_id}/decide", response={201: dict})
def decide_poll(request: HttpRequest, poll_id: int, payload: DecideIn) -> Status:
    poll = _get_poll(request, poll_id, "plan")
    scheduled = polls.check_decide_poll(
        actor=me(request),
        poll=poll,
        option_id=payload.option_id,
        title=payload.title,
        location=payload.location,
        online_url=payload.online_url,
        every_weeks=payload.every_weeks,
        count=payload.count,
    )
    return Status(
        201,
        {
            "poll": _poll(poll, me(request), with_results=False),
            "series_id": scheduled.series.pk if scheduled.series else None,
            "gatherings": [summary(g) for g in scheduled.gatherings],
        },
    )
