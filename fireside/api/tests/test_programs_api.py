"""The Programs section of api-v1.md: create, list, detail, coordinators and mentors."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import World
from fireside.accounts.models import ApiToken, RoleType
from fireside.audit.models import AuditEvent
from fireside.demo.factories import ProgramFactory, UserFactory
from fireside.programs.models import CommitmentPeriod, Program, ProgramStaff

pytestmark = pytest.mark.django_db

PROGRAMS = "/api/v1/programs"
# api-v1.md: "→ 201 program (same fields + id)"
CONTRACT_FIELDS = {
    "id",
    "name",
    "description",
    "starts_on",
    "ends_on",
    "timezone",
    "max_group_size",
    "monthly_hours_target",
    "reflection_credit_minutes",
    "eligible_role_types",
}
NOT_STAFF = ["outsider", "waitlisted", "member", "facilitator", "mentor", "coordinator"]


def call(client: Client, method: str, url: str, user: Any = None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    data = json.dumps(body) if body is not None else ""
    return client.generic(method, url, data=data, content_type="application/json", headers=headers)


def program_body(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Early Years Peer Mentoring 2026–27",
        "description": "Small groups of educators, meeting monthly.",
        "starts_on": "2026-09-01",
        "ends_on": "2027-06-30",
        "timezone": "America/Edmonton",
        "max_group_size": 10,
        "monthly_hours_target": 5.5,
        "reflection_credit_minutes": 45,
        "eligible_role_types": ["ece", "ecea"],
        **overrides,
    }


def minimal_body(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Trainers together",
        "starts_on": "2026-09-01",
        "ends_on": "2027-06-30",
        "timezone": "America/Vancouver",
        "eligible_role_types": ["trainer"],
        **overrides,
    }


def rows() -> tuple[int, int]:
    return Program.objects.count(), CommitmentPeriod.objects.count()


def assert_error(response: Any, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    return detail


# --- creating -----------------------------------------------------------------------------


def test_it_creates_a_program_for_staff_in_the_contract_shape(client: Client, world: World) -> None:
    before = rows()
    response = call(
        client,
        "POST",
        PROGRAMS,
        world.staff,
        program_body(
            commitment_periods=[
                {"role": "facilitator", "start_month": 9, "end_month": 6},
                {"role": "peer_mentor", "start_month": 10, "end_month": 4},
            ]
        ),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= CONTRACT_FIELDS
    assert isinstance(body["id"], int)
    assert {k: v for k, v in body.items() if k not in {"id", "commitment_periods"}} == {
        "name": "Early Years Peer Mentoring 2026–27",
        "description": "Small groups of educators, meeting monthly.",
        "starts_on": "2026-09-01",
        "ends_on": "2027-06-30",
        "timezone": "America/Edmonton",
        "max_group_size": 10,
        "monthly_hours_target": 5.5,
        "reflection_credit_minutes": 45,
        "max_connection_minutes": 180,
        "online_conversation_cap_minutes": 120,
        "facilitation_cap_minutes": 60,
        "reflection_policy": "private",  # added; set on the program's reflections page
        "partner_choice": "facilitators",  # added; set on the program's settings form
        "partner_scope": "group",
        "eligible_role_types": ["ece", "ecea"],
        # The person to ask (fireside/programs/faq.py): none set yet.
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "contact_note": "",
    }
    assert sorted(body["commitment_periods"], key=lambda c: c["role"]) == [
        {"role": "facilitator", "start_month": 9, "end_month": 6},
        {"role": "peer_mentor", "start_month": 10, "end_month": 4},
    ]
    assert rows() == (before[0] + 1, before[1] + 2)
    program = Program.objects.get(pk=body["id"])
    assert (program.starts_on, program.max_group_size) == (dt.date(2026, 9, 1), 10)
    assert AuditEvent.objects.get(verb="programs.create").actor == world.staff


def test_it_fills_in_the_documented_defaults(client: Client, world: World) -> None:
    response = call(client, "POST", PROGRAMS, world.staff, minimal_body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["max_group_size"] == 12
    assert body["monthly_hours_target"] == 5
    assert body["reflection_credit_minutes"] == 30
    assert body["max_connection_minutes"] == 180
    assert body["description"] == ""
    assert sorted(body["commitment_periods"], key=lambda c: c["role"]) == [
        {"role": "facilitator", "start_month": 9, "end_month": 6},
        {"role": "peer_mentor", "start_month": 10, "end_month": 5},
    ]


def test_the_created_program_reads_back_the_same(client: Client, world: World) -> None:
    created = call(client, "POST", PROGRAMS, world.staff, program_body()).json()
    assert call(client, "GET", f"{PROGRAMS}/{created['id']}").json() == created
    listed = call(client, "GET", PROGRAMS).json()["items"]
    assert created in listed


BAD_INPUT = [
    # (what is wrong, body, status, words the detail must contain)
    ("ends before it starts", {"ends_on": "2026-08-31"}, 400, "end on or after its start"),
    ("unknown time zone", {"timezone": "Mars/Olympus_Mons"}, 400, "not a known time zone"),
    ("empty time zone", {"timezone": ""}, 400, "timezone"),
    ("group too big", {"max_group_size": 13}, 400, "max_group_size"),
    ("group too small", {"max_group_size": 1}, 400, "max_group_size"),
    ("negative group", {"max_group_size": -4}, 400, "max_group_size"),
    ("huge group", {"max_group_size": 10**40}, 400, "max_group_size"),
    ("unknown role type", {"eligible_role_types": ["ece", "pilot"]}, 400, "pilot"),
    ("no role types", {"eligible_role_types": []}, 400, "eligible_role_types"),
    ("empty name", {"name": ""}, 400, "name"),
    ("blank name", {"name": "   "}, 400, "name"),
    ("name too long", {"name": "x" * 151}, 400, "150 characters"),
    ("NUL in name", {"name": "nul\x00byte"}, 400, "name"),
    ("lone surrogate", {"description": "half \ud83d a smile"}, 400, "description"),
    ("name a number", {"name": 5}, 400, "name"),
    ("role types a string", {"eligible_role_types": "ece"}, 400, "eligible_role_types"),
    ("role types numbers", {"eligible_role_types": [1, 2]}, 400, "eligible_role_types"),
    ("group size a word", {"max_group_size": "a dozen"}, 400, "max_group_size"),
    ("group size a fraction", {"max_group_size": 6.5}, 400, "max_group_size"),
    ("date a word", {"starts_on": "next autumn"}, 400, "starts_on"),
    ("impossible date", {"ends_on": "2027-02-30"}, 400, "ends_on"),
    ("hours not finite", {"monthly_hours_target": "Infinity"}, 400, "monthly_hours_target"),
    ("hours too precise", {"monthly_hours_target": 5.125}, 400, "monthly_hours_target"),
    ("hours too many", {"monthly_hours_target": 201}, 400, "monthly_hours_target"),
    ("credit too long", {"reflection_credit_minutes": 601}, 400, "reflection_credit_minutes"),
    (
        "month 13",
        {"commitment_periods": [{"role": "facilitator", "start_month": 13, "end_month": 6}]},
        400,
        "start_month",
    ),
    (
        "unknown commitment role",
        {"commitment_periods": [{"role": "organiser", "start_month": 9, "end_month": 6}]},
        400,
        "role",
    ),
    ("commitments not a list", {"commitment_periods": {"facilitator": [9, 6]}}, 400, "commit"),
]


@pytest.mark.parametrize(
    ("overrides", "status", "words"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_it_refuses_bad_input_and_writes_nothing(
    client: Client, world: World, overrides: dict[str, Any], status: int, words: str
) -> None:
    before = rows()
    response = call(client, "POST", PROGRAMS, world.staff, program_body(**overrides))
    assert words in assert_error(response, status)
    assert rows() == before
    assert not AuditEvent.objects.filter(verb="programs.create").exists()


@pytest.mark.parametrize(
    "missing", ["name", "starts_on", "ends_on", "timezone", "eligible_role_types"]
)
def test_it_names_a_missing_required_field(client: Client, world: World, missing: str) -> None:
    before = rows()
    body = program_body()
    del body[missing]
    detail = assert_error(call(client, "POST", PROGRAMS, world.staff, body), 400)
    assert detail == f"The request is not valid: {missing}: Field required."
    assert rows() == before


@pytest.mark.parametrize("raw", ["{not json", "[]", "null", '"a program"', "42", ""])
def test_it_refuses_a_body_that_is_not_a_program_object(
    client: Client, world: World, raw: str
) -> None:
    before = rows()
    response = client.post(
        PROGRAMS,
        data=raw,
        content_type="application/json",
        headers={"Authorization": f"Bearer {ApiToken.issue(world.staff)}"},
    )
    assert_error(response, 400)
    assert rows() == before


def test_it_asks_anonymous_callers_to_sign_in(client: Client, world: World) -> None:
    before = rows()
    detail = assert_error(call(client, "POST", PROGRAMS, None, program_body()), 401)
    assert "Authorization: Bearer" in detail
    assert rows() == before


def test_it_refuses_a_bad_bearer_token(client: Client, world: World) -> None:
    before = rows()
    response = client.post(
        PROGRAMS,
        data=json.dumps(program_body()),
        content_type="application/json",
        headers={"Authorization": "Bearer not-a-real-token"},
    )
    assert_error(response, 401)
    assert rows() == before


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_it_leaves_program_creation_to_staff(client: Client, world: World, persona: str) -> None:
    before = rows()
    response = call(client, "POST", PROGRAMS, world.persona(persona), program_body())
    assert assert_error(response, 403) == "You are not allowed to do this."
    assert rows() == before


def test_it_checks_staff_rights_before_the_body(client: Client, world: World) -> None:
    """A member learns nothing about validation from a program they may not create."""
    response = call(client, "POST", PROGRAMS, world.member, program_body(max_group_size=99))
    assert_error(response, 403)


def test_the_browser_session_works_with_a_csrf_token_only(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)
    before = rows()
    refused = client.post(
        PROGRAMS, data=json.dumps(minimal_body()), content_type="application/json"
    )
    assert_error(refused, 403)
    assert rows() == before
    client.get("/programs/new/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    created = client.post(
        PROGRAMS,
        data=json.dumps(minimal_body()),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert created.status_code == 201, created.content
    assert rows()[0] == before[0] + 1


# --- reading ------------------------------------------------------------------------------


def test_anyone_reads_a_program(client: Client, world: World) -> None:
    CommitmentPeriod.objects.create(
        program=world.program, role="facilitator", start_month=9, end_month=6
    )
    response = call(client, "GET", f"{PROGRAMS}/{world.program.pk}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= CONTRACT_FIELDS
    assert body["id"] == world.program.pk
    assert body["name"] == world.program.name
    assert body["eligible_role_types"] == list(RoleType.values)
    assert body["commitment_periods"] == [{"role": "facilitator", "start_month": 9, "end_month": 6}]


def test_an_unknown_program_is_404_with_a_detail(client: Client, world: World) -> None:
    assert assert_error(call(client, "GET", f"{PROGRAMS}/999999"), 404) == "Not found."
    assert_error(call(client, "GET", f"{PROGRAMS}/{10**25}"), 404)


def test_anyone_lists_programs_newest_first(client: Client, db: Any) -> None:
    older = ProgramFactory(starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 6, 30))
    newer = ProgramFactory(starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30))
    body = call(client, "GET", PROGRAMS).json()
    assert set(body) == {"count", "items"}
    assert body["count"] == 2
    assert [p["id"] for p in body["items"]] == [newer.pk, older.pk]
    assert all(set(p) >= CONTRACT_FIELDS for p in body["items"])


def test_the_list_pages_with_limit_and_offset(client: Client, db: Any) -> None:
    programs = [
        ProgramFactory(starts_on=dt.date(2020 + i, 9, 1), ends_on=dt.date(2021 + i, 6, 30))
        for i in range(5)
    ]
    newest_first = [p.pk for p in reversed(programs)]
    page = call(client, "GET", f"{PROGRAMS}?limit=2&offset=1").json()
    assert page["count"] == 5
    assert [p["id"] for p in page["items"]] == newest_first[1:3]
    assert [p["id"] for p in call(client, "GET", f"{PROGRAMS}?limit=200").json()["items"]] == (
        newest_first
    )
    beyond = call(client, "GET", f"{PROGRAMS}?offset=50").json()
    assert beyond == {"count": 5, "items": []}


def test_the_list_shows_fifty_by_default(client: Client, db: Any) -> None:
    ProgramFactory.create_batch(51)
    body = call(client, "GET", PROGRAMS).json()
    assert (body["count"], len(body["items"])) == (51, 50)


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=201", "limit=-1", "offset=-1", "limit=ten", "offset=1.5"]
)
def test_the_list_refuses_out_of_range_paging(client: Client, db: Any, query: str) -> None:
    detail = assert_error(call(client, "GET", f"{PROGRAMS}?{query}"), 400)
    assert query.split("=")[0] in detail


def test_the_list_costs_the_same_queries_for_many_programs(client: Client, db: Any) -> None:
    def list_queries(expected_count: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            body = call(client, "GET", f"{PROGRAMS}?limit=200").json()
        assert body["count"] == len(body["items"]) == expected_count
        assert all(len(p["commitment_periods"]) == 1 for p in body["items"])
        return len(captured)

    def add(n: int) -> None:
        for program in ProgramFactory.create_batch(n):
            CommitmentPeriod.objects.create(
                program=program, role="facilitator", start_month=9, end_month=6
            )

    add(3)
    few = list_queries(3)
    add(12)
    # the count, the page of programs, their commitment periods
    assert few == list_queries(15) == 3


# --- coordinators and mentors -------------------------------------------------------------


def coordinators(program: Any) -> str:
    return f"{PROGRAMS}/{program.pk}/coordinators"


def mentors(program: Any) -> str:
    return f"{PROGRAMS}/{program.pk}/mentors"


@pytest.mark.parametrize("persona", ["staff", "coordinator"])
def test_staff_and_coordinators_name_coordinators_who_are_told_by_email(
    client: Client,
    world: World,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    persona: str,
) -> None:
    person = UserFactory(email="nadia@example.org", name="Nadia North")
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client,
            "POST",
            coordinators(world.program),
            world.persona(persona),
            {"user_id": person.pk},
        )
    assert response.status_code == 201, response.content
    assert response.json() == {
        "program_id": world.program.pk,
        "user_id": person.pk,
        "role": "coordinator",
    }
    assert ProgramStaff.objects.filter(
        program=world.program, user=person, role="coordinator"
    ).exists()
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == ["nadia@example.org"]
    assert sent.subject == f"You are now a coordinator of {world.program.name}"
    assert world.program.name in sent.body
    assert f"http://testserver/programs/{world.program.pk}/" in sent.body


def test_a_coordinator_names_a_mentor_who_is_told_by_email(
    client: Client,
    world: World,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            client, "POST", mentors(world.program), world.coordinator, {"user_id": world.member.pk}
        )
    assert response.status_code == 201, response.content
    assert response.json()["role"] == "mentor"
    assert [m.to for m in mailoutbox] == [[world.member.email]]
    assert mailoutbox[0].subject == f"You are now a mentor of {world.program.name}"
    assert f'named mentor of the program "{world.program.name}"' in mailoutbox[0].body


@pytest.mark.parametrize(
    ("route", "allowed"),
    [("coordinators", {"staff", "coordinator"}), ("mentors", {"coordinator"})],
)
@pytest.mark.parametrize("persona", ["anonymous", *NOT_STAFF, "staff"])
def test_only_the_right_people_name_program_staff(
    client: Client, world: World, mailoutbox: list[Any], route: str, allowed: set[str], persona: str
) -> None:
    person = UserFactory()
    url = f"{PROGRAMS}/{world.program.pk}/{route}"
    response = call(client, "POST", url, world.persona(persona), {"user_id": person.pk})
    if persona in allowed:
        assert response.status_code == 201
        assert ProgramStaff.objects.filter(user=person).count() == 1
    else:
        assert_error(response, 401 if persona == "anonymous" else 403)
        assert not ProgramStaff.objects.filter(user=person).exists()
        assert mailoutbox == []


def test_a_coordinator_of_another_program_is_refused(client: Client, world: World) -> None:
    other = ProgramFactory()
    body = {"user_id": world.member.pk}
    assert_error(call(client, "POST", coordinators(other), world.coordinator, body), 403)
    assert_error(call(client, "POST", mentors(other), world.coordinator, body), 403)
    assert not ProgramStaff.objects.filter(program=other).exists()


@pytest.mark.parametrize(
    ("route", "existing"), [("coordinators", "coordinator"), ("mentors", "mentor")]
)
def test_naming_someone_twice_is_a_conflict(
    client: Client,
    world: World,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    route: str,
    existing: str,
) -> None:
    person = world.persona(existing)
    url = f"{PROGRAMS}/{world.program.pk}/{route}"
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client, "POST", url, world.coordinator, {"user_id": person.pk})
    detail = assert_error(response, 409)
    assert detail == f"{person.display_name} is already a {existing} of this program."
    assert ProgramStaff.objects.filter(user=person, role=existing).count() == 1
    assert mailoutbox == []


def test_a_coordinator_may_also_be_named_mentor(client: Client, world: World) -> None:
    response = call(
        client, "POST", mentors(world.program), world.coordinator, {"user_id": world.coordinator.pk}
    )
    assert response.status_code == 201
    roles = set(ProgramStaff.objects.filter(user=world.coordinator).values_list("role", flat=True))
    assert roles == {"coordinator", "mentor"}


@pytest.mark.parametrize("user_id", [999999, -1, 10**30])
def test_naming_someone_unknown_is_422(client: Client, world: World, user_id: int) -> None:
    before = ProgramStaff.objects.count()
    response = call(client, "POST", coordinators(world.program), world.staff, {"user_id": user_id})
    assert str(user_id) in assert_error(response, 422)
    assert ProgramStaff.objects.count() == before


def test_naming_someone_whose_account_is_closed_is_422(client: Client, world: World) -> None:
    gone = UserFactory(is_active=False)
    response = call(client, "POST", coordinators(world.program), world.staff, {"user_id": gone.pk})
    assert_error(response, 422)
    assert not ProgramStaff.objects.filter(user=gone).exists()


@pytest.mark.parametrize("body", [{}, {"user_id": "abc"}, {"user_id": None}, {"user_id": [1]}])
def test_naming_without_a_user_id_is_400(client: Client, world: World, body: Any) -> None:
    before = ProgramStaff.objects.count()
    assert_error(call(client, "POST", coordinators(world.program), world.staff, body), 400)
    assert ProgramStaff.objects.count() == before


def test_naming_staff_for_an_unknown_program_is_404(client: Client, world: World) -> None:
    response = call(client, "POST", f"{PROGRAMS}/999999/coordinators", world.staff, {"user_id": 1})
    assert_error(response, 404)


# --- whatever arrives, never a 500 --------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and Infinity included: Python's JSON parser accepts them
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
# Text with what databases cannot store: NUL, lone surrogates, control characters. Joined
# from a list: st.text would merge the alphabets and lose the surrogates.
awkward_text = st.lists(
    st.characters() | st.sampled_from(["\x00", "\ud800", "\udfff", "\ud83d", "\t", " "]),
    max_size=40,
).map("".join)
months = st.integers(min_value=-1, max_value=14) | st.integers()
commitment = st.fixed_dictionaries(
    {
        "role": st.sampled_from(["facilitator", "peer_mentor", "mentor", "organiser", ""]),
        "start_month": months,
        "end_month": months,
    }
)
plausible_fields = {
    "name": awkward_text | json_values,
    "description": awkward_text | json_values,
    "starts_on": st.dates().map(str) | json_values,
    "ends_on": st.dates().map(str) | json_values,
    "timezone": st.sampled_from(["America/Vancouver", "Europe/Paris", "UTC", "Mars/Base", ""])
    | awkward_text,
    "max_group_size": st.integers(min_value=-2, max_value=15) | json_values,
    "monthly_hours_target": st.decimals(allow_nan=False, allow_infinity=False).map(str)
    | st.floats(min_value=-1, max_value=300)
    | json_values,
    "reflection_credit_minutes": st.integers(min_value=-10, max_value=700) | json_values,
    "eligible_role_types": st.lists(st.sampled_from([*RoleType.values, "pilot", ""]), max_size=4)
    | json_values,
    "commitment_periods": st.none() | st.lists(commitment, max_size=3) | json_values,
    "id": json_values,
}


DROP = object()


@st.composite
def program_bodies(draw: Any) -> dict[str, Any]:
    """A valid program with one or two fields changed or left out, so most examples reach
    the database: a crash on save hides behind any earlier refusal. Free text, where
    unstorable characters get in, is changed most often."""
    body: dict[str, Any] = program_body()
    keys = sorted(plausible_fields) + ["name", "description"] * 3
    for key in draw(st.lists(st.sampled_from(keys), min_size=1, max_size=2, unique=True)):
        value = draw(plausible_fields[key] | st.just(DROP))
        if value is DROP:
            body.pop(key, None)
        else:
            body[key] = value
    return body


# Mostly near-valid programs; some arbitrary JSON and arbitrary partial objects too.
bodies = st.one_of(
    program_bodies(),
    program_bodies(),
    json_values,
    st.fixed_dictionaries({}, optional=plausible_fields),
)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=bodies)
@example(body=program_body(name="nul\x00"))  # PostgreSQL cannot store NUL
@example(body=program_body(description="half \ud83d"))  # no database stores a lone surrogate
@example(body=program_body(name=" \t "))
def test_any_json_gets_a_clear_answer_and_a_refusal_writes_nothing(
    client: Client, world: World, body: Any
) -> None:
    before = rows()
    # ensure_ascii escapes lone surrogates as \udxxx, which the server's parser revives.
    response = client.post(
        PROGRAMS,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {ApiToken.issue(world.staff)}"},
    )
    assert response.status_code in {201, 400, 422}, response.content
    if response.status_code == 201:
        created = Program.objects.get(pk=response.json()["id"])
        assert rows()[0] == before[0] + 1
        assert created.name.strip() and created.ends_on >= created.starts_on
        assert 2 <= created.max_group_size <= 12
    else:
        assert isinstance(response.json()["detail"], str)
        assert rows() == before
