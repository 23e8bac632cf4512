"""A program's library: the list (filter by kind, a few words, pages), publishing, editing,
removing, and the readers-only download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from fireside.lib import uploads
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.library import actions
from fireside.library.access import (
    LibraryStanding,
    get_item_for,
    get_program_library_for,
    items_of,
)
from fireside.library.forms import LibraryFilter, ProgramResourceForm
from fireside.programs.models import Program

PER_PAGE = 20


@login_required
def library(request: HttpRequest, program_id: int) -> HttpResponse:
    program, standing = get_program_library_for(request.user, program_id, "read")
    filters = LibraryFilter(request.GET or None)
    items = items_of(program)
    kind = q = ""
    if filters.is_valid():
        kind, q = filters.cleaned_data["kind"], filters.cleaned_data["q"].strip()[:200]
    if kind:
        items = items.filter(kind=kind)
    for word in q.split()[:8]:
        items = items.filter(Q(title__icontains=word) | Q(description__icontains=word))
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for item in page.object_list:
        item.changeable = standing.can_change(item)  # type: ignore[attr-defined]
    return render(
        request,
        "library/list.html",
        {
            "program": program,
            "standing": standing,
            "filters": filters,
            "page": page,
            "filtered": bool(kind or q),
        },
    )


@login_required
@csrf_exempt  # the CSRF check reads the body, so it runs after the size limit is in place
def new(request: HttpRequest, program_id: int) -> HttpResponse:
    program, standing = get_program_library_for(request.user, program_id, "publish")
    try:
        handler = uploads.guard_request(request) if request.method == "POST" else None
    except uploads.TooLarge as exc:
        # Refused unread: nothing was changed, so there is nothing for CSRF to protect.
        context = _form_context(program, standing, ProgramResourceForm())
        context["upload_error"] = exc.message
        return render(request, "library/form.html", context, status=exc.status)
    return _new(request, program, standing, handler)


@csrf_protect
def _new(
    request: HttpRequest,
    program: Program,
    standing: LibraryStanding,
    handler: uploads.SizeLimit | None,
) -> HttpResponse:
    form = ProgramResourceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        try:
            uploads.check_guard(handler)
            if form.is_valid():
                data = form.cleaned_data
                item = actions.check_publish(
                    actor=actor(request),
                    program=program,
                    title=data["title"],
                    kind=data["kind"],
                    description=data["description"],
                    language=data["language"],
                    pinned=data["pinned"],
                    upload=data["file"],
                    url=data["url"],
                )
                messages.success(request, _("Published. Everyone in the program can see it."))
                return redirect(item.get_absolute_url())
        except ActionError as exc:
            add_action_error(form, exc)
            status = uploads.form_status(exc)
    return render(
        request, "library/form.html", _form_context(program, standing, form), status=status
    )


def _form_context(
    program: Program, standing: LibraryStanding, form: ProgramResourceForm
) -> dict[str, object]:
    return {"program": program, "standing": standing, "form": form, "limit": uploads.limit_mb()}


@login_required
def edit(request: HttpRequest, library_item_id: int) -> HttpResponse:
    item, standing = get_item_for(request.user, library_item_id, "change")
    initial = {
        "title": item.title,
        "kind": item.kind,
        "description": item.description,
        "language": item.language,
        "url": item.url,
        "pinned": item.pinned,
    }
    form = ProgramResourceForm(request.POST or None, initial=initial, editing=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.check_edit(
                actor=actor(request),
                item=item,
                standing=standing,
                title=data["title"],
                kind=data["kind"],
                description=data["description"],
                language=data["language"],
                pinned=data["pinned"],
                url=data.get("url"),
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(item.get_absolute_url())
    context = _form_context(item.program, standing, form)
    context["item"] = item
    return render(request, "library/form.html", context)


@login_required
def remove(request: HttpRequest, library_item_id: int) -> HttpResponse:
    item, standing = get_item_for(request.user, library_item_id, "change")
    if request.method == "POST":
        program_id = item.program_id
        actions.check_remove(actor=actor(request), item=item, standing=standing)
        messages.success(request, _("Removed from the library."))
        return redirect("library:list", program_id=program_id)
    return render(
        request,
        "library/remove.html",
        {"item": item, "program": item.program, "standing": standing},
    )


@login_required
def download(request: HttpRequest, library_item_id: int) -> HttpResponseBase:
    item, _standing = get_item_for(request.user, library_item_id, "read")
    if item.is_link:
        raise Http404  # a link has nothing to download: the list links to it directly
    return uploads.attachment(item.file, item.filename, item.content_type)
