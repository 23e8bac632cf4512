"""The group's THINK setting, for its facilitators (fireside/conversations/think.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fireside.communities.access import get_community_for
from fireside.conversations.think import ThinkForm, check_set_think
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor


def think_setting(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "facilitate")
    form = ThinkForm(
        request.POST if request.method == "POST" else None, initial={"think": community.think}
    )
    if request.method == "POST" and form.is_valid():
        try:
            check_set_think(
                actor=actor(request), community=community, think=form.cleaned_data["think"]
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request, _("Saved: %(where)s.") % {"where": community.get_think_display()}
            )
            return redirect("conversations:list", community_id=community.pk)
    return render(
        request,
        "conversations/think.html",
        {"community": community, "standing": standing, "form": form},
    )
