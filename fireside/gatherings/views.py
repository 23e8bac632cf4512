"""Gathering pages: the group's schedule, scheduling, one gathering, editing and cancelling
it. Calendars are in calendar_views.py, attendance, notes and debriefs in after_views.py, the
group's topics in topic_views.py. Each view resolves the caller's standing first (through
get_gathering_for or community_view), then calls one action."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from fireside.accounts.faces import Faces
from fireside.communities.access import Standing, community_view, require, resolve_standing
from fireside.communities.models import Community
from fireside.gatherings import actions, checkin, guests, ics, polls, scheduling, topic_calls
from fireside.gatherings.access import gathering_view
from fireside.gatherings.agenda_parts import agenda_parts
from fireside.gatherings.calendar_links import (
    agenda_headline,
    join_state,
    map_link,
    web_calendar_links,
)
from fireside.gatherings.feedback import activity_scores, do_give_feedback
from fireside.gatherings.forms import (
    AddTopicForm,
    AgendaFormSet,
    FeedbackForm,
    ScheduleForm,
    SeriesForm,
    WhenWhereForm,
    agenda_lines,
)
from fireside.gatherings.guard_rails import Clash, agenda_fit
from fireside.gatherings.models import Debrief, Feedback, Gathering, Rsvp, Series, Topic, TopicVote
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor

LONGEST = dt.timedelta(hours=24)  # no gathering lasts longer
PAST_SHOWN = 24


def _when(g: Gathering) -> str:
    return date_format(g.local_start, _("l j F Y, H:i"))


# --- The group's schedule and scheduling ----------------------------------------------


@community_view("schedule")
def community_list(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    """Members see everything with links; mentors and coordinators titles, times and counts."""
    now = timezone.now()
    gatherings = Gathering.objects.filter(community=community).annotate(
        attended=Count("attendance", filter=Q(attendance__present=True), distinct=True),
        coming=Count("rsvps", filter=Q(rsvps__response=Rsvp.Response.YES), distinct=True),
        has_debrief=Exists(Debrief.objects.filter(gathering=OuterRef("pk"))),
    )
    recent = list(gatherings.filter(starts_at__gte=now - LONGEST).order_by("starts_at")[:60])
    older = gatherings.filter(starts_at__lt=now - LONGEST).order_by("-starts_at")[:PAST_SHOWN]
    return render(
        request,
        "gatherings/community_list.html",
        {
            "community": community,
            "standing": standing,
            "now": now,
            "upcoming": [g for g in recent if g.ends_at > now],
            "past": [g for g in reversed(recent) if g.ends_at <= now] + list(older),
            "open_polls": polls.open_polls(community) if standing.is_member else [],
        },
    )


@community_view("plan")
def schedule(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    """The form, then (for a series) the dates it makes, then schedule and invite. A start
    in the past or a clash is shown on the form first (see guard_rails)."""
    zones = (community.program.timezone, getattr(request.user, "timezone", "") or "")
    form = ScheduleForm(
        request.POST or None,
        initial={"timezone": community.program.timezone},
        first_zones=zones,
    )
    context: dict[str, Any] = {"community": community, "standing": standing, "form": form}
    if request.method != "POST" or "back" in request.POST or not form.is_valid():
        return render(request, "gatherings/schedule.html", context)
    rule, zone = form.rrule(), form.cleaned_data["timezone"]
    anyway = "schedule_anyway" in request.POST
    try:
        if rule and "confirm" not in request.POST and not anyway:
            first = form.wall_clock().replace(tzinfo=ZoneInfo(zone))
            plan = scheduling.plan_series(rule, first, community.program.ends_on)
            context |= {
                "plan": plan,
                "starts": plan.starts,
                "description": form.describe(),
                "timezone": zone,
                "program": community.program,
            }
            return render(request, "gatherings/schedule_confirm.html", context)
        _series, gatherings, notice = scheduling.check_schedule(
            actor=actor(request),
            community=community,
            title=form.cleaned_data["title"],
            starts_at=form.wall_clock(),
            duration_minutes=form.cleaned_data["duration_minutes"],
            timezone_name=zone,
            location=form.cleaned_data["location"],
            online_url=form.cleaned_data["online_url"],
            recurrence=rule,
            already_happened=form.cleaned_data["already_happened"],
            allow_clash=anyway,
        )
    except Clash as exc:
        context["clashes"] = exc.clashes
        add_action_error(form, exc)
        return render(request, "gatherings/schedule.html", context)
    except ActionError as exc:
        add_action_error(form, exc)
        return render(request, "gatherings/schedule.html", context)
    if form.cleaned_data["already_happened"]:
        messages.success(
            request,
            _("“%(title)s” is recorded; nobody was invited. Now, who came?")
            % {"title": gatherings[0].title},
        )
        return redirect("gatherings:attendance", gathering_id=gatherings[0].pk)
    if len(gatherings) == 1:
        done = _("“%(title)s” is in the calendar for %(when)s.") % {
            "title": gatherings[0].title,
            "when": _when(gatherings[0]),
        }
    else:
        done = _("%(n)s gatherings are in the calendar, from %(first)s to %(last)s.") % {
            "n": len(gatherings),
            "first": date_format(gatherings[0].local_start, "j F Y"),
            "last": date_format(gatherings[-1].local_start, "j F Y"),
        }
    if notice:
        done += " " + _("The dates after the program ends on %(day)s were left out.") % {
            "day": date_format(community.program.ends_on, "j F Y")
        }
    messages.success(request, done + " " + _("The members get an invitation by email."))
    return redirect("gatherings:community_list", community_id=community.pk)


# --- One gathering ---------------------------------------------------------------------


def _fit(total: int, length: int) -> dict[str, Any]:
    """The agenda's minutes against the gathering's length: a warning when over."""
    return {
        "agenda_minutes": total,
        "agenda_over": total > length,
        "agenda_fit": agenda_fit(total, length),
    }


def _checkin_state(g: Gathering, user: Any, standing: Standing) -> dict[str, Any]:
    """Whether a member can check in now, and whether they have."""
    is_open = standing.is_member and checkin.is_open(g)
    return {
        "checkin_open": is_open,
        "checked_in": is_open and g.attendance.filter(user=user, present=True).exists(),
    }


def _agenda_activities(agenda: list[Any]) -> list[str]:
    return list(dict.fromkeys(item.activity for item in agenda))


def _detail_context(
    request: HttpRequest, g: Gathering, standing: Standing, feedback_form: FeedbackForm | None
) -> dict[str, Any]:
    user = actor(request)
    agenda = list(g.agenda.all())
    rsvps = list(g.rsvps.select_related("user").order_by("user__name"))
    open_for_feedback = g.starts_at <= timezone.now() and not g.is_cancelled
    if open_for_feedback and feedback_form is None:
        given = Feedback.objects.filter(gathering=g, user=user).first()
        feedback_form = FeedbackForm(
            initial=(
                {
                    "worked": given.worked,
                    "more_of": given.more_of,
                    "less_of": given.less_of,
                    "comment": given.comment,
                }
                if given
                else None
            ),
            activities=_agenda_activities(agenda),
        )
    own_zone = getattr(user, "timezone", "")
    headline = agenda_headline(agenda)
    return {
        "gathering": g,
        "community": g.community,
        "standing": standing,
        "agenda": agenda,
        **_fit(sum(item.minutes for item in agenda), g.duration_minutes),
        "rsvps": rsvps,
        "counts": Counter(r.response for r in rsvps),
        "my_rsvp": next((r.response for r in rsvps if r.user_id == user.pk), None),
        "own_zone": own_zone if own_zone and own_zone != g.timezone else "",
        "feedback_form": feedback_form if open_for_feedback else None,
        "started": g.starts_at <= timezone.now(),
        "over": g.ends_at < timezone.now(),
        **_checkin_state(g, user, standing),
        "calendar_links": web_calendar_links(g, headline),
        "map_link": map_link(g),
        "join": join_state(g),
        "coming_guests": guests.coming_guests(g),
        "can_invite_guests": standing.can_plan and not g.is_cancelled,
        "coming": [r for r in rsvps if r.response == Rsvp.Response.YES],
        "maybe": [r for r in rsvps if r.response == Rsvp.Response.MAYBE],
        # Members share the group with everyone who answered: no query to decide photos.
        "faces": (
            Faces.known(user, [r.user_id for r in rsvps])
            if standing.is_member
            else Faces.none(user)
        ),
    }


@gathering_view("content")
def gathering_ics(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """This one gathering, to open in a calendar app."""
    headline = agenda_headline(list(gathering.agenda.all()))
    response = HttpResponse(
        ics.one(gathering, headline=headline), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="gathering-{gathering.pk}.ics"'
    response["Cache-Control"] = "private, no-cache"
    return response


@gathering_view("content")
def gathering_detail(
    request: HttpRequest, gathering: Gathering, standing: Standing
) -> HttpResponse:
    context = _detail_context(request, gathering, standing, None)
    return render(request, "gatherings/detail.html", context)


RSVP_THANKS = {
    Rsvp.Response.YES: gettext_lazy("Thank you! The group knows you are coming."),
    Rsvp.Response.MAYBE: gettext_lazy("Thank you. Change your answer whenever you know more."),
    Rsvp.Response.NO: gettext_lazy("Thank you for letting the group know. You will be missed."),
}


@require_POST
@gathering_view("content")
def rsvp(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    try:
        answer = actions.do_rsvp(
            user=actor(request), gathering=gathering, response=request.POST.get("response")
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, RSVP_THANKS[Rsvp.Response(answer.response)])
    back = request.POST.get("next", "")
    if (
        back
        and back.isprintable()  # no line break smuggled into the Location header
        and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(back)  # the home page answers too, and returns there
    return redirect("gatherings:detail", gathering_id=gathering.pk)


@require_POST
@gathering_view("content")
def feedback(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    activities = _agenda_activities(list(gathering.agenda.all()))
    form = FeedbackForm(request.POST, activities=activities)
    if not form.is_valid():
        context = _detail_context(request, gathering, standing, form)
        return render(request, "gatherings/detail.html", context)
    try:
        do_give_feedback(user=actor(request), gathering=gathering, **form.cleaned_data)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Thank you! Facilitators see what the group rates best, never who said what."),
        )
    return redirect("gatherings:detail", gathering_id=gathering.pk)


def _open_topics(community: Community, user: Any = None) -> Any:
    topics = (
        Topic.objects.filter(community=community, used_in__isnull=True)
        .annotate(n_votes=Count("votes"))
        .select_related("proposed_by")
        .order_by("-n_votes", "-created_at")
    )
    if user is not None:
        topics = topics.annotate(
            mine=Exists(TopicVote.objects.filter(topic=OuterRef("pk"), user=user))
        )
    return topics


def _current_agenda(g: Gathering) -> list[dict[str, Any]]:
    return [
        {
            "topic": a.topic,
            "activity": a.activity,
            "minutes": a.minutes,
            "from_topic_id": a.from_topic_id,
            "shared_with_guests": a.shared_with_guests,
        }
        for a in g.agenda.all()
    ]


def _edit_changes(
    form: Any,
    details: WhenWhereForm,
    agenda: Any,
    add: AddTopicForm,
    current: list[dict[str, Any]],
) -> dict[str, Any]:
    """What the one submitted part of the edit page changes."""
    if form is details:
        return {
            "title": details.cleaned_data["title"],
            "starts_at": details.wall_clock(),
            "timezone": details.cleaned_data["timezone"],
            "duration_minutes": details.cleaned_data["duration_minutes"],
            "location": details.cleaned_data["location"],
            "online_url": details.cleaned_data["online_url"],
        }
    if form is agenda:
        return {"agenda": agenda_lines(agenda)}
    topic = add.topics[add.cleaned_data["topic"]]
    line = {
        "topic": topic.title,
        "activity": add.cleaned_data["activity"],
        "minutes": add.cleaned_data["minutes"],
        "from_topic_id": topic.pk,
    }
    return {"agenda": [*current, line]}


@gathering_view("plan")
def edit(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """This one occurrence: when and where, and its agenda (by hand or from members' topics).
    Three small forms, so saving the agenda never re-sends an invitation."""
    g = gathering
    part = request.POST.get("part") if request.method == "POST" else None
    local = g.local_start
    details = WhenWhereForm(
        request.POST if part == "details" else None,
        first_zones=(
            g.timezone,
            g.community.program.timezone,
            getattr(request.user, "timezone", "") or "",
        ),
        initial={
            "title": g.title,
            "date": local.date(),
            "start_time": local.time(),
            "duration_minutes": g.duration_minutes,
            "timezone": g.timezone,
            "location": g.location,
            "online_url": g.online_url,
        },
    )
    current = _current_agenda(g)
    agenda = AgendaFormSet(
        request.POST if part == "agenda" else None, initial=current, prefix="agenda"
    )
    topics = list(_open_topics(g.community)[:20])
    add = AddTopicForm(request.POST if part == "add_topic" else None, topics=topics)
    form: Any = {"details": details, "agenda": agenda, "add_topic": add}.get(part or "")
    agenda_error = ""
    clashes: list[Gathering] = []
    if form is not None and form.is_valid():
        sequence = g.sequence
        try:
            changes = _edit_changes(form, details, agenda, add, current)
            scheduling.check_update_gathering(
                actor=actor(request),
                gathering=g,
                changes=changes,
                allow_clash=form is not details or "save_anyway" in request.POST,
            )
        except Clash as exc:
            clashes = exc.clashes
            add_action_error(form, exc)
        except ActionError as exc:
            if form is agenda:
                agenda_error = exc.message
            else:
                add_action_error(form, exc)
        else:
            if g.sequence != sequence:
                messages.success(request, _("Saved. Everyone has the new details by email."))
            elif form is details:
                messages.success(request, _("Saved."))
            else:
                messages.success(request, _("The agenda is saved. It goes out with the reminder."))
            return redirect(
                reverse("gatherings:edit", args=[g.pk]) + ("#agenda" if part != "details" else "")
            )
    return render(
        request,
        "gatherings/edit.html",
        {
            "gathering": g,
            "community": g.community,
            "standing": standing,
            "details": details,
            "clashes": clashes,
            "agenda": agenda,
            "agenda_error": agenda_error,
            "add": add if topics else None,
            "scores": activity_scores(g.community),
            "call_topics": topic_calls.for_agenda(g),
            "agenda_parts": agenda_parts(g),
            **_fit(sum(line["minutes"] for line in current), g.duration_minutes),
        },
    )


def edit_series(request: HttpRequest, series_id: int) -> HttpResponse:
    """Change every future gathering of a series that was not changed on its own."""
    series = get_object_or_404(Series.objects.select_related("community__program"), pk=series_id)
    standing = require(resolve_standing(request.user, series.community), "plan")
    coming = list(series.gatherings.filter(starts_at__gt=timezone.now(), cancelled_at__isnull=True))
    following = [g for g in coming if not g.detached]
    model = following[0] if following else None
    form = SeriesForm(
        request.POST or None,
        initial=(
            {
                "title": model.title,
                "start_time": model.local_start.time(),
                "duration_minutes": model.duration_minutes,
                "location": model.location,
                "online_url": model.online_url,
            }
            if model
            else None
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = scheduling.check_update_series(
                actor=actor(request),
                series=series,
                title=form.cleaned_data["title"],
                local_time=form.cleaned_data["start_time"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                online_url=form.cleaned_data["online_url"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            if changed:
                messages.success(
                    request,
                    ngettext(
                        "One future gathering changed. The members have the new details by email.",
                        "%(n)s future gatherings changed. The members have the new details by "
                        "email.",
                        len(changed),
                    )
                    % {"n": len(changed)},
                )
            else:
                messages.info(
                    request,
                    _("Nothing changed: the future gatherings already had these details."),
                )
            return redirect("gatherings:community_list", community_id=series.community_id)
    return render(
        request,
        "gatherings/edit_series.html",
        {
            "series": series,
            "community": series.community,
            "standing": standing,
            "form": form,
            "following": following,
            "apart": [g for g in coming if g.detached],
        },
    )


@gathering_view("plan")
def cancel(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    if request.method != "POST":
        return render(
            request,
            "gatherings/cancel.html",
            {"gathering": gathering, "community": gathering.community, "standing": standing},
        )
    try:
        scheduling.do_cancel(actor=actor(request), gathering=gathering)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The gathering is cancelled. Everyone has an email about it."),
        )
    return redirect("gatherings:detail", gathering_id=gathering.pk)
