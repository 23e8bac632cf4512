"""A coordinator enrols a program's participants from a spreadsheet (issue 19): the first
file has one bad row, she sees the problem, fixes it, uploads again, confirms and sees the
result. Chromium at 360 px and 1280 px, axe-core on every page, screenshots in
`<var>/screenshots/` (see fireside/lib/tests/test_journeys.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from conftest import World
from fireside.enrolment.tests.files import xlsx_bytes
from fireside.invitations.models import Invitation
from fireside.lib.tests.test_journeys import SIZES, Journey, journeys, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["journeys"]  # the fixture, used by name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet(world: World, group: str) -> bytes:
    joined = world.program.starts_on + dt.timedelta(days=13)
    return xlsx_bytes(
        [
            ("Rosa Nuñez", "rosa@example.org", "ece", "North", group, "member", joined),
            ("Ben Okafor", "ben@example.org", "ece", "North", world.community.name, "", ""),
            ("Léa Roy", "lea@example.org", "Early childhood educator", "", "", "", ""),
        ],
        header=("Nom", "Courriel", "Type de rôle", "Région", "Groupe", "Rôle", "Date d'arrivée"),
    )


def enrol(j: Journey, world: World) -> None:
    page = j.page
    j.sign_in(world.coordinator.email)
    page.get_by_role("link", name=world.program.name, exact=True).first.click()
    j.see("program")
    page.get_by_role("link", name="Enrol from a spreadsheet").click()
    expect(page.get_by_role("heading", name="Enrol from a spreadsheet")).to_be_visible()
    j.see("upload")

    # A typo in one group's name: the preview says which row, and nothing is imported.
    page.get_by_label("Participants' file (CSV or Excel)").set_input_files(
        files=[
            {
                "name": "participants.xlsx",
                "mimeType": XLSX,
                "buffer": spreadsheet(world, "Harbor Circl"),
            }
        ]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="1 row has a problem")).to_be_visible()
    expect(page.get_by_text("There is no group named “Harbor Circl”")).to_be_visible()
    expect(page.get_by_role("button", name="Enrol")).to_have_count(0)
    j.see("preview-with-a-problem")
    assert not Invitation.objects.exists()

    page.get_by_role("link", name="Upload another file").click()
    page.get_by_label("Participants' file (CSV or Excel)").set_input_files(
        files=[
            {
                "name": "participants.xlsx",
                "mimeType": XLSX,
                "buffer": spreadsheet(world, world.community.name),
            }
        ]
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("No problems: every row can be imported.")).to_be_visible()
    j.see("preview-clean")
    page.get_by_role("button", name="Enrol 3 people").click()
    expect(page.get_by_text("3 people invited.")).to_be_visible()
    j.see("done")
    assert Invitation.objects.filter(source="import").count() == 3
    rosa = Invitation.objects.get(email="rosa@example.org")
    assert rosa.community == world.community
    assert rosa.joined_on == world.program.starts_on + dt.timedelta(days=13)


@pytest.mark.parametrize("size", SIZES)
def test_a_coordinator_enrols_participants_from_a_spreadsheet(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("enrolment-import", size), enrol, world)
