"""The program's logo: the form its coordinators and the site's staff use, and the picture
itself, shown on that form (the report PDF carries its own copy)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from fireside.lib import images, uploads
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs import logos
from fireside.programs.access import get_program_for
from fireside.programs.models import Program


class LogoForm(forms.Form):
    file = forms.FileField(
        label=_("Logo"),
        help_text=_(
            "A JPEG, PNG, GIF or WebP picture. It is printed on the cover of the report PDF, "
            "its shape kept."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
        error_messages={"required": _("Choose a picture first.")},
    )


@csrf_exempt  # the CSRF check reads the body, so it runs after the size limit is in place
def logo(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    try:
        handler = uploads.guard_request(request) if request.method == "POST" else None
    except uploads.TooLarge as exc:
        # Refused unread: nothing was changed, so there is nothing for CSRF to protect.
        return _page(request, program, LogoForm(), exc.message, exc.status)
    return _logo(request, program, handler)


@csrf_protect
def _logo(
    request: HttpRequest, program: Program, handler: uploads.SizeLimit | None
) -> HttpResponse:
    if request.method != "POST":
        return _page(request, program, LogoForm())
    form = LogoForm(request.POST, request.FILES)
    try:
        uploads.check_guard(handler)
    except uploads.TooLarge as exc:
        return _page(request, program, LogoForm(), exc.message, 413)
    if not form.is_valid():
        return _page(request, program, form, status=422)
    try:
        logos.check_set_logo(
            actor=actor(request), program=program, upload=form.cleaned_data["file"]
        )
    except ActionError as exc:
        add_action_error(form, exc)
        return _page(request, program, form, status=exc.status if exc.status != 400 else 422)
    messages.success(request, _("The logo is saved."))
    return redirect("programs:logo", program.pk)


def _page(
    request: HttpRequest, program: Program, form: LogoForm, error: str = "", status: int = 200
) -> HttpResponse:
    context = {"program": program, "form": form, "upload_error": error, "limit": uploads.limit_mb()}
    return render(request, "programs/logo.html", context, status=status)


@require_POST
def logo_remove(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    logos.do_remove_logo(actor=actor(request), program=program)
    messages.success(request, _("The logo is removed."))
    return redirect("programs:logo", program.pk)


def logo_image(request: HttpRequest, program_id: int) -> HttpResponseBase:
    """For the people who may change it; the address changes with the picture."""
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    if not program.logo:
        raise Http404
    response = images.serve(logos.stored_name(program.logo))
    response["Cache-Control"] = "private, max-age=604800"
    return response
