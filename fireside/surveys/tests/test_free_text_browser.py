"""Free text on a phone: the results page shows answers with names hidden, and its note says
so, at 360 px with no axe violation."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.tests.browser import check_phone_page, sign_in
from fireside.surveys import actions
from fireside.surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_results_page_hides_names_on_a_phone(
    live_server: Any, phone: Any, world: World
) -> None:
    survey = make_survey(
        world.program,
        community=world.community,
        created_by=world.facilitator,
        questions=[{"kind": "text", "text": "What would you like more of?"}],
    )
    make_member(world.other_community, UserFactory(name="Émilie Tremblay"))
    texts = ["Thanks to Mina!", "thanks to Fay", "emilie TREMBLAY's stories", "Tea", "Walks"]
    for text in texts:
        actions.check_respond(user=make_member(world.community), survey=survey, answers=[text])
    actions.mix_round(survey.rounds.get().pk, final=True)
    sign_in(phone, live_server.url, world.facilitator.email)
    phone.goto(live_server.url + reverse("surveys:results", args=[survey.pk]))
    main = phone.locator("main").inner_text()
    assert "Thanks to [name]! (written 2 times)" in main
    assert "[name]'s stories" in main
    assert "Mina" not in main and "Fay" not in main and "TREMBLAY" not in main
    assert "any name in them is hidden as [name]" in main
    check_phone_page(phone, "phone-surveys-free-text-names")
