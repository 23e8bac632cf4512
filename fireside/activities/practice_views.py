"""Practice and feedback pages (fireside/activities/practices.py): presenting a session,
its page with the group's feedback, and the presenter's and facilitators' one-click
actions. For the group's active members only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.activities import practices
from fireside.activities.access import get_feedback_for, get_practice_for
from fireside.activities.forms import FeedbackForm, PracticeForm
from fireside.activities.models import Practice, PracticeFeedback
from fireside.communities.access import Standing
from fireside.gatherings.access import gathering_view
from fireside.gatherings.models import Activity, AgendaItem, Gathering
from fireside.lib.errors import ActionError, Refused
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor


@gathering_view("content")
def present(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """Present a session; `?item=` names the agenda's practice item it answers."""
    item = _agenda_item(gathering, request.POST.get("item") or request.GET.get("item") or "")
    form = PracticeForm(
        request.POST if request.method == "POST" else None,
        initial={"title": item.topic} if item else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            found = practices.check_present(
                user=actor(request), gathering=gathering, agenda_item=item, **form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request, _("Your session is on the gathering's page, ready for feedback.")
            )
            return redirect("activities:practice", found.pk)
    return render(
        request,
        "activities/present.html",
        {
            "gathering": gathering,
            "community": gathering.community,
            "standing": standing,
            "form": form,
            "item": item,
        },
        status=400 if form.errors else 200,
    )


def _agenda_item(gathering: Gathering, value: str) -> AgendaItem | None:
    """The gathering's practice item of that number; anything else counts as none."""
    if not value.isdigit() or len(value) > 18:
        return None
    return AgendaItem.objects.filter(
        pk=int(value), gathering=gathering, activity=Activity.PRACTICE
    ).first()


def _practice_page(
    request: HttpRequest,
    found: Practice,
    standing: Standing,
    form: FeedbackForm | None = None,
) -> HttpResponse:
    user = actor(request)
    is_presenter = found.presenter_id == user.pk
    moderator = standing.is_facilitator or is_presenter
    feedback = list(practices.feedback_for(user, found, moderator=moderator))
    return render(
        request,
        "activities/practice.html",
        {
            "practice": found,
            "gathering": found.gathering,
            "community": found.gathering.community,
            "standing": standing,
            "feedback": feedback,
            "is_presenter": is_presenter,
            "can_hide": moderator,
            "form": form or FeedbackForm(),
        },
        status=400 if form is not None else 200,
    )


def practice_detail(request: HttpRequest, practice_id: int) -> HttpResponse:
    found, standing = get_practice_for(request.user, practice_id, "content")
    return _practice_page(request, found, standing)


@require_POST
def give_feedback(request: HttpRequest, practice_id: int) -> HttpResponse:
    found, standing = get_practice_for(request.user, practice_id, "content")
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            given = practices.check_give_feedback(
                user=actor(request), practice=found, **form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Thank you! Your feedback is with the presenter."))
            return redirect(
                reverse("activities:practice", args=[found.pk]) + f"#feedback-{given.pk}"
            )
    return _practice_page(request, found, standing, form)


@require_POST
def mark_helpful(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback, _standing = get_feedback_for(request.user, feedback_id, "content")
    if feedback.practice.presenter_id != actor(request).pk:
        raise Refused(403)  # the presenter alone marks what helped them
    try:
        practices.check_mark_helpful(
            user=actor(request), feedback=feedback, helpful=request.POST.get("helpful") == "1"
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    back = reverse("activities:practice", args=[feedback.practice_id])
    return redirect(f"{back}#feedback-{feedback.pk}")


@require_POST
def hide_feedback(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback, _standing = get_feedback_for(request.user, feedback_id, "content")
    if not practices.may_hide(actor(request), feedback):
        raise Refused(403)  # the presenter and the group's facilitators
    hide = request.POST.get("hide", "1") == "1"
    practices.check_hide(actor=actor(request), feedback=feedback, hide=hide)
    messages.success(
        request,
        _("The feedback is hidden from the group.") if hide else _("The feedback is shown again."),
    )
    back = reverse("activities:practice", args=[feedback.practice_id])
    return redirect(f"{back}#feedback-{feedback.pk}")


def _own_feedback(request: HttpRequest, feedback_id: int) -> tuple[PracticeFeedback, Standing]:
    """Feedback is its writer's to change: others of the group are refused (403)."""
    feedback, standing = get_feedback_for(request.user, feedback_id, "content")
    if feedback.author_id != actor(request).pk:
        raise Refused(403)
    return feedback, standing


def edit_feedback(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback, standing = _own_feedback(request, feedback_id)
    form = FeedbackForm(
        request.POST if request.method == "POST" else None,
        initial={"worked": feedback.worked, "to_try": feedback.to_try, "named": feedback.named},
    )
    back = reverse("activities:practice", args=[feedback.practice_id])
    if request.method == "POST" and form.is_valid():
        try:
            practices.check_edit_feedback(
                user=actor(request), feedback=feedback, **form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Your feedback is changed."))
            return redirect(f"{back}#feedback-{feedback.pk}")
    gathering = feedback.practice.gathering
    return render(
        request,
        "activities/feedback_edit.html",
        {
            "feedback": feedback,
            "practice": feedback.practice,
            "gathering": gathering,
            "community": gathering.community,
            "standing": standing,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def delete_feedback(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback, _standing = _own_feedback(request, feedback_id)
    practice_id = feedback.practice_id
    try:
        practices.check_delete_feedback(user=actor(request), feedback=feedback)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your feedback is deleted."))
    return redirect("activities:practice", practice_id)
