from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.gatherings import actions, ics
from fireside.gatherings.access import get_gathering_for
from fireside.gatherings.forms import PrefsForm
from fireside.gatherings.models import CalendarFeed
from fireside.lib.http import actor


def feed_url(request: HttpRequest, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("gatherings:feed", kwargs={"feed_token": feed.token}))


def calendar_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """A person's gatherings for calendar apps: no login, the secret address is the key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=feed_token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    body = ics.calendar(actions.gatherings_for(feed.user), name=_("My Fireside gatherings"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The secret feed address and which gathering emails a person wants."""
    user = actor(request)
    prefs = actions._prefs(user)
    form = PrefsForm(
        request.POST or None,
        initial={
            "invitations": prefs.invitations,
            "reminders": prefs.reminders,
            "notes": prefs.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        actions.do_set_prefs(user=user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("gatherings:calendar")
    return render(
        request,
        "gatherings/calendar.html",
        {"feed_url": feed_url(request, actions.feed_for(user)), "form": form},
    )


@require_POST
@login_required
def rotate_feed(request: HttpRequest) -> HttpResponse:
    actions.do_rotate_feed(user=actor(request))
    messages.success(
        request,
        _("Your calendar has a new address. Calendar apps using the old one stop updating."),
    )
    return redirect("gatherings:calendar")


def gathering_detail(request: HttpRequest, gathering_id: int) -> HttpResponse:
    gathering, standing = get_gathering_for(request.user, gathering_id, "content")
    return render(
        request,
        "gatherings/detail.html",
        {
            "gathering": gathering,
            "community": gathering.community,
            "standing": standing,
            "agenda": gathering.agenda.all(),
        },
    )
