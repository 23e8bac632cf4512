"""The program's FAQ and contact person, as its coordinators and staff keep them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs import faq
from fireside.programs.access import get_program_for
from fireside.programs.forms import ContactForm, FaqForm
from fireside.programs.models import FaqEntry


@login_required
def faq_manage(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    entries = list(FaqEntry.objects.filter(program=program).select_related("updated_by"))
    return render(
        request,
        "programs/faq_manage.html",
        {"program": program, "items": [faq.read(e) for e in entries]},
    )


@login_required
def faq_entry(request: HttpRequest, program_id: int, entry_id: int | None = None) -> HttpResponse:
    """Add a question (no entry_id) or edit one."""
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    entry = get_object_or_404(FaqEntry, pk=entry_id, program=program) if entry_id else None
    initial = (
        {k: getattr(entry, k) for k in ("question", "answer", "question_fr", "answer_fr")}
        | {"published": entry.published}
        if entry
        else {}
    )
    form = FaqForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if entry is None:
                faq.check_add_entry(actor=actor(request), program=program, **form.cleaned_data)
            else:
                faq.check_update_entry(actor=actor(request), entry=entry, **form.cleaned_data)
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("programs:faq_manage", program_id=program.pk)
    title = _("Edit a question") if entry else _("Add a question")
    return render(
        request, "programs/faq_form.html", {"program": program, "form": form, "title": title}
    )


def _entry_for(request: HttpRequest, program_id: int, entry_id: int) -> FaqEntry:
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    found = FaqEntry.objects.select_related("program")
    return get_object_or_404(found, pk=entry_id, program=program)


@login_required
@require_POST
def faq_move(request: HttpRequest, program_id: int, entry_id: int) -> HttpResponse:
    entry = _entry_for(request, program_id, entry_id)
    faq.do_move_entry(actor=actor(request), entry=entry, up=request.POST.get("to") != "down")
    return redirect(f"{_manage_url(program_id)}#faq-{entry.pk}")


@login_required
@require_POST
def faq_publish(request: HttpRequest, program_id: int, entry_id: int) -> HttpResponse:
    entry = _entry_for(request, program_id, entry_id)
    publish = request.POST.get("published") == "1"
    faq.do_publish_entry(actor=actor(request), entry=entry, published=publish)
    messages.success(
        request,
        _("Published: participants see it.") if publish else _("Back to draft: only you see it."),
    )
    return redirect(f"{_manage_url(program_id)}#faq-{entry.pk}")


@login_required
@require_POST
def faq_delete(request: HttpRequest, program_id: int, entry_id: int) -> HttpResponse:
    entry = _entry_for(request, program_id, entry_id)
    faq.do_delete_entry(actor=actor(request), entry=entry)
    messages.success(request, _("The question is deleted."))
    return redirect("programs:faq_manage", program_id=program_id)


def _manage_url(program_id: int) -> str:
    return reverse("programs:faq_manage", args=[program_id])


@login_required
def contact_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    form = ContactForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            faq.check_set_contact(
                actor=actor(request),
                program=type(program).objects.get(pk=program.pk),
                **form.cleaned_data,
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The contact person is saved."))
            return redirect("programs:detail", program_id=program.pk)
    return render(
        request,
        "programs/form.html",
        {"form": form, "program": program, "title": _("Contact person")},
    )
