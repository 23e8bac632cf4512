"""The demo program's matching questions, and its members' free times and answers, so the
suggestions in the demo explain themselves richly. Written through the same actions as the
coordinators' and members' pages."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.communities.models import Membership
from fireside.mentoring import questionnaire
from fireside.programs.models import Program

# (English, French, kind, rule, weight, [(English, French), ...]) in the demo's own words.
QUESTIONS = (
    (
        "Which children do you spend most of your days with?",
        "Avec quels enfants passez-vous la plupart de vos journées?",
        "single",
        "same",
        4,
        (
            ("Babies", "Les poupons"),
            ("Toddlers", "Les trottineurs"),
            ("Preschoolers", "Les enfants d'âge préscolaire"),
            ("School-age children", "Les enfants d'âge scolaire"),
        ),
    ),
    (
        "How long have you worked with young children?",
        "Depuis combien de temps travaillez-vous auprès des jeunes enfants?",
        "single",
        "complementary",
        3,
        (
            ("Less than two years", "Moins de deux ans"),
            ("Two to ten years", "De deux à dix ans"),
            ("More than ten years", "Plus de dix ans"),
        ),
    ),
    (
        "What would you like to talk about with a peer partner?",
        "De quoi aimeriez-vous parler avec une ou un partenaire?",
        "multiple",
        "same",
        2,
        (
            ("Outdoor and risky play", "Le jeu extérieur et le jeu risqué"),
            ("Working with families", "Le travail avec les familles"),
            ("Documenting learning", "La documentation des apprentissages"),
            ("Looking after myself", "Prendre soin de moi"),
        ),
    ),
)

# Free times, in turn: weekday evenings, a couple of weekend mornings, lunch hours…
GRIDS = (
    [f"{d}-evening" for d in ("mon", "tue", "wed", "thu")],
    ["sat-morning", "sun-morning", "wed-evening"],
    [f"{d}-afternoon" for d in ("mon", "wed", "fri")],
    ["tue-evening", "thu-evening", "sat-morning"],
    [f"{d}-evening" for d in ("mon", "tue", "wed", "thu", "fri")],
    ["sat-morning", "sat-afternoon"],
)


def seed_matching(program: Program, coordinator: User | None) -> None:
    """The questions (when the program has none), then a grid and answers for every active
    member; every seventh has not said when they are free yet (home asks them)."""
    if coordinator is not None and not questionnaire.has_questions(program.pk):
        for text_en, text_fr, kind, rule, weight, choices in QUESTIONS:
            questionnaire.check_save_question(
                actor=coordinator,
                program=program,
                text_en=text_en,
                text_fr=text_fr,
                kind=kind,
                rule=rule,
                weight=weight,
                choices=choices,
            )
    asked = questionnaire.questions_of(program)
    places = (
        Membership.objects.filter(community__program=program, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")
    )
    seen: set[int] = set()
    for index, place in enumerate(places):
        user = place.user
        if user.pk in seen:
            continue
        seen.add(user.pk)
        if not user.availability_slots and index % 7 != 6:
            user.availability_slots = GRIDS[index % len(GRIDS)]
            user.save(update_fields=["availability_slots"])
        answers: dict[int, list[int]] = {}
        for number, question in enumerate(asked):
            options = list(question.choices.all())
            if question.kind == "multiple":
                picked = [options[(index + number) % len(options)], options[index % 2]]
            else:
                picked = [options[(index * (number + 1)) % len(options)]]
            answers[question.pk] = [c.pk for c in picked]
        questionnaire.check_answer(user=user, program=program, answers=answers)
