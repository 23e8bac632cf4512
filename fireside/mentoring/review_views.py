"""The buttons of a connection's review: the partner confirms it or says it did not happen
(from the pair's page), a facilitator settles a disputed one (from the group's pairs page).
Plain POST forms: no JavaScript needed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.lib.errors import ActionError
from fireside.lib.http import actor
from fireside.mentoring import review
from fireside.mentoring.access import get_connection_to_review, get_dispute_to_settle


def _back_to_pair(pairing_id: int, connection_id: int) -> HttpResponse:
    return redirect(reverse("mentoring:pair", args=[pairing_id]) + f"#connection-{connection_id}")


@require_POST
def confirm(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = get_connection_to_review(request.user, connection_id)
    try:
        review.check_confirm_connection(user=actor(request), connection=connection)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Confirmed. It counts toward your hours and your partner's."))
    return _back_to_pair(connection.pairing_id, connection.pk)


@require_POST
def dispute(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = get_connection_to_review(request.user, connection_id)
    try:
        review.check_dispute_connection(
            user=actor(request), connection=connection, note=request.POST.get("note", "")
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Noted. It does not count unless a facilitator of your group decides it does."),
        )
    return _back_to_pair(connection.pairing_id, connection.pk)


@require_POST
def settle(request: HttpRequest, disputed_id: int) -> HttpResponse:
    connection = get_dispute_to_settle(request.user, disputed_id)
    choice = request.POST.get("counts")
    try:
        review.check_settle_connection(
            actor=actor(request),
            connection=connection,
            counts={"yes": True, "no": False}.get(choice or "", choice),
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Settled. The pair sees your decision on their page."))
    return redirect(
        reverse("mentoring:pairings", args=[connection.pairing.community_id]) + "#disputes"
    )
