"""Pages for running reflections: the coordinators' settings (policy and prompts) and their
reading of the shared reflections; a person's reminder choice and the email's stop link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.models import Community
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.mentoring import reflecting
from fireside.mentoring.access import get_program_to_run_reflections
from fireside.mentoring.forms import ReflectionSettingsForm, ReminderForm, SharedFilterForm

PER_PAGE = 20


@login_required
def settings(request: HttpRequest, program_id: int) -> HttpResponse:
    """Coordinators choose who reads the reflections and write the monthly prompts."""
    program, _standing = get_program_to_run_reflections(request.user, program_id)
    form = ReflectionSettingsForm(
        request.POST or None,
        prompts=reflecting.prompts_of(program),
        initial={"reflection_policy": program.reflection_policy},
    )
    if request.method == "POST" and form.is_valid():
        user = actor(request)
        try:
            reflecting.check_set_prompts(actor=user, program=program, prompts=form.prompts())
            reflecting.check_set_policy(
                actor=user, program=program, policy=form.cleaned_data["reflection_policy"]
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request, _("Saved. It applies to the reflections written from now on.")
            )
            return redirect("mentoring:reflection_settings", program.pk)
    return render(request, "mentoring/reflection_settings.html", {"program": program, "form": form})


@login_required
def shared(request: HttpRequest, program_id: int) -> HttpResponse:
    """The reflections written as shared with the program, named; never a private one."""
    program, _standing = get_program_to_run_reflections(request.user, program_id)
    groups = list(
        Community.objects.filter(program=program).order_by("name").values_list("pk", "name")
    )
    form = SharedFilterForm(request.GET or None, groups=groups)
    group = form.cleaned_data.get("group") if form.is_valid() else None
    rows = reflecting.shared_reflections(program, group)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/shared_reflections.html",
        {"program": program, "form": form, "page": page, "group": group},
    )


@require_POST
@login_required
def reminders(request: HttpRequest) -> HttpResponse:
    """Turn one's reflection reminders on or off (from the email settings page)."""
    form = ReminderForm(request.POST)
    on = form.is_valid() and form.cleaned_data["reminders"]
    reflecting.do_set_reminders(user=actor(request), on=on)
    messages.success(
        request,
        _("Saved: we will remind you.") if on else _("Saved: no more reflection reminders."),
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or "notifications:inbox")


def stop_reminders(request: HttpRequest, stop_token: str) -> HttpResponse:
    """From the reminder email: no sign-in needed; GET asks, POST stops."""
    done, error = False, ""
    try:
        reflecting.user_for_stop_token(stop_token)
        if request.method == "POST":
            reflecting.do_stop_reminders(token=stop_token)
            done = True
    except ActionError as exc:
        error = exc.message
    return render(
        request,
        "mentoring/stop_reminders.html",
        {"done": done, "error": error},
        status=400 if error else 200,
    )
