"""Date poll pages: the group's polls, a new poll, and one poll (answer it, see the results,
turn the best option into a gathering). Results are for the group's members only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import Need, Standing, community_view, require, resolve_standing
from fireside.communities.models import Community
from fireside.gatherings import polls
from fireside.gatherings.models import DatePoll
from fireside.gatherings.polls_forms import AnswerForm, DecideForm, PollForm
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor

View = Callable[..., HttpResponse]


def poll_view(need: Need) -> Callable[[View], View]:
    """Every page of one poll: its group's standing first (outsiders get 404)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, poll_id: int) -> HttpResponse:
            poll = get_object_or_404(
                DatePoll.objects.select_related("community__program", "gathering"), pk=poll_id
            )
            standing = require(resolve_standing(request.user, poll.community), need)
            return view(request, poll, standing)

        return wrapped

    return decorate


@community_view("content")
def community_polls(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    today = polls.today_for(community)
    found = list(polls.polls_of(community)[:50])
    return render(
        request,
        "gatherings/poll_list.html",
        {
            "community": community,
            "standing": standing,
            "open_polls": [p for p in found if p.is_open_on(today)],
            "other_polls": [p for p in found if not p.is_open_on(today)],
        },
    )


@community_view("plan")
def new_poll(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    kind = request.GET.get("kind") or request.POST.get("kind") or DatePoll.Kind.ONCE
    if kind not in DatePoll.Kind.values:
        kind = DatePoll.Kind.ONCE
    form = PollForm(
        request.POST if request.method == "POST" else None,
        kind=kind,
        initial={"timezone": community.program.timezone},
    )
    context: dict[str, Any] = {
        "community": community,
        "standing": standing,
        "form": form,
        "kind": kind,
    }
    if request.method != "POST" or not form.is_valid():
        return render(request, "gatherings/poll_new.html", context)
    data = form.cleaned_data
    try:
        poll = polls.check_create_poll(
            actor=actor(request),
            community=community,
            title=data["title"],
            note=data["note"],
            kind=kind,
            closes_on=data["closes_on"],
            location=data["location"],
            online_url=data["online_url"],
            options=form.options(),
        )
    except ActionError as exc:
        add_action_error(form, exc)
        return render(request, "gatherings/poll_new.html", context)
    messages.success(request, _("The poll is open. The members get an invitation by email."))
    return redirect("gatherings:poll", poll_id=poll.pk)


def _poll_page(
    request: HttpRequest,
    poll: DatePoll,
    standing: Standing,
    answer_form: AnswerForm | None = None,
    decide_form: DecideForm | None = None,
) -> HttpResponse:
    rows = polls.results(poll)
    user = actor(request)
    mine = polls.answers_of(user, poll)
    is_open = poll.is_open_on(polls.today_for(poll.community))
    if answer_form is None:
        answer_form = AnswerForm(
            rows=sorted(rows, key=lambda r: r.option.position),
            initial={f"option_{k}": v for k, v in mine.items()},
        )
    if decide_form is None and standing.can_plan and poll.state != DatePoll.State.DECIDED:
        decide_form = DecideForm(
            poll=poll,
            rows=rows,
            initial={
                "option": rows[0].option.pk if rows else None,
                "title": poll.title,
                "location": poll.location,
                "online_url": poll.online_url,
            },
        )
    return render(
        request,
        "gatherings/poll_detail.html",
        {
            "poll": poll,
            "community": poll.community,
            "standing": standing,
            "rows": rows,
            "answered": bool(mine),
            "is_open": is_open,
            "answer_form": answer_form if is_open else None,
            "decide_form": decide_form if standing.can_plan else None,
        },
    )


@poll_view("content")
def poll_detail(request: HttpRequest, poll: DatePoll, standing: Standing) -> HttpResponse:
    return _poll_page(request, poll, standing)


@require_POST
@poll_view("content")
def answer_poll(request: HttpRequest, poll: DatePoll, standing: Standing) -> HttpResponse:
    rows = sorted(polls.results(poll), key=lambda r: r.option.position)
    form = AnswerForm(request.POST, rows=rows)
    if form.is_valid():
        try:
            polls.do_answer_poll(user=actor(request), poll=poll, answers=form.answers())
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Thank you! Your answers are saved."))
            return redirect("gatherings:poll", poll_id=poll.pk)
    return _poll_page(request, poll, standing, answer_form=form)


@require_POST
@poll_view("plan")
def decide_poll(request: HttpRequest, poll: DatePoll, standing: Standing) -> HttpResponse:
    form = DecideForm(request.POST, poll=poll, rows=polls.results(poll))
    if form.is_valid():
        data = form.cleaned_data
        try:
            scheduled = polls.check_decide_poll(
                actor=actor(request),
                poll=poll,
                option_id=data["option"],
                title=data["title"],
                location=data["location"],
                online_url=data["online_url"],
                every_weeks=data.get("every_weeks", 1),
                count=data.get("count"),
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request,
                _("The gathering is in the calendar. The members get an invitation by email."),
            )
            return redirect("gatherings:detail", gathering_id=scheduled.gatherings[0].pk)
    return _poll_page(request, poll, standing, decide_form=form)
