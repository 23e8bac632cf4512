"""The editor around a peer pair's message form (pair_message_views.thread), the same one a
group's replies have (fireside/lib/editor.py, the {% editor_top %} and {% editor_buttons %}
tags, fireside/static/js/editor.js).

Without JavaScript the form's own buttons do it all: "Preview" brings the form back with
the sanitised rendering above it (nothing is sent), "Save draft" and "Discard draft" keep or
drop what is written (pair_drafts.py), and "Quote" on a message opens the form with it
quoted. With editor.js, `preview` and `draft` below do the same without reloading.
Both are POSTs with the form's CSRF token, for the people of the pair only (404 for anyone
else, the admin included), and saving needs a seat still open."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.accounts.models import User
from fireside.lib import editor
from fireside.lib.editor import Desk
from fireside.lib.errors import ActionError
from fireside.lib.http import actor
from fireside.mentoring import pair_drafts
from fireside.mentoring.access import get_pairing_for
from fireside.mentoring.models import Pairing
from fireside.mentoring.pair_messages import thread_url

FORM = "#latest"  # the form's heading on the thread page


def desk_for(request: HttpRequest, user: User, pairing: Pairing, can_write: bool) -> Desk:
    """What the editor shows on this request, for the thread page (request.editor)."""
    desk = Desk(keeps_drafts=can_write)
    action = editor.editor_action(request)
    if action == "preview":
        try:
            desk.preview = pair_drafts.check_preview(user=user, body=request.POST.get("body", ""))
        except ActionError as exc:
            messages.error(request, exc.message)
    elif not action and can_write:
        desk.draft = draft = pair_drafts.draft_for(user, pairing)
        if draft is not None:
            desk.prefill = {"body": draft.body}
        quote = pair_drafts.quoted(user, pairing, request.GET.get("quote", ""))
        if quote:
            desk.prefill["body"] = desk.prefill.get("body", "") + quote
    request.editor = desk  # type: ignore[attr-defined]
    return desk


def saved_or_dropped(request: HttpRequest, user: User, pairing: Pairing) -> HttpResponse | None:
    """The form's "Save draft" and "Discard draft" buttons: back to the form, or None when
    the draft could not be kept (the form comes back as it was sent, with the reason)."""
    back = thread_url(pairing.pk) + FORM
    if editor.editor_action(request) == "discard":
        pair_drafts.do_discard_draft(user=user, pairing=pairing)
        editor.say_discarded(request)
        return redirect(back)
    try:
        draft = pair_drafts.check_save_draft(
            user=user, pairing=pairing, body=request.POST.get("body")
        )
    except ActionError as exc:
        messages.error(request, exc.message)
        return None
    editor.say_saved(request, draft)
    return redirect(back)


@require_POST
def preview(request: HttpRequest, pairing_id: int) -> HttpResponse:
    """The sanitised HTML fragment a message with this text would show."""
    get_pairing_for(request.user, pairing_id)
    if editor.too_big(request):
        return JsonResponse({"detail": _("This is far too long to preview.")}, status=413)
    try:
        html = pair_drafts.check_preview(user=actor(request), body=request.POST.get("body", ""))
    except ActionError as exc:
        return editor.refusal(exc)
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@require_POST
def draft(request: HttpRequest, pairing_id: int) -> HttpResponse:
    """The draft of the next message to the pair, saved as they type."""
    pairing, _standing = get_pairing_for(request.user, pairing_id)
    if editor.too_big(request):
        return JsonResponse({"detail": _("This is far too long to keep as a draft.")}, status=413)
    try:
        kept = pair_drafts.check_save_draft(
            user=actor(request), pairing=pairing, body=request.POST.get("body")
        )
    except ActionError as exc:
        return editor.refusal(exc)
    return editor.saved(kept)
