"""Calendars: a person's calendar page, their private calendar feed (an .ics address
that needs no sign-in, the token is the key) and a new address when the old one leaked."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.models import Membership
from fireside.gatherings import ics, notices
from fireside.gatherings.forms import PrefsForm
from fireside.gatherings.models import CalendarFeed, Gathering
from fireside.gatherings.views import LONGEST
from fireside.lib.http import actor
from fireside.lib.i18n import speaking_to


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
