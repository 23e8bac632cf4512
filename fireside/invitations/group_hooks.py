"""Invitations' part in communities' pages (fireside.communities.hooks): "Add a member" on a
group's members page is an invitation by email, and an approved proposal invites its
proposer to facilitate the new group."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from fireside.communities.hooks import Adding, register_adding, register_invite
from fireside.communities.models import Community
from fireside.invitations.actions import check_invite, create_invitation
from fireside.invitations.forms import InviteForm
from fireside.invitations.outcomes import tell
from fireside.lib.errors import ActionError
from fireside.lib.http import actor


def add_form() -> InviteForm:
    return InviteForm(coordinator=True)


def add_member(request: HttpRequest, community: Community) -> None:
    """The person joins only by accepting the group's agreement themselves, and only a group
    for their role (the caller checked that the sender manages the group)."""
    form = InviteForm(request.POST, coordinator=True)
    if not form.is_valid():
        messages.error(request, _("Enter at least one email address."))
        return
    try:
        result = check_invite(
            actor=actor(request),
            program=community.program,
            community=community,
            emails=form.cleaned_data["emails"],
            note=form.cleaned_data["note"],
            role=form.cleaned_data["role"] or "member",
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        tell(request, result)


def invite_unsent(**kwargs: Any) -> str:
    """An invitation whose link the caller sends in its own email; its accept link."""
    offer = create_invitation(send=False, **kwargs)
    token = getattr(offer, "token", None)
    return reverse("invitations:accept", kwargs={"invitation_token": token}) if token else ""


def register_all() -> None:
    register_adding(Adding(form=add_form, handle=add_member))
    register_invite(invite_unsent)
