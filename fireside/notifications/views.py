from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import get_community_for
from fireside.communities.models import Community, Membership
from fireside.lib.errors import ActionError
from fireside.lib.http import actor
from fireside.notifications import actions
from fireside.notifications.forms import PreferencesForm
from fireside.notifications.models import Kind, Notification
from fireside.notifications.render import render_notifications
from fireside.notifications.settings_parts import settings_parts


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notes = Notification.objects.filter(user=actor(request)).select_related("community", "actor")
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    page.object_list = render_notifications(page.object_list)
    # The groups whose emails this person can tune, each a link to its choices.
    groups = Community.objects.filter(
        memberships__user=actor(request), memberships__status=Membership.Status.ACTIVE
    ).order_by("name")
    return render(request, "notifications/inbox.html", {"page": page, "groups": list(groups)})


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    actions.do_mark_read(user=actor(request))
    return redirect("notifications:inbox")


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one as read and go where it points (only the owner's own notifications)."""
    note = Notification.objects.filter(pk=notification_id, user=actor(request)).first()
    if note is None:
        return redirect("notifications:inbox")
    actions.do_mark_read(user=actor(request), ids=[note.pk])
    return redirect(note.url)


def preferences(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    user = actor(request)
    delivery = actions.Deliveries([user.pk])
    current = {k: delivery(user.pk, community.pk, k) for k in Kind.values}
    form = PreferencesForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        actions.do_set_preferences(user=user, community=community, choices=form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("notifications:preferences", community_id=community.pk)
    return render(
        request,
        "notifications/preferences.html",
        {
            "community": community,
            "standing": standing,
            "form": form,
            "parts": settings_parts(user),  # mentoring's reflection reminders
        },
    )


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """From a link in an email: no sign-in needed; the signed token says who and what."""
    done = False
    error = ""
    if request.method == "POST":
        try:
            actions.do_unsubscribe(token=token)
        except ActionError as exc:
            error = exc.message
        else:
            done = True
    return render(
        request,
        "notifications/unsubscribe.html",
        {"done": done, "error": error},
        status=400 if error else 200,
    )
