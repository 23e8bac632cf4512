"""Free text that can be read: grouped by the themes already found, each wording once with
its count, sortable, and no theme named for fewer texts than the survey threshold."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.demo.factories import make_member
from fireside.surveys import actions
from fireside.surveys.free_text import deduplicated, group, normalised
from fireside.surveys.models import Survey
from fireside.surveys.tests.factories import make_survey
from fireside.themes.models import Scope, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def themes(*phrases: tuple[str, ...]) -> list[Theme]:
    return [Theme(position=i, phrases=list(p), texts=5, people=5) for i, p in enumerate(phrases, 1)]


OUTDOOR = ("outdoor play", "mud kitchen")
FAMILIES = ("families", "pick-up time")


def test_the_same_words_are_one_text_whatever_case_spacing_and_punctuation() -> None:
    assert (
        normalised("  More TEA,   please! ") == normalised("more tea please") == "more tea please"
    )
    entries = deduplicated(
        ["more tea please", "More tea, please.", "Walks!", "  ", "more tea please"]
    )
    assert [(e.text, e.count) for e in entries] == [("more tea please", 3), ("Walks!", 1)]


def test_texts_go_under_the_theme_they_share_most_and_small_themes_join_the_others() -> None:
    texts = [
        "More outdoor play, please.",
        "The mud kitchen and outdoor play.",
        "outdoor play!",
        "Outdoor play",
        "Outdoor play was the best part.",
        "Talking with families at pick-up time.",
        "Tea.",
    ]
    found = group(texts, themes(OUTDOOR, FAMILIES))  # the threshold is 5
    assert [(g.label, g.count) for g in found.groups] == [
        ("outdoor play · mud kitchen", 5),
        ("", 2),  # the families theme has one text: it is not named
    ]
    assert found.total == 7 and found.distinct == 6  # "outdoor play" twice
    outdoor = found.groups[0].entries
    assert (outdoor[0].text, outdoor[0].count) == ("Outdoor play", 2)  # A to Z on a tie
    assert "families" not in " ".join(g.label for g in found.groups)


def test_groups_sort_by_count_or_by_theme_with_the_others_last() -> None:
    texts = ["outdoor play"] * 5 + ["families at pick-up time"] * 6 + ["Tea."]
    by_count = group(texts, themes(OUTDOOR, FAMILIES), "count")
    by_theme = group(texts, themes(OUTDOOR, FAMILIES), "theme")
    assert [g.label for g in by_count.groups] == [
        "families · pick-up time",
        "outdoor play · mud kitchen",
        "",
    ]
    assert [g.label for g in by_theme.groups] == [
        "families · pick-up time",
        "outdoor play · mud kitchen",
        "",
    ][::1]
    assert group(texts, themes(OUTDOOR, FAMILIES), "nonsense").order == "count"


def test_below_the_threshold_no_theme_is_named(settings: Any) -> None:
    settings.SURVEY_MIN_RESPONSES = 7
    found = group(["outdoor play"] * 6, themes(OUTDOOR))
    assert [g.label for g in found.groups] == [""] and not found.themed
    settings.SURVEY_MIN_RESPONSES = 6
    assert group(["outdoor play"] * 6, themes(OUTDOOR)).themed


# --- On the results page -----------------------------------------------------------------


@pytest.fixture
def survey(world: World) -> Survey:
    return make_survey(
        world.program,
        community=world.community,
        created_by=world.facilitator,
        questions=[{"kind": "text", "text": "What would you like more of?"}],
    )


def found_themes(world: World, *phrases: tuple[str, ...]) -> None:
    scope = Scope.objects.create(
        program=world.program,
        community=world.community,
        version=1,
        computed_version=1,
        computed_at=timezone.now(),
    )
    for t in themes(*phrases):
        t.scope = scope
        t.save()


def answer(survey: Survey, world: World, texts: list[str]) -> None:
    for text in texts:
        actions.check_respond(user=make_member(world.community), survey=survey, answers=[text])
    actions.mix_round(survey.rounds.get().pk, final=True)  # all in the figures at once


ANSWERS = ["Outdoor play", "outdoor play!", "The mud kitchen.", "Mud kitchen, outdoor play"]


def test_the_results_page_groups_by_theme_with_counts_and_sorts_without_script(
    client: Client, world: World, survey: Survey
) -> None:
    found_themes(world, OUTDOOR, FAMILIES)
    answer(survey, world, [*ANSWERS, "OUTDOOR PLAY", "Families at pick-up time.", "More tea"])
    client.force_login(world.facilitator)
    url = reverse("surveys:results", args=[survey.pk])
    html = client.get(url).content.decode()
    assert 'outdoor play · mud kitchen <span class="meta">(5 texts)</span></h3>' in html
    assert "Other answers" in html and "(written 3 times)" in html
    assert html.index("The mud kitchen.") < html.index("More tea")
    assert "families · pick-up time" not in html  # one text: not named
    assert '<a href="?text_order=theme#free-text-1">' in html
    again = client.get(url, {"text_order": "theme", "round": "1"}).content.decode()
    assert '<a href="?text_order=count&amp;round=1#free-text-1">' in again or (
        '<a href="?round=1&amp;text_order=count#free-text-1">' in again
    )


def test_the_page_reads_the_themes_once_whatever_the_texts(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    two = make_survey(
        world.program,
        community=world.community,
        created_by=world.facilitator,
        questions=[{"kind": "text", "text": "One?"}, {"kind": "text", "text": "Two?"}],
    )
    found_themes(world, OUTDOOR)
    for n in range(5):
        actions.check_respond(
            user=make_member(world.community), survey=two, answers=[ANSWERS[n % 4], f"Tea {n}"]
        )
    client.force_login(world.facilitator)
    url = reverse("surveys:results", args=[two.pk])
    client.get(url)
    with django_assert_max_num_queries(21):  # the page's 18, the themes' 2, the names 1
        assert client.get(url).status_code == 200


def test_below_the_threshold_there_is_no_free_text_at_all(
    client: Client, world: World, survey: Survey
) -> None:
    found_themes(world, OUTDOOR)
    answer(survey, world, ANSWERS)  # four people: fewer than five
    client.force_login(world.facilitator)
    html = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "Outdoor play" not in html and "outdoor play ·" not in html


# --- In the program report ---------------------------------------------------------------


def test_the_report_groups_shared_excerpts_by_the_programs_themes(
    client: Client, world: World
) -> None:
    from fireside.mentoring.tests.factories import make_reflection

    scope = Scope.objects.create(
        program=world.program, version=1, computed_version=1, computed_at=timezone.now()
    )
    for t in themes(OUTDOOR, FAMILIES):
        t.scope = scope
        t.save()
    excerpts = ["Outdoor play every day."] * 3 + ["outdoor play, every day", "The mud kitchen."]
    excerpts += ["Families at pick-up time.", "A calmer room."]
    for n, excerpt in enumerate(excerpts):
        person = make_member(world.community)
        month = world.program.starts_on.replace(day=1) + dt.timedelta(days=32 * (n % 2))
        make_reflection(world.program, person, month.replace(day=1), shareable_excerpt=excerpt)
    client.force_login(world.coordinator)
    html = client.get(reverse("reports:program", args=[world.program.pk])).content.decode()
    words = html[html.index('id="words"') :]
    assert 'outdoor play · mud kitchen <span class="meta">(5 texts)</span></h4>' in words
    assert "Outdoor play every day. <span" in words and "(written 4 times)" in words
    assert "Other answers" in words and "A calmer room." in words
    assert "families · pick-up time" not in words  # one excerpt: below the threshold
    for person_name in ("Mina", "Fay", "Cora"):
        assert person_name not in words[: words.index("</section>")]


# --- Names hidden ------------------------------------------------------------------------


def test_names_of_the_programs_people_are_hidden_before_texts_are_counted(
    client: Client, world: World, survey: Survey
) -> None:
    answer(
        survey,
        world,
        ["Thanks to Mina!", "thanks to Fay", "Cora Coord was great", "Ask MEG.", "Otto's tea"],
    )
    client.force_login(world.facilitator)
    html = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    shown = html[html.index('id="free-text-1"') :]
    shown = shown[: shown.index("</div>")]
    for name in ("Mina", "Fay", "Cora", "Coord", "MEG", "Otto"):
        assert name not in shown, name
    assert 'Thanks to [name]! <span class="meta">(written 2 times)</span>' in shown
    assert "[name] was great" in shown and "Ask [name]." in shown and "[name]&#x27;s tea" in shown
    assert "any name in them is hidden as [name]" in shown


def test_the_names_are_one_query_read_once_per_page(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    from fireside.surveys import free_text

    for _ in range(5):
        make_member(world.community)
    with django_assert_num_queries(1):  # everyone in the program, and their names
        names = free_text.program_names(world.program)
    assert {"mina", "member", "fay", "walt", "otto", "meg", "cora"} <= names.single
    two = make_survey(
        world.program,
        community=world.community,
        created_by=world.facilitator,
        questions=[{"kind": "text", "text": "One?"}, {"kind": "text", "text": "Two?"}],
    )
    for n in range(5):
        actions.check_respond(
            user=make_member(world.community), survey=two, answers=[f"Mina {n}", "Fay"]
        )
    calls: list[int] = []
    read = free_text.program_names

    def counted(program: Any) -> Any:
        calls.append(program.pk)
        return read(program)

    monkeypatch.setattr(free_text, "program_names", counted)
    client.force_login(world.facilitator)
    html = client.get(reverse("surveys:results", args=[two.pk])).content.decode()
    assert calls == [world.program.pk]  # two lists of texts, one read
    assert "[name] 0" in html and "Mina" not in html.split("<main")[1]


def test_shared_excerpts_show_no_name_on_the_report_or_in_its_pdf(
    client: Client, world: World
) -> None:
    import io

    from pypdf import PdfReader

    from fireside.demo.factories import UserFactory
    from fireside.mentoring.tests.factories import make_reflection
    from fireside.reports import pdf
    from fireside.reports.snapshots import report_for

    month = world.program.starts_on.replace(day=1)
    for excerpt in ("Émilie Tremblay showed us the mud kitchen.", "Walt and MINA laughed."):
        author = make_member(world.community)
        make_reflection(world.program, author, month, shareable_excerpt=excerpt)
    make_member(world.other_community, UserFactory(name="Émilie Tremblay"))
    client.force_login(world.coordinator)
    html = client.get(reverse("reports:program", args=[world.program.pk])).content.decode()
    words = html[html.index('id="words"') :]
    words = words[: words.index("</section>")]
    assert "[name] showed us the mud kitchen." in words and "[name] and [name] laughed." in words
    drawn = pdf.draw(report_for(world.program))
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(drawn)).pages)
    assert "[name] showed us the mud kitchen." in text and "[name] and [name] laughed." in text
    for name in ("Émilie", "Tremblay", "Walt", "MINA"):
        assert name not in words and name not in text, name


def test_the_api_hides_the_same_names_in_answers_and_excerpts(
    client: Client, world: World, survey: Survey
) -> None:
    from fireside.mentoring.tests.factories import make_reflection

    answer(survey, world, ["Thanks to Mina!", "Fay Facilitator helped", "Tea", "Walks", "More"])
    make_reflection(
        world.program,
        make_member(world.community),
        world.program.starts_on.replace(day=1),
        shareable_excerpt="Cora made it calm.",
    )
    client.force_login(world.facilitator)
    data = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    (text,) = data["questions"]
    assert sorted(text["answers"]) == sorted(
        ["Thanks to [name]!", "[name] helped", "Tea", "Walks", "More"]
    )
    client.force_login(world.coordinator)
    report = client.get(f"/api/v1/programs/{world.program.pk}/report").json()
    assert report["excerpts"] == ["[name] made it calm."]
