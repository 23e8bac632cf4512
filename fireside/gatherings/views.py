"""Gathering pages: the group's schedule, scheduling, one gathering, attendance and notes,
topics, and the mentor debrief. Each view resolves the caller's standing first (through
get_gathering_for or community_view), then calls one action."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from fireside.accounts.faces import Faces
from fireside.communities.access import (
    Need,
    Standing,
    community_view,
    program_standing,
    require,
    resolve_standing,
    shared_needs,
)
from fireside.communities.models import Community, Membership, MentorAssignment
from fireside.gatherings import actions, agendas, checkin, ics, notices, polls, scheduling
from fireside.gatherings.access import get_gathering_for
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
    AttendanceForm,
    DebriefForm,
    FeedbackForm,
    NotesForm,
    PrefsForm,
    ScheduleForm,
    SeriesForm,
    TopicForm,
    WhenWhereForm,
    agenda_lines,
)
from fireside.gatherings.guard_rails import Clash, agenda_fit
from fireside.gatherings.models import (
    CalendarFeed,
    Debrief,
    DebriefCall,
    Feedback,
    Gathering,
    Rsvp,
    Series,
    Topic,
    TopicVote,
)
from fireside.lib.errors import ActionError, Refused
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.lib.i18n import speaking_to
from fireside.programs.models import Program

View = Callable[..., HttpResponse]
LONGEST = dt.timedelta(hours=24)  # no gathering lasts longer
PAST_SHOWN = 24


def gathering_view(need: Need) -> Callable[[View], View]:
    """Every page of one gathering goes through here: resolve standing once, refuse early."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(
            request: HttpRequest, gathering_id: int, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            gathering, standing = get_gathering_for(request.user, gathering_id, need)
            return view(request, gathering, standing, *args, **kwargs)

        return wrapped

    return decorate


def _when(g: Gathering) -> str:
    return date_format(g.local_start, _("l j F Y, H:i"))


# --- Calendars -------------------------------------------------------------------------


def feed_url(request: HttpRequest, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("gatherings:feed", kwargs={"feed_token": feed.token}))


