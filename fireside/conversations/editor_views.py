"""The editor's small endpoints for fireside/static/js/editor.js: the preview of what is
being written and the draft saved every few seconds. Both are POSTs with the form's CSRF
token, for the group's active members only. Without JavaScript the forms' own buttons do
the same (fireside/conversations/editor.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import get_community_for
from fireside.conversations import drafts
from fireside.conversations.access import get_thread_for
from fireside.conversations.models import Thread
from fireside.lib import editor
from fireside.lib.errors import ActionError
from fireside.lib.http import actor


@require_POST
def preview(request: HttpRequest, community_id: int) -> HttpResponse:
    """The sanitised HTML fragment a post with this text would show."""
    get_community_for(request.user, community_id, "content")
    if editor.too_big(request):
        return JsonResponse({"detail": _("This is far too long to preview.")}, status=413)
    try:
        html = drafts.check_preview(user=actor(request), body=request.POST.get("body", ""))
    except ActionError as exc:
        return editor.refusal(exc)
    return HttpResponse(html, content_type="text/html; charset=utf-8")


def _save(request: HttpRequest, community_id: int, thread: Thread | None) -> HttpResponse:
    community = (
        thread.community
        if thread is not None
        else get_community_for(request.user, community_id, "content")[0]
    )
    if editor.too_big(request):
        return JsonResponse({"detail": _("This is far too long to keep as a draft.")}, status=413)
    try:
        draft = drafts.check_save_draft(
            user=actor(request),
            community=community,
            thread=thread,
            title=request.POST.get("title"),
            body=request.POST.get("body"),
        )
    except ActionError as exc:
        return editor.refusal(exc)
    return editor.saved(draft)


@require_POST
def thread_draft(request: HttpRequest, community_id: int) -> HttpResponse:
    """The draft of a new thread in this group."""
    return _save(request, community_id, None)


@require_POST
def reply_draft(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The draft of a reply to this thread."""
    thread, _standing = get_thread_for(request.user, thread_id)
    return _save(request, thread.community_id, thread)
