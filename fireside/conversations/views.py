from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from fireside.communities.access import Standing, get_community_for
from fireside.communities.models import Community, Membership
from fireside.conversations import actions, unread, visits
from fireside.conversations.access import (
    get_reply_for,
    get_research_for,
    get_resource_for,
    get_term_for,
    get_thread_for,
    resources_for,
)
from fireside.conversations.forms import (
    AgendaForm,
    PerspectiveForm,
    ReasonForm,
    RecognitionForm,
    ResearchForm,
    ResourceForm,
    TermForm,
)
from fireside.conversations.glossary import check_add_term, check_set_perspective
from fireside.conversations.models import (
    Flag,
    Recognition,
    Reply,
    ResearchItem,
    ResourceTag,
    Term,
    Thread,
)
from fireside.conversations.research import (
    check_put_research_on_agenda,
    check_share_research,
    upcoming_gatherings,
)
from fireside.conversations.resources import (
    check_remove_resource,
    check_set_program_sharing,
    check_share_resource,
    parse_tags,
)
from fireside.gatherings.models import Gathering
from fireside.lib import uploads
from fireside.lib.errors import ActionError, Refused
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.library import access as library


def _to_thread(post: Thread | Reply) -> HttpResponse:
    return redirect(post.get_absolute_url())


