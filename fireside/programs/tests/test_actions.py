"""Program actions and models: create, update, commitments, coordinators and mentors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from conftest import PERSONAS, World
from fireside.audit.models import AuditEvent
from fireside.demo.factories import ProgramFactory, UserFactory
from fireside.lib.errors import Conflict, InvalidInput, Refused
from fireside.programs import actions
from fireside.programs.access import get_program_for, program_standing
from fireside.programs.models import CommitmentPeriod, Program, ProgramStaff

pytestmark = pytest.mark.django_db


def fields(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Early Years Peer Mentoring",
        "description": "Monthly gatherings in small groups.",
        "starts_on": dt.date(2026, 9, 1),
        "ends_on": dt.date(2027, 6, 30),
        "timezone": "America/Vancouver",
        "eligible_role_types": ["ece", "ecea"],
        **overrides,
    }


def periods(program: Program) -> dict[str, tuple[int, int]]:
    return {
        p.role: (p.start_month, p.end_month)
        for p in CommitmentPeriod.objects.filter(program=program)
    }


def written() -> tuple[int, int, int]:
    return (
        Program.objects.count(),
        CommitmentPeriod.objects.count(),
        AuditEvent.objects.filter(verb="programs.create").count(),
    )


# --- creating -----------------------------------------------------------------------------


def test_it_creates_a_program_with_the_documented_defaults(world: World) -> None:
    program = actions.check_create_program(actor=world.staff, **fields())
    program.refresh_from_db()
    assert program.max_group_size == 12
    assert program.monthly_hours_target == Decimal("5")
    assert program.reflection_credit_minutes == 30
    # Facilitators September–June, peer mentors October–May, as the program guide says.
    assert periods(program) == {"facilitator": (9, 6), "peer_mentor": (10, 5)}
    event = AuditEvent.objects.get(verb="programs.create")
    assert (event.actor, event.target_type, event.target_id) == (
        world.staff,
        "programs.program",
        program.pk,
    )


def test_it_keeps_the_commitment_periods_it_is_given(world: World) -> None:
    program = actions.check_create_program(
        actor=world.staff,
        commitments={"facilitator": (8, 7), "mentor": (1, 12)},
        **fields(max_group_size=8, monthly_hours_target=Decimal("6.5")),
    )
    assert periods(program) == {"facilitator": (8, 7), "mentor": (1, 12)}
    assert (program.max_group_size, program.monthly_hours_target) == (8, Decimal("6.5"))


def test_it_creates_no_commitment_periods_when_given_none_explicitly(world: World) -> None:
    program = actions.check_create_program(actor=world.staff, commitments={}, **fields())
    assert periods(program) == {}


def test_it_ignores_fields_that_are_not_the_programs(world: World) -> None:
    program = actions.check_create_program(
        actor=world.staff, **fields(id=4242, created_at="yesterday")
    )
    assert program.pk != 4242


def test_it_tidies_text_and_role_types_as_the_web_form_would(world: World) -> None:
    program = actions.check_create_program(
        actor=world.staff,
        **fields(
            name="  Spaced out  ",
            timezone=" Europe/Paris ",
            eligible_role_types=["ece", "trainer", "ece"],
        ),
    )
    program.refresh_from_db()
    assert program.name == "Spaced out"
    assert program.timezone == "Europe/Paris"
    assert program.eligible_role_types == ["ece", "trainer"]


@pytest.mark.parametrize(
    ("overrides", "commitments", "field", "message"),
    [
        (
            {"ends_on": dt.date(2026, 8, 31)},
            None,
            "ends_on",
            "The program must end on or after its start date.",
        ),
        ({"timezone": "Atlantis/Central"}, None, "timezone", "is not a known time zone"),
        ({"max_group_size": 13}, None, "max_group_size", "less than or equal to 12"),
        ({"max_group_size": 1}, None, "max_group_size", "greater than or equal to 2"),
        ({"eligible_role_types": ["ece", "pilot"]}, None, "eligible_role_types", "pilot"),
        ({"eligible_role_types": []}, None, "eligible_role_types", "cannot be blank"),
        ({"eligible_role_types": "ece"}, None, "eligible_role_types", "at least one"),
        ({"name": ""}, None, "name", "cannot be blank"),
        ({"name": "   "}, None, "name", "cannot be blank"),
        ({"name": "x" * 151}, None, "name", "at most 150 characters"),
        ({"name": "nul\x00"}, None, "name", "Remove the invisible or broken characters."),
        ({"description": "lone \ud800"}, None, "description", "Remove the invisible"),
        ({"monthly_hours_target": Decimal("0.001")}, None, "monthly_hours_target", "decimal"),
        ({"reflection_credit_minutes": 601}, None, "reflection_credit_minutes", "600"),
        ({}, {"facilitator": (13, 6)}, "start_month", "not a valid choice"),
        ({}, {"facilitator": (9, 0)}, "end_month", "not a valid choice"),
        ({}, {"organiser": (9, 6)}, "role", "not a valid choice"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(
    world: World,
    overrides: dict[str, Any],
    commitments: dict[str, tuple[int, int]] | None,
    field: str,
    message: str,
) -> None:
    before = written()
    with pytest.raises(InvalidInput) as refused:
        actions.check_create_program(
            actor=world.staff, commitments=commitments, **fields(**overrides)
        )
    assert refused.value.status == 400
    assert any(message in m for m in refused.value.errors[field]), refused.value.errors
    assert refused.value.message.startswith(f"{field}: ")
    assert written() == before


def test_the_database_itself_refuses_impossible_programs(world: World) -> None:
    """The constraints hold even for code that skips the action's validation."""
    for bad in ({"ends_on": dt.date(2026, 1, 1)}, {"max_group_size": 20}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Program.objects.create(**{**fields(), **bad})
    program = ProgramFactory()
    CommitmentPeriod.objects.create(program=program, role="facilitator", start_month=9, end_month=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentPeriod.objects.create(
            program=program, role="facilitator", start_month=1, end_month=2
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentPeriod.objects.create(program=program, role="mentor", start_month=0, end_month=13)


# --- updating -----------------------------------------------------------------------------


def test_it_updates_a_program_and_records_which_fields(world: World) -> None:
    program = world.program
    actions.check_update_program(
        actor=world.coordinator, program=program, name=" New name ", max_group_size=9
    )
    program.refresh_from_db()
    assert (program.name, program.max_group_size) == ("New name", 9)
    event = AuditEvent.objects.get(verb="programs.update")
    assert event.actor == world.coordinator
    assert event.data == {"fields": ["max_group_size", "name"]}


def test_it_leaves_the_stored_program_alone_when_an_update_is_invalid(world: World) -> None:
    program = Program.objects.get(pk=world.program.pk)
    with pytest.raises(InvalidInput):
        actions.check_update_program(
            actor=world.staff, program=program, name="Changed", ends_on=dt.date(2020, 1, 1)
        )
    stored = Program.objects.get(pk=world.program.pk)
    assert stored.name == world.program.name
    assert stored.ends_on == dt.date(2027, 6, 30)
    assert not AuditEvent.objects.filter(verb="programs.update").exists()


def test_it_sets_and_replaces_a_commitment_period(world: World) -> None:
    program = world.program
    actions.do_set_commitment(
        actor=world.staff, program=program, role="facilitator", start_month=9, end_month=6
    )
    actions.do_set_commitment(
        actor=world.staff, program=program, role="facilitator", start_month=10, end_month=5
    )
    assert periods(program) == {"facilitator": (10, 5)}
    assert AuditEvent.objects.filter(verb="programs.set_commitment").count() == 2


@pytest.mark.parametrize(
    ("start", "end", "covered"),
    [
        (9, 6, {9, 10, 11, 12, 1, 2, 3, 4, 5, 6}),  # over the new year
        (10, 5, {10, 11, 12, 1, 2, 3, 4, 5}),
        (1, 12, set(range(1, 13))),
        (3, 3, {3}),
        (4, 8, {4, 5, 6, 7, 8}),
    ],
)
def test_a_commitment_period_covers_its_months_even_over_new_year(
    start: int, end: int, covered: set[int]
) -> None:
    period = CommitmentPeriod(role="facilitator", start_month=start, end_month=end)
    assert {m for m in range(1, 13) if period.covers(m)} == covered


def test_models_describe_themselves_in_words() -> None:
    period = CommitmentPeriod(role="peer_mentor", start_month=10, end_month=5)
    assert str(period) == "Peer mentor: October–May"
    program = Program(
        name="Circle", eligible_role_types=["trainer", "ece"], monthly_hours_target=Decimal("5.50")
    )
    assert str(program) == "Circle"
    assert program.eligible_role_type_labels() == [
        "Trainer or instructor",
        "Early childhood educator",
    ]


@pytest.mark.parametrize(
    ("target", "said"),
    [("5", "5"), ("5.50", "5.5"), ("5.25", "5.25"), ("10.00", "10"), ("0", "0"), ("120", "120")],
)
def test_it_says_the_monthly_hours_as_people_would(target: str, said: str) -> None:
    assert Program(monthly_hours_target=Decimal(target)).monthly_hours == said


# --- coordinators and mentors -------------------------------------------------------------


def test_it_names_a_coordinator_who_is_told_by_email(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    person = UserFactory(email="nadia@example.org", name="Nadia North")
    with django_capture_on_commit_callbacks(execute=True):
        staff = actions.do_add_program_staff(
            actor=world.staff, program=world.program, user=person, role="coordinator"
        )
    assert (staff.program, staff.user, staff.role) == (world.program, person, "coordinator")
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == ["nadia@example.org"]
    assert sent.subject == f"You are now a coordinator of {world.program.name}"
    assert sent.body.startswith("Hello Nadia North,")
    assert f'named coordinator of the program "{world.program.name}"' in sent.body
    assert f"http://testserver/programs/{world.program.pk}/" in sent.body
    event = AuditEvent.objects.get(verb="programs.add_coordinator")
    assert (event.actor, event.target_id, event.data) == (
        world.staff,
        world.program.pk,
        {"user_id": person.pk},
    )


def test_it_sends_no_email_before_the_naming_commits(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.do_add_program_staff(
            actor=world.coordinator, program=world.program, user=world.member, role="mentor"
        )
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_it_writes_program_names_in_email_as_they_are(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    program = ProgramFactory(name="Directors' Table & Friends")
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_add_program_staff(
            actor=world.staff, program=program, user=world.member, role="coordinator"
        )
    assert mailoutbox[0].subject == "You are now a coordinator of Directors' Table & Friends"
    assert '"Directors\' Table & Friends"' in mailoutbox[0].body


def test_it_refuses_to_name_someone_twice_in_the_same_role(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict) as refused:
        actions.do_add_program_staff(
            actor=world.staff, program=world.program, user=world.coordinator, role="coordinator"
        )
    assert refused.value.status == 409
    assert refused.value.message == "Cora Coord is already a coordinator of this program."
    assert ProgramStaff.objects.filter(user=world.coordinator).count() == 1
    assert not AuditEvent.objects.filter(verb="programs.add_coordinator").exists()
    assert mailoutbox == []


def test_one_person_may_be_both_coordinator_and_mentor(world: World) -> None:
    actions.do_add_program_staff(
        actor=world.coordinator, program=world.program, user=world.coordinator, role="mentor"
    )
    roles = set(ProgramStaff.objects.filter(user=world.coordinator).values_list("role", flat=True))
    assert roles == {"coordinator", "mentor"}
    assert program_standing(world.coordinator, world.program).is_mentor


def test_it_removes_one_role_and_records_it(world: World) -> None:
    actions.do_add_program_staff(
        actor=world.staff, program=world.program, user=world.mentor, role="coordinator"
    )
    actions.do_remove_program_staff(
        actor=world.staff, program=world.program, user=world.mentor, role="mentor"
    )
    roles = list(ProgramStaff.objects.filter(user=world.mentor).values_list("role", flat=True))
    assert roles == ["coordinator"]
    assert not program_standing(world.mentor, world.program).is_mentor
    event = AuditEvent.objects.get(verb="programs.remove_mentor")
    assert (event.actor, event.data) == (world.staff, {"user_id": world.mentor.pk})


def test_it_records_nothing_when_removing_a_role_nobody_holds(world: World) -> None:
    actions.do_remove_program_staff(
        actor=world.staff, program=world.program, user=world.member, role="coordinator"
    )
    assert ProgramStaff.objects.filter(program=world.program).count() == 2
    assert not AuditEvent.objects.filter(verb__startswith="programs.remove").exists()


def test_a_removed_coordinator_can_be_named_again(world: World) -> None:
    actions.do_remove_program_staff(
        actor=world.staff, program=world.program, user=world.coordinator, role="coordinator"
    )
    with pytest.raises(Refused):
        get_program_for(world.coordinator, world.program.pk, "name_coordinators")
    actions.do_add_program_staff(
        actor=world.staff, program=world.program, user=world.coordinator, role="coordinator"
    )
    assert get_program_for(world.coordinator, world.program.pk, "manage")[0] == world.program


def test_it_finds_the_programs_a_person_coordinates(world: World) -> None:
    other = ProgramFactory()
    ProgramFactory()
    actions.do_add_program_staff(
        actor=world.staff, program=other, user=world.coordinator, role="coordinator"
    )
    actions.do_add_program_staff(actor=world.staff, program=other, user=world.mentor, role="mentor")
    assert set(Program.objects.coordinated_by(world.coordinator)) == {world.program, other}
    assert list(Program.objects.coordinated_by(world.mentor)) == []


# --- who may do what ----------------------------------------------------------------------

MAY = {
    "name_coordinators": {"staff", "coordinator"},
    "manage": {"coordinator"},
    "staff": {"staff"},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("need", sorted(MAY))
def test_only_staff_and_coordinators_run_a_program(world: World, persona: str, need: str) -> None:
    user = world.persona(persona)
    if persona in MAY[need]:
        program, standing = get_program_for(user, world.program.pk, need)
        assert program == world.program
        assert standing.can_name_coordinators
    else:
        with pytest.raises(Refused) as refused:
            get_program_for(user, world.program.pk, need)
        assert refused.value.status == 403
