"""The editor around the new-thread, reply and edit forms, for the views in views.py.

`with_editor` wraps those views (in urls.py). Their forms gain buttons beside "Post":
"Preview" (the form comes back with the sanitised rendering above it, and nothing is
posted), "Save draft" and "Discard draft" (where drafts are kept: new threads and replies).
On opening a form its saved draft is put back, or on "Quote" the quoted post; posting
deletes the draft. With fireside/static/js/editor.js the same happens without reloading
(fireside/conversations/editor_views.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from fireside.communities.access import get_community_for
from fireside.conversations import drafts
from fireside.conversations.access import get_reply_for, get_thread_for
from fireside.conversations.models import Reply, Thread
from fireside.lib.editor import Desk, editor_action, say_discarded, say_saved
from fireside.lib.editor import posting as posting
from fireside.lib.errors import ActionError, Refused
from fireside.lib.http import actor

View = Callable[..., HttpResponse]


def _place(kwargs: dict[str, Any]) -> tuple[int | None, int | None]:
    """(community id, thread id) of a new thread's or a reply's form; (None, None) for edits."""
    if "thread_id" in kwargs:
        return None, int(kwargs["thread_id"])
    return kwargs.get("community_id"), None


def _authorised(request: HttpRequest, community_id: int | None, thread_id: int | None) -> Any:
    """The community and thread, refused unless the person may write there."""
    if thread_id is not None:
        thread, _standing = get_thread_for(request.user, thread_id)
        return thread.community, thread
    community, _standing = get_community_for(request.user, community_id or 0, "content")
    return community, None


def _quote(request: HttpRequest, thread_id: int) -> str:
    """`?quote=thread-12` or `?quote=reply-34`: that post, quoted, if it is in this thread
    and the reader may see it (a hidden post only for its author and the facilitators)."""
    kind, _sep, pk = request.GET.get("quote", "").partition("-")
    if not pk.isdigit() or kind not in {"thread", "reply"}:
        return ""
    try:
        post: Thread | Reply = (
            get_thread_for(request.user, int(pk))[0]
            if kind == "thread"
            else get_reply_for(request.user, int(pk))[0]
        )
    except Refused:
        return ""
    here = post.pk if isinstance(post, Thread) else post.thread_id
    if here != thread_id or post.is_hidden:
        return ""
    return drafts.quoted(post)


def _saved_or_dropped(
    request: HttpRequest, action: str, community_id: int | None, thread_id: int | None
) -> HttpResponse | None:
    community, thread = _authorised(request, community_id, thread_id)
    back = request.path + ("#reply-title" if thread is not None else "")
    if action == "discard":
        drafts.do_discard_draft(user=actor(request), community=community, thread=thread)
        say_discarded(request)
        return redirect(back)
    try:
        saved = drafts.check_save_draft(
            user=actor(request),
            community=community,
            thread=thread,
            title=request.POST.get("title"),
            body=request.POST.get("body"),
        )
    except ActionError as exc:
        messages.error(request, exc.message)
        return None  # the form comes back as it was sent, with the reason
    say_saved(request, saved)
    return redirect(back)


def _opened(
    request: HttpRequest, desk: Desk, community_id: int | None, thread_id: int | None
) -> None:
    """The form opens with their draft, and the post they chose to quote after it."""
    if not request.user.is_authenticated:
        return
    desk.draft = drafts.draft_for(request.user, community_id or 0, thread_id)
    if desk.draft is not None:
        desk.prefill = {"title": desk.draft.title, "body": desk.draft.body}
    if thread_id is not None and "quote" in request.GET:
        quote = _quote(request, thread_id)
        if quote:
            desk.prefill["body"] = desk.prefill.get("body", "") + quote


def _previewed(request: HttpRequest, desk: Desk) -> None:
    try:
        desk.preview = drafts.check_preview(user=actor(request), body=request.POST.get("body", ""))
    except ActionError as exc:
        messages.error(request, exc.message)


def with_editor(view: View) -> View:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        community_id, thread_id = _place(kwargs)
        desk = Desk(keeps_drafts=community_id is not None or thread_id is not None)
        action = editor_action(request)
        if action in {"save", "discard"} and desk.keeps_drafts:
            done = _saved_or_dropped(request, action, community_id, thread_id)
            if done is not None:
                return done
        elif action == "preview":
            _previewed(request, desk)
        elif not action and desk.keeps_drafts:
            _opened(request, desk, community_id, thread_id)
        request.editor = desk  # type: ignore[attr-defined]
        response = view(request, **kwargs)
        if action == "post" and desk.keeps_drafts and response.status_code == 302:
            # Posted (a form with a problem comes back with 200): the draft has done its work.
            drafts.do_discard_draft(
                user=request.user, community=community_id or 0, thread=thread_id
            )
        return response

    return wrapper
