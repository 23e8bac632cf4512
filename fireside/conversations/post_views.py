"""Writing in a group: a new thread, a reply on the thread's page, and editing one's own
post, each with its attachments (fireside/conversations/attachments.py). Wrapped in urls.py
by attachment_views.accepting_files (the size limit, before anything reads the body) and
editor.with_editor (preview and drafts)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fireside.accounts.faces import Faces
from fireside.communities.access import get_community_for
from fireside.conversations import actions, attachments, editor, thread_page, unread, visits
from fireside.conversations.access import get_thread_for
from fireside.conversations.attachment_views import files_of
from fireside.conversations.forms import EditForm, ReplyForm, ThreadForm
from fireside.conversations.models import Reply, Thread
from fireside.conversations.views import _post_for
from fireside.lib import uploads
from fireside.lib.errors import ActionError, Refused
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor


def _to_thread(post: Thread | Reply) -> HttpResponse:
    return redirect(post.get_absolute_url())


def thread_new(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    form = ThreadForm(request.POST or None, think_check=community.think_on_threads)
    status = 200
    if editor.posting(request) and form.is_valid():
        try:
            thread = attachments.check_start_thread(
                author=actor(request),
                community=community,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                kind=form.cleaned_data["kind"],
                files=files_of(request),
                captions=form.cleaned_data["captions"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
            status = uploads.form_status(exc)
        else:
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "conversations/new.html",
        {"community": community, "standing": standing, "form": form},
        status=status,
    )


def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread, standing = get_thread_for(request.user, thread_id)
    replies: Iterable[Reply] = thread.replies.all()  # prefetched with their authors
    first_unread = None
    if request.method != "POST":
        visits.open_group(request.user, thread.community)
        first_unread = unread.open_thread(request.user, thread, replies)
    form = ReplyForm(request.POST or None, think_check=thread.community.think_on_replies)
    status = 200
    if editor.posting(request) and form.is_valid():
        try:
            reply = attachments.check_reply(
                author=actor(request),
                thread=thread,
                body=form.cleaned_data["body"],
                files=files_of(request),
                captions=form.cleaned_data["captions"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
            status = uploads.form_status(exc)
        else:
            return _to_thread(reply)
    replies = thread_page.posts(thread, request.user)  # with reactions, mentions shown
    return render(
        request,
        "conversations/thread.html",
        {
            "thread": thread,
            "community": thread.community,
            "standing": standing,
            "replies": replies,
            # At most one query, and none when no author on the page has a photo.
            "faces": Faces.among(request.user, [thread.author, *(r.author for r in replies)]),
            "form": form,
            "can_edit_thread": actions.can_edit(request.user, thread),
            "first_unread": first_unread,
        },
        status=status,
    )


def post_edit(request: HttpRequest, kind: str, post_id: int) -> HttpResponse:
    post, standing = _post_for(request, kind, post_id)
    if not actions.can_edit(request.user, post):
        raise Refused(403)
    initial = {"body": post.body, "title": getattr(post, "title", "")}
    attached = list(post.attachments.all())
    form = EditForm(request.POST or None, initial=initial, attached=attached)
    status = 200
    if editor.posting(request) and form.is_valid():
        try:
            attachments.check_edit_post(
                author=actor(request),
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"] if isinstance(post, Thread) else None,
                files=files_of(request),
                captions=form.cleaned_data["captions"],
                remove=form.cleaned_data.get("remove") or [],
            )
        except ActionError as exc:
            add_action_error(form, exc)
            status = uploads.form_status(exc)
        else:
            messages.success(request, _("Your changes are saved; the earlier text is kept."))
            return _to_thread(post)
    if not isinstance(post, Thread):
        del form.fields["title"]
    return render(
        request,
        "conversations/edit.html",
        {
            "post": post,
            "form": form,
            "community": actions.community_of(post),
            "standing": standing,
            "attached": attached,
        },
        status=status,
    )
