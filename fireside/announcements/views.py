"""A group's announcements: the list, one announcement, posting one, marking it read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.announcements import actions
from fireside.announcements.access import get_announcement_for
from fireside.announcements.forms import AnnouncementForm
from fireside.communities.access import Standing, community_view
from fireside.communities.models import Community
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor

PER_PAGE = 20


@community_view("content")
def group_list(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    items = actions.for_member(request.user, community)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "announcements/list.html",
        {"community": community, "standing": standing, "page": page},
    )


@community_view("plan")
def new(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    form = AnnouncementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.check_post_announcement(
                author=actor(request),
                community=community,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Posted. Every member gets it by email."))
            return redirect("announcements:detail", item.pk)
    return render(
        request,
        "announcements/new.html",
        {"community": community, "standing": standing, "form": form},
    )


def detail(request: HttpRequest, announcement_id: int) -> HttpResponse:
    item, standing = get_announcement_for(request.user, announcement_id)
    is_read = item.reads.filter(user=actor(request)).exists()
    return render(
        request,
        "announcements/detail.html",
        {
            "announcement": item,
            "community": item.community,
            "standing": standing,
            "is_read": is_read,
        },
    )


@require_POST
def mark_read(request: HttpRequest, announcement_id: int) -> HttpResponse:
    item, _standing = get_announcement_for(request.user, announcement_id)
    actions.do_mark_read(user=actor(request), announcement=item)
    messages.success(request, _("Marked as read. It is off your home."))
    return redirect("announcements:detail", item.pk)
