"""The editor's small endpoints for fireside/static/js/editor.js: the preview of what is
being written and the draft saved every few seconds. Both are POSTs with the form's CSRF
token, for the group's active members only. Without JavaScript the forms' own buttons do
the same (fireside/conversations/editor.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import get_community_for
from fireside.conversations import drafts
from fireside.conversations.access import get_thread_for
from fireside.conversations.models import Thread
from fireside.lib.errors import ActionError
from fireside.lib.http import actor

# Far more than a post may hold (20,000 characters, up to 4 bytes each, form-encoded):
# anything bigger is refused before it is read.
MAX_BYTES = 300_000


def _too_big(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BYTES
    except ValueError:
        return True


def _refusal(exc: ActionError) -> JsonResponse:
    status = exc.status if exc.status in {413, 429} else 422
    return JsonResponse({"detail": exc.message}, status=status)


@require_POST
def preview(request: HttpRequest, community_id: int) -> HttpResponse:
    """The sanitised HTML fragment a post with this text would show."""
    get_community_for(request.user, community_id, "content")
    if _too_big(request):
        return JsonResponse({"detail": _("This is far too long to preview.")}, status=413)
    try:
        html = drafts.check_preview(user=actor(request), body=request.POST.get("body", ""))
    except ActionError as exc:
        return _refusal(exc)
    return HttpResponse(html, content_type="text/html; charset=utf-8")


def _save(request: HttpRequest, community_id: int, thread: Thread | None) -> HttpResponse:
    community = (
        thread.community
        if thread is not None
        else get_community_for(request.user, community_id, "content")[0]
    )
    if _too_big(request):
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
        return _refusal(exc)
    if draft is None:
        return JsonResponse({"saved": False, "message": ""})
    at = formats.time_format(timezone.localtime(draft.updated_at), "TIME_FORMAT")
    return JsonResponse({"saved": True, "message": _("Draft saved at %(time)s.") % {"time": at}})


@require_POST
def thread_draft(request: HttpRequest, community_id: int) -> HttpResponse:
    """The draft of a new thread in this group."""
    return _save(request, community_id, None)


@require_POST
def reply_draft(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The draft of a reply to this thread."""
    thread, _standing = get_thread_for(request.user, thread_id)
    return _save(request, thread.community_id, thread)