def calendar_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """A person's gatherings for calendar apps: no login, the secret address is the key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=feed_token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    with speaking_to(feed.user):  # no login: the owner's language, not the calendar app's
        body = ics.feed(
            notices.gatherings_for(feed.user), key=feed.token, name=_("My Fireside gatherings")
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The secret feed address and which gathering emails a person wants."""
    user = actor(request)
    prefs = notices._prefs(user)
    form = PrefsForm(
        request.POST or None,
        initial={
            "invitations": prefs.invitations,
            "reminders": prefs.reminders,
            "notes": prefs.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        notices.do_set_prefs(user=user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("gatherings:calendar")
    # What the bottom bar's "Gatherings" promises: the next ones in all of one's groups.
    coming = (
        Gathering.objects.filter(
            community__memberships__user=user,
            community__memberships__status=Membership.Status.ACTIVE,
            starts_at__gte=timezone.now() - LONGEST,
            cancelled_at__isnull=True,
        )
        .select_related("community")
        .order_by("starts_at")
    )
    return render(
        request,
        "gatherings/calendar.html",
        {
            "feed_url": feed_url(request, notices.feed_for(user)),
            "form": form,
            "coming": [g for g in coming[:20] if g.ends_at > timezone.now()][:10],
        },
    )


@require_POST
@login_required
def rotate_feed(request: HttpRequest) -> HttpResponse:
    notices.do_rotate_feed(user=actor(request))
    messages.success(
        request,
        _("Your calendar has a new address. Calendar apps using the old one stop updating."),
    )
    return redirect("gatherings:calendar")


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


# --- After: attendance, notes, debrief --------------------------------------------------


def _posted_people(request: HttpRequest) -> list[int]:
    """Who was on the checklist the facilitator saw; the action checks they are members."""
    ids: list[int] = []
    for raw in request.POST.getlist("person")[:60]:
        if raw.isdigit() and int(raw) not in ids:
            ids.append(int(raw))
    return ids


@gathering_view("facilitate")
def attendance(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """A checklist for a phone: tick who came; minutes default to the gathering's length."""
    g = gathering
    recorded = {a.user_id: a for a in g.attendance.select_related("user")}
    # The people who were in the group at the time: not who joined since.
    members = actions.attendance_candidates(g).select_related("user").order_by("user__name")
    names = {m.user_id: m.user.display_name for m in members}
    names |= {uid: a.user.display_name for uid, a in recorded.items() if uid not in names}
    needs = shared_needs(standing, (m.user for m in members))
    ids = _posted_people(request) if request.method == "POST" else list(names)
    # Someone not on the group's list gets no name here: the page must not reveal one.
    people = [(uid, names.get(uid) or _("Person number %(id)s") % {"id": uid}) for uid in ids]
    rsvps = dict(g.rsvps.values_list("user_id", "response"))
    initial = checkin.sheet_initial(g, recorded, rsvps)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        people=people,
        duration=g.duration_minutes,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid() and not people:
        form.add_error(None, _("The list was empty. Reload the page and try again."))
    elif request.method == "POST" and form.is_valid():
        try:
            rows = actions.check_record_attendance(
                actor=actor(request), gathering=g, rows=form.rows()
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request,
                _("Attendance is saved: %(n)s present. Now, the notes?")
                % {"n": sum(r.present for r in rows)},
            )
            return redirect("gatherings:notes", gathering_id=g.pk)
    checked_in = checkin.checked_in(recorded)
    return render(
        request,
        "gatherings/attendance.html",
        {
            "gathering": g,
            "community": g.community,
            "standing": standing,
            "form": form,
            "rows": [
                (uid, present, minutes, rsvps.get(uid), needs.get(uid, ""), uid in checked_in)
                for (present, minutes), (uid, _name) in zip(form.checklist(), people, strict=True)
            ],
            "started": g.starts_at <= timezone.now(),
            "scores": activity_scores(g.community),
            "checkin_open": checkin.is_open(g),
        },
    )


@gathering_view("plan")
def notes(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    g = gathering
    form = NotesForm(
        request.POST or None,
        initial={
            "notes": g.notes,
            "action_points": "\n".join(g.action_points),
            "ideas_next_time": g.ideas_next_time,
        },
    )
    if request.method == "POST" and form.is_valid():
        already_sent = g.notes_sent_at is not None
        try:
            scheduling.check_update_gathering(
                actor=actor(request), gathering=g, changes=form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            sent_now = not already_sent and g.notes_sent_at is not None
            messages.success(
                request,
                _("The notes are saved, and the members have them by email.")
                if sent_now
                else _("The notes are saved."),
            )
            return redirect("gatherings:detail", gathering_id=g.pk)
    return render(
        request,
        "gatherings/notes.html",
        {
            "gathering": g,
            "community": g.community,
            "standing": standing,
            "form": form,
            "started": g.starts_at <= timezone.now(),
            "scores": activity_scores(g.community),
        },
    )


@gathering_view("read_debrief")
def debrief(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """Facilitators and mentors write it; coordinators read it; members never see it."""
    g = gathering
    filed = Debrief.objects.filter(gathering=g).select_related("written_by").first()
    form = None
    if standing.can_write_debrief:
        form = DebriefForm(
            request.POST or None,
            initial={
                "logistics": filed.logistics,
                "common_threads": filed.common_threads,
                "wonderings": filed.wonderings,
            }
            if filed
            else None,
        )
    if request.method == "POST":
        require(standing, "debrief")
        assert form is not None  # noqa: S101 - require() refused everyone else
        if form.is_valid():
            try:
                actions.check_file_debrief(actor=actor(request), gathering=g, **form.cleaned_data)
            except ActionError as exc:
                add_action_error(form, exc)
            else:
                messages.success(request, _("The debrief is saved. Thank you."))
                return redirect("gatherings:debrief", gathering_id=g.pk)
    return render(
        request,
        "gatherings/debrief.html",
        {
            "gathering": g,
            "community": g.community,
            "standing": standing,
            "filed": filed,
            "form": form,
            "started": g.starts_at <= timezone.now(),
            "call": DebriefCall.objects.live().filter(gathering=g).first(),
        },
    )


@login_required
def mentor_debriefs(request: HttpRequest, program_id: int) -> HttpResponse:
    """The program's gatherings that took place and still lack a debrief; a mentor's own
    groups (those assigned to them) first."""
    program = get_object_or_404(Program, pk=program_id)
    standing = program_standing(request.user, program)
    if not (standing.is_mentor or standing.is_coordinator):
        raise Refused(403)
    past = Gathering.objects.filter(
        community__program=program, starts_at__lte=timezone.now(), cancelled_at__isnull=True
    )
    mine = MentorAssignment.objects.filter(community=OuterRef("community"), mentor=actor(request))
    missing = (
        past.filter(debrief__isnull=True)
        .select_related("community")
        .annotate(
            attended=Count("attendance", filter=Q(attendance__present=True)),
            mine=Exists(mine),
        )
        .order_by("-mine", "-starts_at")[:200]
    )
    return render(
        request,
        "gatherings/mentor_debriefs.html",
        {
            "program": program,
            "missing": missing,
            "filed": past.filter(debrief__isnull=False).count(),
            "standing": standing,
        },
    )


# --- Topics ----------------------------------------------------------------------------


def _topics_page(
    request: HttpRequest, community: Community, standing: Standing, form: TopicForm
) -> HttpResponse:
    user = actor(request)
    used = (
        Topic.objects.filter(community=community, used_in__isnull=False)
        .select_related("used_in")
        .order_by("-used_in__starts_at")[:10]
    )
    return render(
        request,
        "gatherings/topics.html",
        {
            "community": community,
            "standing": standing,
            "form": form,
            "topics": _open_topics(community, user)[:100],
            "used": used,
        },
    )


@community_view("content")
def topics(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    return _topics_page(request, community, standing, TopicForm())


@require_POST
@community_view("content")
def propose_topic(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            agendas.do_propose_topic(user=actor(request), community=community, **form.cleaned_data)
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Thank you! Your topic is on the list, with your vote."))
            return redirect("gatherings:topics", community_id=community.pk)
    return _topics_page(request, community, standing, form)


@require_POST
@community_view("content")
def vote(
    request: HttpRequest, community: Community, standing: Standing, topic_id: int
) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=topic_id, community=community)
    stands = agendas.do_toggle_vote(user=actor(request), topic=topic)
    messages.success(
        request,
        _("Your vote for “%(title)s” is in.") % {"title": topic.title}
        if stands
        else _("You took back your vote for “%(title)s”.") % {"title": topic.title},
    )
    return redirect(reverse("gatherings:topics", args=[community.pk]) + f"#topic-{topic.pk}")