def thread_list(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    visits.open_group(request.user, community)
    threads, news = unread.for_list(request.user, community, standing)
    page = Paginator(threads, 25).get_page(request.GET.get("page"))
    flags = (
        Flag.objects.filter(resolved_at__isnull=True, thread__community=community).count()
        + Flag.objects.filter(resolved_at__isnull=True, reply__thread__community=community).count()
        if standing.is_facilitator
        else 0
    )
    return render(
        request,
        "conversations/list.html",
        {
            "community": community,
            "standing": standing,
            "page": page,
            "open_flags": flags,
            "unread": news,
        },
    )


@require_POST
def mark_read(request: HttpRequest, community_id: int) -> HttpResponse:
    """Everything in the group is seen: no more "new" for this member until others post."""
    community, _standing = get_community_for(request.user, community_id, "content")
    unread.do_mark_all_read(user=actor(request), community=community)
    messages.success(
        request, _("Everything in %(name)s is marked as read.") % {"name": community.name}
    )
    back = request.POST.get("back")
    if back == "home":
        return redirect("home")
    if back == "group":
        return redirect("communities:home", community_id=community.pk)
    return redirect("conversations:list", community_id=community.pk)


def _post_for(request: HttpRequest, kind: str, post_id: int) -> tuple[Thread | Reply, Standing]:
    if kind == "thread":
        return get_thread_for(request.user, post_id)
    return get_reply_for(request.user, post_id)


def post_flag(request: HttpRequest, kind: str, post_id: int) -> HttpResponse:
    post, standing = _post_for(request, kind, post_id)
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
        {
            "post": post,
            "form": form,
            "community": actions.community_of(post),
            "standing": standing,
            "hide": False,
        },
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
        {
            "post": post,
            "form": form,
            "community": actions.community_of(post),
            "standing": standing,
            "hide": True,
        },
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


# Resources ---------------------------------------------------------------------------


def resources(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    scope = "program" if request.GET.get("from") == "program" else "group"
    tag = _tag_from(request)
    qs = resources_for(request.user, community, scope=scope)
    if tag:
        qs = qs.filter(tags__name=tag)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    tags = (
        ResourceTag.objects.filter(resource__in=resources_for(request.user, community, scope=scope))
        .values_list("name", flat=True)
        .distinct()
        .order_by("name")
    )
    return render(
        request,
        "conversations/resources.html",
        {
            "community": community,
            "standing": standing,
            "page": page,
            "tag": tag,
            "tags": list(tags),
            "scope": scope,
            "form": ResourceForm(),
            "limit": uploads.limit_mb(),
            # The program library's latest, beside the group's own: one query.
            "from_program": library.latest_for(community.program_id) if scope == "group" else [],
        },
    )


def _tag_from(request: HttpRequest) -> str:
    try:
        tags = parse_tags(request.GET.get("tag", ""))
    except ActionError:
        return ""
    return tags[0] if tags else ""


@csrf_exempt  # the CSRF check reads the body, so it runs after the size limit is in place
def resource_new(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    try:
        handler = uploads.guard_request(request) if request.method == "POST" else None
    except uploads.TooLarge as exc:
        # Refused unread: nothing was changed, so there is nothing for CSRF to protect.
        context = {
            "community": community,
            "standing": standing,
            "form": ResourceForm(),
            "upload_error": exc.message,
            "limit": uploads.limit_mb(),
        }
        return render(request, "conversations/resource_new.html", context, status=exc.status)
    return _resource_new(request, community, standing, handler)


@csrf_protect
def _resource_new(
    request: HttpRequest,
    community: Community,
    standing: Standing,
    handler: uploads.SizeLimit | None,
) -> HttpResponse:
    form = ResourceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        try:
            uploads.check_guard(handler)
            if form.is_valid():
                data = form.cleaned_data
                resource = check_share_resource(
                    author=actor(request),
                    community=community,
                    title=data["title"],
                    description=data["description"],
                    tags=data["tags"],
                    provenance=data["provenance"],
                    upload=data["file"],
                    url=data["url"],
                    share_with_program=data["share_with_program"],
                )
                messages.success(request, _("Thank you for sharing. It is in the group's list."))
                return redirect(resource.get_absolute_url())
        except ActionError as exc:
            add_action_error(form, exc)
            status = uploads.form_status(exc)
    return render(
        request,
        "conversations/resource_new.html",
        {"community": community, "standing": standing, "form": form, "limit": uploads.limit_mb()},
        status=status,
    )


def resource_download(request: HttpRequest, resource_id: int) -> HttpResponseBase:
    resource = get_resource_for(request.user, resource_id)
    if resource.is_link:
        raise Http404  # a link has nothing to download: the list links to it directly
    return uploads.attachment(resource.file, resource.filename, resource.content_type)


@require_POST
def resource_share(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = get_resource_for(request.user, resource_id)
    if resource.author_id != request.user.pk:
        raise Refused(403)
    shared = request.POST.get("shared") == "yes"
    check_set_program_sharing(author=actor(request), resource=resource, shared=shared)
    messages.success(
        request,
        _("Other groups in the program can now see it.")
        if shared
        else _("Only this group can see it now."),
    )
    return redirect(resource.get_absolute_url())


@require_POST
def resource_remove(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = get_resource_for(request.user, resource_id)
    if resource.author_id != request.user.pk:
        raise Refused(403)
    community_id = resource.community_id
    check_remove_resource(author=actor(request), resource=resource)
    messages.success(request, _("Removed."))
    return redirect("conversations:resources", community_id=community_id)


# Shared understandings ---------------------------------------------------------------------


def glossary(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    terms = Term.objects.filter(community=community).annotate(voices=Count("perspectives"))
    return render(
        request,
        "conversations/glossary.html",
        {"community": community, "standing": standing, "terms": terms},
    )


def term_new(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    form = TermForm(request.POST or None, initial={"name": request.GET.get("name", "")[:120]})
    if request.method == "POST" and form.is_valid():
        try:
            term = check_add_term(
                author=actor(request),
                community=community,
                name=form.cleaned_data["name"],
                perspective=form.cleaned_data["perspective"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            return redirect(term.get_absolute_url())
    existing = (
        Term.objects.filter(community=community, name__iexact=form.data.get("name", "")).first()
        if form.errors
        else None
    )
    return render(
        request,
        "conversations/term_new.html",
        {"community": community, "standing": standing, "form": form, "existing": existing},
    )


def term_detail(request: HttpRequest, term_id: int) -> HttpResponse:
    term, standing = get_term_for(request.user, term_id)
    perspectives = list(term.perspectives.select_related("author"))
    mine = next((p for p in perspectives if p.author_id == request.user.pk), None)
    return render(
        request,
        "conversations/term.html",
        {
            "term": term,
            "community": term.community,
            "standing": standing,
            "perspectives": perspectives,
            "mine": mine,
        },
    )


def perspective_edit(request: HttpRequest, term_id: int) -> HttpResponse:
    term, standing = get_term_for(request.user, term_id)
    mine = term.perspectives.filter(author_id=request.user.pk).first()
    form = PerspectiveForm(request.POST or None, initial={"body": mine.body if mine else ""})
    if request.method == "POST" and form.is_valid():
        try:
            check_set_perspective(author=actor(request), term=term, body=form.cleaned_data["body"])
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Thank you: your perspective is beside the others."))
            return redirect(term.get_absolute_url())
    return render(
        request,
        "conversations/perspective.html",
        {
            "term": term,
            "community": term.community,
            "standing": standing,
            "form": form,
            "mine": mine,
        },
    )


# Unpacking research ----------------------------------------------------------------------


def research(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    items = ResearchItem.objects.filter(community=community).select_related(
        "thread", "shared_by", "agenda_item__gathering"
    )
    if not standing.is_facilitator:
        items = items.filter(Q(thread__hidden_at__isnull=True) | Q(thread__author=request.user))
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "conversations/research.html",
        {"community": community, "standing": standing, "page": page},
    )


def _gathering_choices(community: Community) -> list[tuple[int, str]]:
    return [
        (g.pk, f"{g.title} — {g.local_start:%a %-d %b %Y, %H:%M}")
        for g in upcoming_gatherings(community)[:30]
    ]


def research_new(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "content")
    choices = _gathering_choices(community) if standing.can_plan else None
    form = ResearchForm(request.POST or None, gatherings=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        gathering_id = data.get("gathering")
        try:
            item = check_share_research(
                author=actor(request),
                community=community,
                title=data["title"],
                url=data["url"],
                citation=data["citation"],
                summary=data["summary"],
                questions=data["questions"],
                gathering=Gathering.objects.filter(pk=gathering_id).first()
                if gathering_id
                else None,
                minutes=data.get("minutes") or 20,
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            return redirect(item.get_absolute_url())
    return render(
        request,
        "conversations/research_new.html",
        {"community": community, "standing": standing, "form": form},
    )


def research_agenda(request: HttpRequest, research_id: int) -> HttpResponse:
    item, standing = get_research_for(request.user, research_id, "plan")
    form = AgendaForm(request.POST or None, gatherings=_gathering_choices(item.community))
    if request.method == "POST" and form.is_valid():
        try:
            check_put_research_on_agenda(
                actor=actor(request),
                item=item,
                gathering=Gathering.objects.get(pk=form.cleaned_data["gathering"]),
                minutes=form.cleaned_data["minutes"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("It is on the agenda."))
            return redirect("conversations:research", community_id=item.community_id)
    return render(
        request,
        "conversations/research_agenda.html",
        {"item": item, "community": item.community, "standing": standing, "form": form},
    )
