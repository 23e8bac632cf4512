"""The group's cover: the form its facilitators and coordinators use, and the picture itself,
which is public like the directory that shows it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from fireside.communities import covers
from fireside.communities.access import Standing, get_community_for
from fireside.communities.forms import CoverForm
from fireside.communities.models import Community
from fireside.lib import images, uploads
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor


@csrf_exempt  # the CSRF check reads the body, so it runs after the size limit is in place
def cover(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_for(request.user, community_id, "cover")
    try:
        handler = uploads.guard_request(request) if request.method == "POST" else None
    except uploads.TooLarge as exc:
        # Refused unread: nothing was changed, so there is nothing for CSRF to protect.
        return _page(request, community, standing, CoverForm(), exc.message, exc.status)
    return _cover(request, community, standing, handler)


@csrf_protect
def _cover(
    request: HttpRequest,
    community: Community,
    standing: Standing,
    handler: uploads.SizeLimit | None,
) -> HttpResponse:
    initial = {"alt": community.cover_alt}
    form = CoverForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method != "POST":
        return _page(request, community, standing, form)
    try:
        uploads.check_guard(handler)
    except uploads.TooLarge as exc:
        return _page(request, community, standing, CoverForm(initial=initial), exc.message, 413)
    try:
        if form.is_valid():
            upload, alt = form.cleaned_data["file"], form.cleaned_data["alt"]
            if upload is not None:
                covers.check_set_cover(
                    actor=actor(request), community=community, upload=upload, alt=alt
                )
            else:
                covers.check_update_cover_alt(actor=actor(request), community=community, alt=alt)
            messages.success(request, _("The cover is saved."))
            return redirect(
                "communities:home" if standing.is_member else "communities:detail", community.pk
            )
    except ActionError as exc:
        add_action_error(form, exc)
        return _page(
            request, community, standing, form, status=exc.status if exc.status != 400 else 200
        )
    return _page(request, community, standing, form)


def _page(
    request: HttpRequest,
    community: Community,
    standing: Standing,
    form: CoverForm,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "community": community,
        "standing": standing,
        "form": form,
        "upload_error": error,
        "limit": uploads.limit_mb(),
    }
    return render(request, "communities/cover.html", context, status=status)


@require_POST
def cover_remove(request: HttpRequest, community_id: int) -> HttpResponse:
    community, _standing = get_community_for(request.user, community_id, "cover")
    covers.do_remove_cover(actor=actor(request), community=community)
    messages.success(request, _("The cover is removed."))
    return redirect("communities:cover", community.pk)


def cover_image(request: HttpRequest, community_id: int, width: int) -> HttpResponseBase:
    """Public, like the directory card that shows it; the address changes with the picture."""
    community = get_object_or_404(Community.objects.only("pk", "cover"), pk=community_id)
    if not community.cover or width not in covers.WIDTHS:
        raise Http404
    response = images.serve(covers.stored_name(community.cover, width))
    response["Cache-Control"] = "public, max-age=604800"
    return response
