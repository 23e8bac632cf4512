"""Pages of the matching questionnaire: coordinators write the program's questions; members
answer them (their answers are theirs alone)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.mentoring import questionnaire
from fireside.mentoring.access import get_program_to_reflect
from fireside.mentoring.questionnaire_forms import AnswerForm, QuestionForm
from fireside.mentoring.questionnaire_models import MatchingQuestion
from fireside.programs.access import get_program_for


def _question_to_manage(request: HttpRequest, question_id: int) -> MatchingQuestion:
    question = get_object_or_404(MatchingQuestion, pk=question_id)
    get_program_for(request.user, question.program_id, "manage")
    return question


@login_required
def questions(request: HttpRequest, program_id: int) -> HttpResponse:
    """The coordinators' list: the questions in order, to edit, move or delete."""
    program, _standing = get_program_for(request.user, program_id, "manage")
    return render(
        request,
        "mentoring/matching_questions.html",
        {"program": program, "questions": questionnaire.questions_of(program)},
    )


@login_required
def edit_question(
    request: HttpRequest, program_id: int, question_id: int | None = None
) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    question = None
    if question_id is not None:
        question = get_object_or_404(
            MatchingQuestion.objects.prefetch_related("choices"), pk=question_id, program=program
        )
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire.check_save_question(
                actor=actor(request), program=program, question=question, **form.values()
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("mentoring:matching_questions", program.pk)
    return render(
        request,
        "mentoring/matching_question.html",
        {"program": program, "question": question, "form": form},
    )


@login_required
@require_POST
def move_question(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question_to_manage(request, question_id)
    questionnaire.do_move_question(
        actor=actor(request), question=question, up=request.POST.get("direction") == "up"
    )
    return redirect("mentoring:matching_questions", question.program_id)


@login_required
@require_POST
def delete_question(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question_to_manage(request, question_id)
    questionnaire.do_delete_question(actor=actor(request), question=question)
    messages.success(request, _("The question and its answers are deleted."))
    return redirect("mentoring:matching_questions", question.program_id)


@login_required
def answer(request: HttpRequest, program_id: int) -> HttpResponse:
    """A member's own answers, which only they see."""
    program = get_program_to_reflect(request.user, program_id)
    user = actor(request)
    asked = questionnaire.questions_of(program)
    form = AnswerForm(
        request.POST or None, questions=asked, answers=questionnaire.answers_of(user, program)
    )
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire.check_answer(user=user, program=program, answers=form.answers())
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request, _("Thank you. Your answers help suggest a partner who fits you.")
            )
            return redirect("mentoring:matching_answers", program.pk)
    return render(
        request,
        "mentoring/matching_answers.html",
        {"program": program, "form": form, "asked": asked},
    )
