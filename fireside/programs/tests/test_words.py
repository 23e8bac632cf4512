"""A program's own words: what it calls a group, its role types (names in both languages),
the settings page that changes them, and the places a participant meets them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.communities import actions as community_actions
from fireside.communities.models import Community
from fireside.demo.factories import (
    CommunityFactory,
    ProgramFactory,
    UserFactory,
    make_program_staff,
)
from fireside.lib.errors import Conflict, InvalidInput, Unprocessable
from fireside.programs import vocabulary
from fireside.programs.models import Program, ProgramRoleType
from fireside.programs.words import group_word, role_type_choices, role_type_label

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def school_program(**fields: Any) -> Program:
    """A program that says "professional circle" and has teachers and school leaders."""
    program = ProgramFactory(
        name="School staff circles",
        group_word="professional circle",
        group_word_plural="professional circles",
        group_word_fr="cercle professionnel",
        group_word_plural_fr="cercles professionnels",
        eligible_role_types=["teacher", "school_leader"],
        **fields,
    )
    ProgramRoleType.objects.create(
        program=program, code="teacher", name="Teacher", name_fr="Enseignant·e", position=0
    )
    ProgramRoleType.objects.create(
        program=program,
        code="school_leader",
        name="School leader",
        name_fr="Direction d'école",
        position=1,
    )
    return program


def test_it_uses_the_builtin_role_types_and_word_when_a_program_has_none() -> None:
    program = ProgramFactory()
    assert group_word(program) == "group"
    assert group_word(program, plural=True) == "groups"
    assert role_type_label(program, "ece") == "Early childhood educator"
    assert [c for c, _ in role_type_choices(program)][:2] == ["ece", "ecea"]


def test_it_speaks_a_programs_own_words_in_english_and_french() -> None:
    program = school_program()
    assert group_word(program) == "professional circle"
    assert group_word(program, plural=True) == "professional circles"
    assert role_type_label(program, "school_leader") == "School leader"
    assert role_type_choices(program) == [
        ("teacher", "Teacher"),
        ("school_leader", "School leader"),
    ]
    with override("fr-ca"):
        assert group_word(program) == "cercle professionnel"
        assert group_word(program, plural=True) == "cercles professionnels"
        assert role_type_label(program, "teacher") == "Enseignant·e"
        assert group_word(ProgramFactory()) == "groupe"
    # A French word left empty falls back to the program's English one, then to Fireside's.
    program.group_word_fr = ""
    with override("fr-ca"):
        assert group_word(program) == "professional circle"


def test_a_programs_own_role_types_are_the_only_ones_it_accepts() -> None:
    program = school_program()
    program.eligible_role_types = ["teacher", "ece"]
    with pytest.raises(ValidationError):
        program.full_clean()
    with pytest.raises(Unprocessable):
        community_actions.check_create_community(
            actor=UserFactory(),
            program=program,
            name="Early years",
            purpose="Play.",
            audience="ece",
            region="North",
            mode="online",
            capacity=8,
            agreement="What is said here stays here.",
        )
    assert not Community.objects.filter(name="Early years").exists()


def test_a_person_with_a_custom_role_joins_the_group_for_it_and_no_other() -> None:
    program = school_program()
    teachers = CommunityFactory(program=program, audience="teacher", name="Teachers' circle")
    leaders = CommunityFactory(program=program, audience="school_leader", name="Leaders")
    teacher = UserFactory(role_type="teacher")
    assert community_actions.join_refusal(teacher, teachers) is None
    refusal = community_actions.join_refusal(teacher, leaders)
    assert refusal and "“School leader”" in refusal and "“Teacher”" in refusal
    with override("fr-ca"):
        refusal = community_actions.join_refusal(teacher, leaders)
        assert refusal and "Direction d'école" in refusal


def test_adding_a_first_role_type_keeps_the_standard_ones_the_program_is_open_to() -> None:
    program = ProgramFactory(eligible_role_types=["ece", "manager"])
    staff = UserFactory(is_staff=True)
    vocabulary.check_add_role_type(
        actor=staff, program=program, code="Teacher", name=" Teacher ", name_fr="Enseignant·e"
    )
    rows = list(ProgramRoleType.objects.filter(program=program))
    assert [r.code for r in rows] == ["ece", "manager", "teacher"]
    assert rows[0].name == "Early childhood educator"
    assert rows[2].name == "Teacher"
    program.refresh_from_db()
    assert program.eligible_role_types == ["ece", "manager", "teacher"]
    assert AuditEvent.objects.filter(verb="programs.role_type_add").count() == 1
    with pytest.raises(Conflict):
        vocabulary.check_add_role_type(actor=staff, program=program, code="teacher", name="Again")
    with pytest.raises(InvalidInput):
        vocabulary.check_add_role_type(actor=staff, program=program, code="no way", name="X")
    with pytest.raises(InvalidInput):
        vocabulary.check_add_role_type(actor=staff, program=program, code="x", name="y" * 101)


def test_removing_a_role_type_in_use_is_refused_with_a_reason() -> None:
    program = school_program()
    staff = UserFactory(is_staff=True)
    CommunityFactory(program=program, audience="teacher")
    with pytest.raises(Conflict) as refused:
        vocabulary.check_remove_role_type(actor=staff, program=program, code="teacher")
    assert "1 group of the program is for it" in refused.value.message
    assert "Who can take part" in refused.value.message
    assert ProgramRoleType.objects.filter(program=program, code="teacher").exists()
    # Not in use: it goes.
    vocabulary.check_add_role_type(
        actor=staff, program=program, code="librarian", name="Librarian", eligible=False
    )
    vocabulary.check_remove_role_type(actor=staff, program=program, code="librarian")
    assert not ProgramRoleType.objects.filter(code="librarian").exists()
    assert AuditEvent.objects.filter(verb="programs.role_type_remove").count() == 1


def test_the_settings_page_names_moves_and_renames_role_types(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    url = reverse("programs:words", args=[world.program.pk])
    page = client.get(url).content.decode()
    assert "Fireside&#x27;s standard role types" in page or "standard role types" in page
    response = client.post(
        url,
        {
            "group_word": "learning network",
            "group_word_plural": "learning networks",
            "group_word_fr": "réseau d'apprentissage",
            "group_word_plural_fr": "réseaux d'apprentissage",
        },
    )
    assert response.status_code == 302
    world.program.refresh_from_db()
    assert world.program.group_word == "learning network"
    add = reverse("programs:role_type_add", args=[world.program.pk])
    response = client.post(
        add, {"name": "School leader", "name_fr": "Direction d'école", "code": "school_leader"}
    )
    assert response.status_code == 302
    codes = list(
        ProgramRoleType.objects.filter(program=world.program).values_list("code", flat=True)
    )
    assert codes[-1] == "school_leader"
    change = reverse("programs:role_type_change", args=[world.program.pk, "school_leader"])
    client.post(change, {"do": "up"})
    codes = list(
        ProgramRoleType.objects.filter(program=world.program).values_list("code", flat=True)
    )
    assert codes[-2] == "school_leader"
    client.post(
        change,
        {"do": "rename", "school_leader-name": "Principal", "school_leader-name_fr": "Direction"},
    )
    assert (
        ProgramRoleType.objects.get(program=world.program, code="school_leader").name == "Principal"
    )
    # In use by a group (the world's groups are for "ece"): refused, said, kept.
    response = client.post(
        reverse("programs:role_type_change", args=[world.program.pk, "ece"]),
        {"do": "remove"},
        follow=True,
    )
    assert "is still in use" in response.content.decode()
    assert ProgramRoleType.objects.filter(program=world.program, code="ece").exists()
    # Too long a word: a message, nothing written.
    response = client.post(url, {"group_word": "x" * 61})
    assert response.status_code == 400
    world.program.refresh_from_db()
    assert world.program.group_word == "learning network"


def test_the_directory_program_page_and_form_use_the_programs_word(client: Client) -> None:
    program = school_program()
    CommunityFactory(program=program, audience="teacher", name="Riverside teachers")
    page = client.get(reverse("communities:directory"), {"program": program.pk}).content.decode()
    assert "Find a professional circle" in page
    assert "Professional circle · School staff circles" in page
    assert "For: Teacher" in page
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert ">Professional circles</h2>" in page
    page = client.get(
        reverse("communities:directory"), {"program": program.pk}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Cercle professionnel · School staff circles" in page
    assert "Enseignant·e" in page
    client.force_login(UserFactory(role_type="teacher"))
    page = client.get(reverse("communities:directory"), {"program": program.pk}).content.decode()
    assert "Professional circles for your role (Teacher)" in page
    coordinator = UserFactory()
    make_program_staff(program, "coordinator", coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("programs:community_create", args=[program.pk])).content.decode()
    assert "Open a new professional circle" in page
    assert '<option value="school_leader">School leader</option>' in page


def test_the_joined_email_uses_the_programs_word(mailoutbox: list[Any], commits: Any) -> None:
    program = school_program()
    circle = CommunityFactory(program=program, audience="teacher", name="Riverside teachers")
    teacher = UserFactory(role_type="teacher")
    french = UserFactory(role_type="teacher", language="fr-ca")
    with commits():
        community_actions.check_join(user=teacher, community=circle, agree_to_agreement=True)
        community_actions.check_join(user=french, community=circle, agree_to_agreement=True)
    english_mail, french_mail = mailoutbox[-2:]
    assert "professional circle" in english_mail.body
    assert "cercle professionnel" in french_mail.body
