"""The program pages: the public list and detail, creating and editing, naming staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.demo.factories import (
    PASSWORD,
    CommunityFactory,
    ProgramFactory,
    UserFactory,
    make_member,
)
from fireside.lib.tests.browser import axe_violations, fits_width, screenshot
from fireside.programs.models import CommitmentPeriod, Program, ProgramStaff

pytestmark = pytest.mark.django_db

LIST = "/programs/"
CREATE = "/programs/new/"
LOGIN = "/accounts/login/"
NOT_STAFF = ["outsider", "waitlisted", "member", "facilitator", "mentor", "coordinator"]


def detail(program: Program) -> str:
    return f"/programs/{program.pk}/"


def edit(program: Program) -> str:
    return f"/programs/{program.pk}/edit/"


def staff_page(program: Program) -> str:
    return f"/programs/{program.pk}/staff/"


def as_(client: Client, user: Any) -> Client:
    if user is not None:
        client.force_login(user)
    return client


def program_form(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Early Years Peer Mentoring 2026–27",
        "description": "Small groups of educators, meeting monthly.",
        "starts_on": "2026-09-01",
        "ends_on": "2027-06-30",
        "timezone": "America/Edmonton",
        "max_group_size": "10",
        "monthly_hours_target": "5.5",
        "reflection_credit_minutes": "45",
        "max_connection_minutes": "120",
        "eligible_role_types": ["ece", "ecea"],
        "facilitator_start": "9",
        "facilitator_end": "6",
        "peer_mentor_start": "10",
        "peer_mentor_end": "5",
        "partner_choice": "facilitators",
        "partner_scope": "group",
        **overrides,
    }


def periods(program: Program) -> dict[str, tuple[int, int]]:
    return {
        p.role: (p.start_month, p.end_month)
        for p in CommitmentPeriod.objects.filter(program=program)
    }


# --- the public pages -------------------------------------------------------------------


def test_it_lists_programs_to_anyone(client: Client, world: World) -> None:
    later = ProgramFactory(
        name="Trainers' circle 2027", starts_on=dt.date(2027, 9, 1), ends_on=dt.date(2028, 6, 30)
    )
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert world.program.name in page
    assert "Trainers&#x27; circle 2027" in page
    assert f'href="{detail(later)}"' in page
    # Newest first: the program starting in 2027 comes before the one starting in 2026.
    assert page.index("Trainers&#x27; circle 2027") < page.index(world.program.name)
    assert f'href="{CREATE}"' not in page


@pytest.mark.parametrize(("persona", "sees_link"), [("staff", True), ("coordinator", False)])
def test_it_offers_a_new_program_to_staff_only(
    client: Client, world: World, persona: str, sees_link: bool
) -> None:
    page = as_(client, world.persona(persona)).get(LIST).content.decode()
    assert (f'href="{CREATE}"' in page) is sees_link


def test_it_says_so_when_there_are_no_programs(client: Client, db: Any) -> None:
    assert "No programs yet." in client.get(LIST).content.decode()


def test_it_lists_programs_in_the_same_queries_however_many(
    client: Client, db: Any, django_assert_num_queries: Any
) -> None:
    ProgramFactory.create_batch(3)
    with django_assert_num_queries(1):  # the programs; an anonymous visit has no session
        assert client.get(LIST).content.decode().count('class="card"') == 3
    ProgramFactory.create_batch(12)
    with django_assert_num_queries(1):
        assert client.get(LIST).content.decode().count('class="card"') == 15


def test_it_shows_what_taking_part_asks_on_the_public_detail(client: Client, world: World) -> None:
    program = world.program
    program.monthly_hours_target = Decimal("5.5")
    program.max_group_size = 8
    program.eligible_role_types = ["ece", "trainer"]
    program.save()
    CommitmentPeriod.objects.create(program=program, role="facilitator", start_month=9, end_month=6)
    response = client.get(detail(program))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{program.name}</h1>" in page
    assert "1 September 2026 – 30 June 2027 · America/Vancouver" in page
    assert "About 5.5 hours a month" in page
    assert "Up to 8 people" in page
    assert "Early childhood educator, Trainer or instructor" in page
    assert "<dt>Facilitator</dt><dd>September – June</dd>" in page
    assert world.community.name in page and world.other_community.name in page
    # The public page never names the people in a group.
    for person in (world.member, world.facilitator, world.waitlisted):
        assert person.display_name not in page


@pytest.mark.parametrize(
    ("persona", "can_edit", "can_open_community"),
    [
        ("anonymous", False, False),
        ("member", False, False),
        ("mentor", False, False),
        ("staff", True, False),
        ("coordinator", True, True),
    ],
)
def test_it_shows_the_program_actions_by_standing(
    client: Client, world: World, persona: str, can_edit: bool, can_open_community: bool
) -> None:
    page = as_(client, world.persona(persona)).get(detail(world.program)).content.decode()
    assert (f'href="{edit(world.program)}"' in page) is can_edit
    assert (f'href="{staff_page(world.program)}"' in page) is can_edit
    community_create = f'href="/programs/{world.program.pk}/communities/new/"'
    assert (community_create in page) is can_open_community


def test_it_says_when_a_program_has_no_communities_yet(client: Client, db: Any) -> None:
    page = client.get(detail(ProgramFactory())).content.decode()
    assert "No groups are open yet." in page


def test_it_answers_404_for_an_unknown_program(client: Client, db: Any) -> None:
    assert client.get("/programs/999999/").status_code == 404


def test_it_shows_the_detail_in_the_same_queries_however_many_communities(
    client: Client, db: Any
) -> None:
    program = ProgramFactory()
    CommitmentPeriod.objects.create(program=program, role="facilitator", start_month=9, end_month=6)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(detail(program)).status_code == 200
        return len(captured)

    for _ in range(2):
        make_member(CommunityFactory(program=program))
    few = queries()
    for _ in range(8):
        make_member(CommunityFactory(program=program))
    # the program, its commitment periods, its role types (its own words), its communities
    # with their seat counts, its published questions and answers
    assert few == queries() == 5


# --- creating a program -------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_sign_in_before_creating(client: Client, db: Any) -> None:
    before = Program.objects.count()
    for response in (client.get(CREATE), client.post(CREATE, program_form())):
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next={CREATE}"
    assert Program.objects.count() == before


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_it_refuses_program_creation_to_everyone_but_staff(
    client: Client, world: World, persona: str
) -> None:
    before = Program.objects.count()
    as_(client, world.persona(persona))
    assert client.get(CREATE).status_code == 403
    response = client.post(CREATE, program_form())
    assert response.status_code == 403
    assert "You are not allowed to do this." in response.content.decode()
    assert Program.objects.count() == before


def test_it_offers_staff_a_form_with_sensible_defaults(client: Client, world: World) -> None:
    response = as_(client, world.staff).get(CREATE)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["max_group_size"].value() == 12
    assert form["monthly_hours_target"].value() == Decimal("5")
    assert form["timezone"].value() == "America/Vancouver"
    assert (form["facilitator_start"].value(), form["facilitator_end"].value()) == (9, 6)
    assert (form["peer_mentor_start"].value(), form["peer_mentor_end"].value()) == (10, 5)
    page = response.content.decode()
    assert 'name="max_group_size" value="12"' in page
    assert 'type="date" name="starts_on"' in page


def test_it_creates_a_program_for_staff_and_asks_for_coordinators_next(
    client: Client, world: World
) -> None:
    before = Program.objects.count()
    response = as_(client, world.staff).post(CREATE, program_form(facilitator_start="8"))
    assert Program.objects.count() == before + 1
    program = Program.objects.get(name="Early Years Peer Mentoring 2026–27")
    assert response.status_code == 302
    assert response["Location"] == staff_page(program)
    assert program.description == "Small groups of educators, meeting monthly."
    assert (program.starts_on, program.ends_on) == (dt.date(2026, 9, 1), dt.date(2027, 6, 30))
    assert program.timezone == "America/Edmonton"
    assert program.max_group_size == 10
    assert program.monthly_hours_target == Decimal("5.5")
    assert program.reflection_credit_minutes == 45
    assert program.max_connection_minutes == 120
    assert program.eligible_role_types == ["ece", "ecea"]
    assert periods(program) == {"facilitator": (8, 6), "peer_mentor": (10, 5)}
    event = AuditEvent.objects.get(verb="programs.create")
    assert (event.actor, event.target_id) == (world.staff, program.pk)
    followed = client.get(response["Location"])
    assert "The program is created. Now name its coordinators." in followed.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"ends_on": "2026-08-31"},
            "ends_on",
            "The program must end on or after its start date.",
        ),
        (
            {"timezone": "Mars/Olympus_Mons"},
            "timezone",
            "Mars/Olympus_Mons is not a known time zone, e.g. America/Vancouver.",
        ),
        ({"max_group_size": "13"}, "max_group_size", "less than or equal to 12"),
        ({"max_group_size": "1"}, "max_group_size", "greater than or equal to 2"),
        ({"max_group_size": "a dozen"}, "max_group_size", "Enter a whole number."),
        ({"eligible_role_types": ["ece", "pilot"]}, "eligible_role_types", "pilot is not one"),
        ({"eligible_role_types": []}, "eligible_role_types", "This field is required."),
        ({"name": ""}, "name", "This field is required."),
        ({"name": "   "}, "name", "This field is required."),
        ({"name": "nul\x00"}, "name", "Null characters are not allowed."),
        ({"starts_on": "next autumn"}, "starts_on", "Enter a valid date."),
        ({"monthly_hours_target": "201"}, "monthly_hours_target", "less than or equal to 200"),
        ({"facilitator_end": "13"}, "facilitator_end", "Select a valid choice."),
    ],
)
def test_it_explains_bad_input_and_creates_nothing(
    client: Client, world: World, overrides: dict[str, Any], field: str, message: str
) -> None:
    before = (Program.objects.count(), CommitmentPeriod.objects.count())
    response = as_(client, world.staff).post(CREATE, program_form(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in str(e) for e in form.errors[field]), form.errors
    page = response.content.decode()
    assert "Please fix this:" in page
    # The summary names the field in words, so the error reads on its own.
    assert f'<a href="#id_{field}">{form[field].label}: ' in page
    assert (Program.objects.count(), CommitmentPeriod.objects.count()) == before


def test_it_labels_commitment_months_so_they_read_on_their_own(
    client: Client, world: World
) -> None:
    form = as_(client, world.staff).get(CREATE).context["form"]
    labels = {
        name: str(form[name].label) for name in form.fields if "_start" in name or "_end" in name
    }
    assert labels == {
        "facilitator_start": "Facilitators commit from",
        "facilitator_end": "Facilitators commit until",
        "peer_mentor_start": "Peer mentors commit from",
        "peer_mentor_end": "Peer mentors commit until",
    }


# --- editing a program --------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_it_lets_staff_and_coordinators_edit_a_program(
    client: Client, world: World, persona: str
) -> None:
    program = world.program
    CommitmentPeriod.objects.create(program=program, role="facilitator", start_month=9, end_month=6)
    as_(client, world.persona(persona))
    form = client.get(edit(program)).context["form"]
    assert (form["facilitator_start"].value(), form["facilitator_end"].value()) == (9, 6)
    assert form["name"].value() == program.name
    response = client.post(
        edit(program),
        program_form(name="Renamed program", facilitator_start="10", peer_mentor_end="4"),
    )
    assert response.status_code == 302
    assert response["Location"] == detail(program)
    program.refresh_from_db()
    assert program.name == "Renamed program"
    assert program.max_group_size == 10
    assert periods(program) == {"facilitator": (10, 6), "peer_mentor": (10, 4)}
    assert AuditEvent.objects.filter(verb="programs.update", target_id=program.pk).count() == 1


def test_it_keeps_the_program_as_it_was_when_an_edit_is_invalid(
    client: Client, world: World
) -> None:
    program = world.program
    response = as_(client, world.coordinator).post(
        edit(program), program_form(name="Renamed", ends_on="2025-01-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    program.refresh_from_db()
    assert program.name.startswith("Peer mentoring program")
    assert program.ends_on == dt.date(2027, 6, 30)
    assert not CommitmentPeriod.objects.filter(program=program).exists()


@pytest.mark.parametrize("persona", ["outsider", "member", "facilitator", "mentor"])
def test_it_refuses_edits_to_others(client: Client, world: World, persona: str) -> None:
    as_(client, world.persona(persona))
    assert client.get(edit(world.program)).status_code == 403
    assert client.post(edit(world.program), program_form(name="Taken")).status_code == 403
    world.program.refresh_from_db()
    assert world.program.name != "Taken"


# --- naming coordinators and mentors ------------------------------------------------------


def name_someone(client: Client, program: Program, email: str, role: str) -> Any:
    return client.post(staff_page(program), {"email": email, "role": role})


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_it_lets_staff_and_coordinators_name_a_coordinator_who_is_told_by_email(
    client: Client,
    world: World,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    persona: str,
) -> None:
    as_(client, world.persona(persona))
    with django_capture_on_commit_callbacks(execute=True):
        response = name_someone(client, world.program, "MEMBER@example.ORG", "coordinator")
    assert response.status_code == 302
    assert response["Location"] == staff_page(world.program)
    assert ProgramStaff.objects.filter(
        program=world.program, user=world.member, role="coordinator"
    ).exists()
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == [world.member.email]
    assert sent.subject == f"You are now a coordinator of {world.program.name}"
    assert f'named coordinator of the program "{world.program.name}"' in sent.body
    assert f"http://testserver{detail(world.program)}" in sent.body
    assert (
        "Mina Member is now a coordinator."
        in client.get(staff_page(world.program)).content.decode()
    )


def test_it_lets_a_coordinator_name_a_mentor(
    client: Client,
    world: World,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    as_(client, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = name_someone(client, world.program, world.facilitator.email, "mentor")
    assert response.status_code == 302
    assert ProgramStaff.objects.filter(user=world.facilitator, role="mentor").exists()
    assert [m.to for m in mailoutbox] == [[world.facilitator.email]]
    assert mailoutbox[0].subject == f"You are now a mentor of {world.program.name}"


def test_it_leaves_naming_mentors_to_coordinators_even_for_staff(
    client: Client,
    world: World,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    as_(client, world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = name_someone(client, world.program, world.member.email, "mentor")
    assert response.status_code == 200
    assert response.context["form"].errors["role"] == [
        "Only the program's coordinators can name mentors."
    ]
    assert not ProgramStaff.objects.filter(user=world.member).exists()
    assert mailoutbox == []


def test_it_refuses_to_name_the_same_person_twice(
    client: Client,
    world: World,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    as_(client, world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = name_someone(client, world.program, world.coordinator.email, "coordinator")
    assert response.status_code == 200
    assert "Cora Coord is already a coordinator of this program." in response.content.decode()
    assert ProgramStaff.objects.filter(user=world.coordinator).count() == 1
    assert mailoutbox == []


@pytest.mark.parametrize("email", ["nobody@example.org", "gone@example.org"])
def test_it_asks_people_without_an_account_to_sign_up_first(
    client: Client, world: World, email: str
) -> None:
    UserFactory(email="gone@example.org", is_active=False)
    before = ProgramStaff.objects.count()
    response = name_someone(as_(client, world.staff), world.program, email, "coordinator")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "No one has an account with that address yet. Ask them to sign up first."
    ]
    assert ProgramStaff.objects.count() == before


def test_it_lists_the_program_staff(client: Client, world: World) -> None:
    page = as_(client, world.staff).get(staff_page(world.program)).content.decode()
    assert "<td>Cora Coord</td><td>Coordinator</td>" in page
    assert "<td>Meg Mentor</td><td>Mentor</td>" in page
    other = ProgramFactory()
    make_member(CommunityFactory(program=other))
    page = as_(client, world.staff).get(staff_page(other)).content.decode()
    assert "Nobody yet." in page
    assert "Cora Coord" not in page


@pytest.mark.parametrize("persona", ["outsider", "member", "facilitator", "mentor"])
def test_it_refuses_naming_staff_to_others(
    client: Client, world: World, mailoutbox: list[Any], persona: str
) -> None:
    before = ProgramStaff.objects.count()
    as_(client, world.persona(persona))
    assert client.get(staff_page(world.program)).status_code == 403
    response = name_someone(client, world.program, world.member.email, "coordinator")
    assert response.status_code == 403
    assert ProgramStaff.objects.count() == before
    assert mailoutbox == []


def test_it_sends_anonymous_visitors_to_sign_in_before_naming_staff(
    client: Client, world: World
) -> None:
    url = staff_page(world.program)
    response = name_someone(client, world.program, world.member.email, "coordinator")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"
    assert not ProgramStaff.objects.filter(user=world.member).exists()


def test_it_does_not_let_a_coordinator_of_one_program_manage_another(
    client: Client, world: World
) -> None:
    other = ProgramFactory()
    as_(client, world.coordinator)
    assert client.get(staff_page(other)).status_code == 403
    assert client.get(edit(other)).status_code == 403


# --- in a real browser --------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_creates_a_program_on_a_phone(live_server: Any, phone: Any) -> None:
    UserFactory(email="stan@example.org", name="Stan Staff", is_staff=True)
    phone.set_default_timeout(5000)
    phone.goto(live_server.url + LOGIN)
    phone.get_by_label("Email address").fill("stan@example.org")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.goto(live_server.url + CREATE)
    assert fits_width(phone)
    assert axe_violations(phone) == []
    screenshot(phone, "phone-program-create")
    phone.get_by_label("Name:", exact=True).fill("Trainers together 2026")
    phone.get_by_label("Starts on").fill("2026-09-01")
    phone.get_by_label("Ends on").fill("2026-06-30")
    phone.get_by_label("Trainer or instructor").check()
    phone.get_by_label("Facilitators commit until").select_option(label="May")
    phone.get_by_role("button", name="Save").click()
    summary = phone.get_by_role("alert")
    assert "Ends on: The program must end on or after its start date." in summary.inner_text()
    assert fits_width(phone)
    assert axe_violations(phone) == []
    screenshot(phone, "phone-program-create-error")
    phone.get_by_label("Ends on").fill("2027-06-30")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_role("heading", name="Coordinators and mentors").wait_for()
    program = Program.objects.get(name="Trainers together 2026")
    assert program.eligible_role_types == ["trainer"]
    assert program.max_group_size == 12
    assert periods(program) == {"facilitator": (9, 5), "peer_mentor": (10, 5)}
