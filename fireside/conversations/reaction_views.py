"""Reacting to a post, and the suggestion list for @mentions (static/js/mentions.js)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from fireside.communities.access import get_community_for
from fireside.conversations import mentions, reactions
from fireside.conversations.access import get_reply_for, get_thread_for
from fireside.conversations.models import Reply, Thread
from fireside.lib.errors import ActionError
from fireside.lib.http import actor


@require_POST
def react(request: HttpRequest, kind: str, post_id: int) -> HttpResponse:
    """Toggle one reaction. With htmx the post's reactions come back in place; without
    script, back to the post on the thread's page."""
    post: Thread | Reply
    post, _standing = (
        get_thread_for(request.user, post_id)
        if kind == "thread"
        else get_reply_for(request.user, post_id)
    )
    error = ""
    try:
        reactions.check_toggle_reaction(
            user=actor(request), post=post, kind=request.POST.get("reaction")
        )
    except ActionError as exc:
        error = exc.message
    if request.headers.get("HX-Request"):
        reactions.attach_tallies([post], request.user)
        return render(
            request,
            "conversations/_reactions.html",
            {"post": post, "kind": kind, "reaction_error": error},
        )
    if error:
        messages.error(request, error)
    url = post.get_absolute_url()
    return redirect(url if "#" in url else f"{url}#thread-{post.pk}")


@require_GET
def mention_suggestions(request: HttpRequest, community_id: int) -> JsonResponse:
    """Members of this group only, for whoever may read its conversations."""
    community, _standing = get_community_for(request.user, community_id, "content")
    found = mentions.suggestions(community, actor(request), request.GET.get("q", ""))
    return JsonResponse({"members": found})
