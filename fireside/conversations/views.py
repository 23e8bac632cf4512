from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import Standing, get_community_for
from fireside.communities.models import Community, Membership
from fireside.conversations import actions
from fireside.conversations.access import get_reply_for, get_thread_for, threads_for
from fireside.conversations.forms import (
    EditForm,
    ReasonForm,
    RecognitionForm,
    ReplyForm,
    ThreadForm,
)
from fireside.conversations.models import Flag, Recognition, Reply, Thread
from fireside.lib.errors import ActionError, Refused
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor


def _to_thread(post: Thread | Reply) -> HttpResponse:
    return redirect(post.get_absolute_url())


def thread_list(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    page = Paginator(threads_for(request.user, community, standing), 25).get_page(
        request.GET.get("page")
    )
    flags = (
        Flag.objects.filter(resolved_at__isnull=True, thread__community=community).count()
        + Flag.objects.filter(resolved_at__isnull=True, reply__thread__community=community).count()
        if standing.is_facilitator
        else 0
    )
    return render(
        request,
        "conversations/list.html",
        {"community": community, "standing": standing, "page": page, "open_flags": flags},
    )


def thread_new(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    form = ThreadForm(request.POST or None, think_check=community.think_check)
    if request.method == "POST" and form.is_valid():
        try:
            thread = actions.check_start_thread(
                author=actor(request),
                community=community,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                kind=form.cleaned_data["kind"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "conversations/new.html",
        {"community": community, "standing": standing, "form": form},
    )


def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread, standing = get_thread_for(request.user, thread_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reply = actions.check_reply(
                author=actor(request), thread=thread, body=form.cleaned_data["body"]
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            return _to_thread(reply)
    return render(
        request,
        "conversations/thread.html",
        {
            "thread": thread,
            "community": thread.community,
            "standing": standing,
            "replies": thread.replies.all(),
            "form": form,
            "can_edit_thread": actions.can_edit(request.user, thread),
        },
    )


def _post_for(request: HttpRequest, kind: str, post_id: int) -> tuple[Thread | Reply, Standing]:
    if kind == "thread":
        return get_thread_for(request.user, post_id)
    return get_reply_for(request.user, post_id)


def post_edit(request: HttpRequest, kind: str, post_id: int) -> HttpResponse:
    post, _standing = _post_for(request, kind, post_id)
    if not actions.can_edit(request.user, post):
        raise Refused(403)
    initial = {"body": post.body, "title": getattr(post, "title", "")}
    form = EditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_edit_post(
                author=actor(request),
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data["title"] if isinstance(post, Thread) else None,
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Your changes are saved; the earlier text is kept."))
            return _to_thread(post)
    if not isinstance(post, Thread):
        del form.fields["title"]
    return render(
        request,
        "conversations/edit.html",
        {"post": post, "form": form, "community": actions.community_of(post)},
    )


def post_flag(request: HttpRequest, kind: str, post_id: int) -> HttpResponse:
    post, _standing = _post_for(request, kind, post_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_flag(user=actor(request), post=post, reason=form.cleaned_data["reason"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Thank you. The facilitators will take a look."))
            return _to_thread(post)
    return render(
        request,
        "conversations/reason.html",
        {"post": post, "form": form, "community": actions.community_of(post), "hide": False},
    )


def post_hide(request: HttpRequest, kind: str, post_id: int) -> HttpResponse:
    post, standing = _post_for(request, kind, post_id)
    if not standing.is_facilitator:
        raise Refused(403)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = _("Why? The author will read this.")
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_hide(actor=actor(request), post=post, reason=form.cleaned_data["reason"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Hidden. The author has been told why."))
            return _to_thread(post)
    return render(
        request,
        "conversations/reason.html",
        {"post": post, "form": form, "community": actions.community_of(post), "hide": True},
    )


@require_POST
def post_restore(request: HttpRequest, kind: str, post_id: int) -> HttpResponse:
    post, standing = _post_for(request, kind, post_id)
    if not standing.is_facilitator:
        raise Refused(403)
    try:
        actions.do_unhide(actor=actor(request), post=post)
    except ActionError as exc:
        messages.error(request, exc.message)
    return _to_thread(post)


@require_POST
def thread_answered(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread, standing = get_thread_for(request.user, thread_id)
    if thread.author_id != request.user.pk and not standing.is_facilitator:
        raise Refused(403)
    try:
        actions.do_mark_answered(
            actor=actor(request), thread=thread, answered=request.POST.get("answered") == "yes"
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    return _to_thread(thread)


def recognition(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    members = _member_choices(community, exclude=actor(request).pk)
    form = RecognitionForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_recognise(
                giver=actor(request),
                community=community,
                receiver=Membership.objects.get(
                    community=community, user_id=form.cleaned_data["to_user"], status="active"
                ).user,
                note=form.cleaned_data["note"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Thank you for noticing. We let them know."))
            return redirect("conversations:recognition", community_id=community.pk)
    notes = Recognition.objects.filter(community=community).select_related("from_user", "to_user")
    return render(
        request,
        "conversations/recognition.html",
        {"community": community, "standing": standing, "form": form, "notes": notes[:50]},
    )


def _member_choices(community: Community, exclude: int) -> list[tuple[int, str]]:
    rows = (
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .exclude(user_id=exclude)
        .select_related("user")
        .order_by("user__name")
    )
    return [(m.user_id, m.user.display_name) for m in rows]
