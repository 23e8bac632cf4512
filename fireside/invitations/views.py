from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from fireside.invitations.models import Invitation


def _invitation(token: str) -> Invitation:
    invitation = Invitation.objects.for_token(token)
    if invitation is None:
        raise Http404
    return invitation


def accept(request: HttpRequest, invitation_token: str) -> HttpResponse:
    invitation = _invitation(invitation_token)
    return render(request, "invitations/accept.html", {"invitation": invitation})


def decline(request: HttpRequest, invitation_token: str) -> HttpResponse:
    invitation = _invitation(invitation_token)
    return render(request, "invitations/accept.html", {"invitation": invitation})
