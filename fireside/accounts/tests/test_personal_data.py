"""The personal-data registry is complete: every link to a person, in every installed model,
is exported by some app or exempted with a reason (fireside/accounts/personal_data.py)."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from conftest import World
from fireside.accounts import personal_data
from fireside.accounts.actions import export_user_data
from fireside.demo.factories import UserFactory
from fireside.lib.tests.leaks import seed_markers

TEXT_TYPES = (models.CharField, models.TextField, models.JSONField)


def links_to_people(model: type[models.Model]) -> list[str]:
    """The model's own foreign keys, one-to-ones and many-to-manys to the user model."""
    user = get_user_model()
    return [
        f.name
        for f in model._meta.get_fields()
        if (f.many_to_one or f.one_to_one or f.many_to_many)
        and not f.auto_created
        and f.related_model is user
    ]


def text_fields(model: type[models.Model]) -> list[str]:
    """Columns that can hold words: free text and JSON (fixed choices say nothing)."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, TEXT_TYPES) and not f.choices and not f.primary_key
    ]


@dataclasses.dataclass
class SeededWorld(World):
    stranger: Any = None


@pytest.fixture
def seeded(
    world: World, settings: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> SeededWorld:
    """The conftest world, a stranger who once was in the sibling group, and every app's
    leak-test content, written through the apps' actions."""
    settings.MEDIA_ROOT = tmp_path
    full = SeededWorld(**vars(world), stranger=UserFactory(name="Sid Stranger"))
    with django_capture_on_commit_callbacks(execute=True):
        seed_markers(full)
    return full


def declared() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    claimed: dict[str, set[str]] = defaultdict(set)
    exempt: dict[str, set[str]] = defaultdict(set)
    for claim in personal_data.claims():
        claimed[claim.model] |= {*claim.people, *claim.text}
    for exemption in personal_data.exemptions():
        exempt[exemption.model] |= set(exemption.fields)
    return claimed, exempt


def test_it_claims_every_link_to_a_person_in_every_installed_model() -> None:
    claimed, exempt = declared()
    missing = [
        f"{model._meta.label}.{name}"
        for model in apps.get_models()
        for name in links_to_people(model)
        if name not in claimed[model._meta.label] | exempt[model._meta.label]
    ]
    assert not missing, (
        "No personal-data section claims these links to a person, and no exemption says "
        f"why not: {', '.join(missing)}. Register them in the app's personal_data.py "
        "(see fireside/accounts/personal_data.py)."
    )


def test_it_claims_every_text_column_of_a_model_that_links_to_a_person() -> None:
    claimed, exempt = declared()
    user = get_user_model()
    missing = [
        f"{model._meta.label}.{name}"
        for model in apps.get_models()
        if model is user or links_to_people(model)
        for name in text_fields(model)
        if name not in claimed[model._meta.label] | exempt[model._meta.label]
    ]
    assert not missing, (
        "These text columns sit beside a link to a person, but no personal-data section "
        "exports them and no exemption says why not (someone else's words, a secret, a "
        f"derived copy…): {', '.join(missing)}."
    )


def test_every_declaration_names_a_real_model_and_field_once() -> None:
    problems = []
    seen: dict[tuple[str, str, str], int] = defaultdict(int)
    for kind, label, names in [
        *(("claim", c.model, (*c.people, *c.text)) for c in personal_data.claims()),
        *(("exempt", e.model, e.fields) for e in personal_data.exemptions()),
    ]:
        try:
            model = apps.get_model(label)
        except LookupError:
            problems.append(f"{kind} names no model: {label}")
            continue
        fields = {f.name for f in model._meta.get_fields()}
        for name in names:
            if name not in fields:
                problems.append(f"{kind} names no field: {label}.{name}")
            seen[(kind, label, name)] += 1
    claimed, exempt = declared()
    problems += [
        f"both claimed and exempt: {label}.{name}"
        for label in claimed
        for name in claimed[label] & exempt[label]
    ]
    assert not problems


def test_every_section_is_a_key_of_the_export_in_order(world: Any) -> None:
    data = export_user_data(user=world.member)
    assert list(data) == [s.name for s in personal_data.sections()]
    assert list(data)[:2] == ["account", "api_tokens"]
    json.dumps(data)  # plain JSON values only


def _in(value: Any, exported: str) -> bool:
    if isinstance(value, list | dict):
        return all(_in(v, exported) for v in (value.values() if isinstance(value, dict) else value))
    if value in (None, "", True, False) or not isinstance(value, str):
        return True
    return json.dumps(value, ensure_ascii=False)[1:-1] in exported


@pytest.mark.parametrize(
    "persona", ["member", "facilitator", "mentor", "coordinator", "staff", "stranger"]
)
def test_the_claimed_text_of_every_row_of_a_person_is_in_their_export(
    seeded: SeededWorld, persona: str
) -> None:
    """The claims are true: after every app seeded its content, each claimed column of each
    row linked to the person appears in their export."""
    person = getattr(seeded, persona)
    exported = json.dumps(export_user_data(user=person), ensure_ascii=False)
    checked, missing = 0, []
    for claim in personal_data.claims():
        model = apps.get_model(claim.model)
        if model is get_user_model():
            qs = model._default_manager.filter(pk=person.pk)
        elif claim.people and claim.text:
            qs = model._default_manager.none()
            for name in claim.people:
                qs |= model._default_manager.filter(**{name: person})
        else:
            continue
        for row in qs.values(*claim.text):
            for name, value in row.items():
                checked += 1
                if not _in(value, exported):
                    missing.append(f"{claim.model}.{name}: {value!r}")
    assert checked
    assert not missing
