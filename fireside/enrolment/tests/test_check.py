from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from fireside.accounts.models import RoleType
from fireside.communities.models import Community
from fireside.demo.factories import CommunityFactory, ProgramFactory, UserFactory, make_member
from fireside.enrolment.check import check_rows
from fireside.programs.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _december() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 12, 7, 18, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def program() -> Program:
    return ProgramFactory(eligible_role_types=["ece", "manager"])


@pytest.fixture
def circle(program: Program) -> Community:
    return CommunityFactory(program=program, name="Harbour Circle", capacity=4)


def row(number: int, **values: Any) -> dict[str, Any]:
    base = {
        "row": number,
        "name": f"Person {number}",
        "email": f"p{number}@example.org",
        "role_type": "ece",
        "region": "North",
        "group": "Harbour Circle",
        "role": "",
        "joined_on": "",
        "problems": [],
    }
    return base | values


def problems(program: Program, *rows: dict[str, Any]) -> dict[int, list[tuple[str, str]]]:
    return check_rows(program, list(rows)).problems


def test_it_plans_a_clean_file(program: Program, circle: Community) -> None:
    checked = check_rows(
        program, [row(2, joined_on="2026-09-14", role="Animatrice"), row(3, group="")]
    )
    assert checked.clean
    first, second = checked.plans
    assert (first.community_id, first.role, first.joined_on) == (
        circle.pk,
        "facilitator",
        dt.date(2026, 9, 14),
    )
    assert second.community_id is None
    assert checked.counts() == {"rows": 2, "new": 2, "invited": 0, "members": 0, "groups": 1}


def test_it_takes_role_types_by_code_or_name_in_either_language(
    program: Program, circle: Community
) -> None:
    checked = check_rows(
        program,
        [
            row(2, role_type="ECE"),
            row(3, role_type="Early childhood educator"),
            row(4, role_type="Éducatrice ou éducateur à la petite enfance"),
        ],
    )
    assert checked.problems == {}
    assert {p.role_type for p in checked.plans} == {"ece"}


def test_it_names_every_problem_of_every_row(program: Program, circle: Community) -> None:
    CommunityFactory(program=program, name="Directors' Table", audience=RoleType.MANAGER)
    found = problems(
        program,
        row(2, group="Nowhere"),
        row(3, group="directors' table"),
        row(4, role_type="regulator"),
        row(5, role_type="astronaut"),
        row(6, email="not-an-address", name=""),
        row(7, email="p2@example.org"),
        row(8, joined_on="14/09/2026"),
        row(9, joined_on="2027-01-15"),
        row(10, joined_on="2025-01-15"),
        row(11, role="captain"),
        row(12, role="facilitator", group=""),
    )
    assert [c for c, _m in found[2]] == ["group"]
    assert "no group named “Nowhere”" in found[2][0][1]
    assert "is a group for “Manager or director”" in found[3][0][1]
    assert "not open to “Licensing officer or regulator”" in found[4][0][1]
    assert "not a role type" in found[5][0][1]
    assert sorted(c for c, _m in found[6]) == ["email", "name"]
    assert found[7] == [("email", "p2@example.org is already on row 2.")]
    assert "YYYY-MM-DD" in found[8][0][1]
    assert "in the future" in found[9][0][1]
    assert "outside the program" in found[10][0][1]
    assert "not a role in a group" in found[11][0][1]
    assert found[12] == [("role", "A facilitator's row needs the group's name.")]


def test_it_says_how_many_rows_a_group_cannot_seat(program: Program, circle: Community) -> None:
    make_member(circle)
    found = problems(program, *(row(n) for n in range(2, 8)))
    assert sorted(found) == [5, 6, 7]
    assert "3 over capacity (4 seats, 1 taken)" in found[5][0][1]


def test_it_refuses_an_address_whose_account_has_another_role_type(
    program: Program, circle: Community
) -> None:
    UserFactory(email="p2@example.org", role_type=RoleType.MANAGER)
    found = problems(program, row(2))
    assert "whose role type is “Manager or director”" in found[2][0][1]


def test_it_counts_people_already_in_the_group(program: Program, circle: Community) -> None:
    user = make_member(circle, UserFactory(email="p2@example.org"))
    checked = check_rows(program, [row(2, email="P2@Example.org"), row(3)])
    assert checked.clean
    assert checked.counts()["members"] == 1
    assert checked.plans[0].user_id == user.pk


def test_it_keeps_the_parser_s_problems(program: Program, circle: Community) -> None:
    found = problems(program, row(2, name="", problems=[["name", "Formulas are not accepted."]]))
    assert found == {2: [("name", "Formulas are not accepted.")]}


def test_it_checks_5000_rows_in_a_few_queries(
    program: Program, circle: Community, django_assert_max_num_queries: Any
) -> None:
    rows = [row(n, group="") for n in range(2, 5002)]
    with django_assert_max_num_queries(20):
        checked = check_rows(program, rows)
    assert checked.clean
    assert len(checked.plans) == 5000


def test_an_account_s_own_role_type_must_be_eligible_too(
    program: Program, circle: Community
) -> None:
    UserFactory(email="p2@example.org", role_type=RoleType.REGULATOR)
    found = problems(program, row(2, role_type="", group=""))
    assert "not open to “Licensing officer or regulator”" in found[2][0][1]
