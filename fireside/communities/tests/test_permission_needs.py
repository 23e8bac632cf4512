"""Permission needs are a Literal type, so mypy catches a typo where a need is named; these
tests keep the type and the table that answers each need in step."""

from typing import get_args

import pytest

from fireside.communities.access import NEEDS, Need, Standing
from fireside.lib.errors import Refused
from fireside.programs.access import ProgramNeed, get_program_for


def test_it_answers_every_need_the_type_names_and_no_other():
    assert sorted(get_args(Need)) == sorted(NEEDS)


def test_it_answers_each_need_with_a_property_of_the_standing():
    for need, answer in NEEDS.items():
        assert isinstance(getattr(Standing, answer), property), need


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("coordinator", {"manage", "name_coordinators"}),
        ("staff", {"name_coordinators", "staff"}),
        ("member", set()),
    ],
)
def test_it_answers_every_program_need_the_type_names(world, persona, allowed):
    for need in get_args(ProgramNeed):
        try:
            get_program_for(world.persona(persona), world.program.pk, need)
        except Refused as refused:
            assert refused.status == 403
            assert need not in allowed
        else:
            assert need in allowed
