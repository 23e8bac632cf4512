"""Issue 17, item 7: text over its limit is refused with its length and the limit, never cut.

A 2 MB paste into a thread was cut to 20,000 characters by the browser (`maxlength`) and
posted. Now no text field carries `maxlength`; each states its limit and counts, and the
server refuses what is over, keeping the text in the form (web) or naming the field (API)."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

import fireside
from conftest import World
from fireside.accounts.models import ApiToken
from fireside.conversations.forms import ReplyForm, ThreadForm
from fireside.conversations.models import Thread
from fireside.lib.errors import InvalidInput
from fireside.lib.forms import CountedTextarea, TextField, counted_fields
from fireside.lib.text import clean_text

LIMIT = 20_000
# Not text someone writes: codes and confirmations typed from a screen, search boxes.
NOT_WRITING = {
    ("EraseForm", "confirm"),
    ("CodeForm", "code"),
    ("VerifyForm", "code"),
    ("DirectoryForm", "q"),
    ("DirectoryForm", "region"),
    ("ProgramForm", "timezone"),
}


def test_the_limit_counts_characters_not_bytes_and_names_both_numbers() -> None:
    for char in ("a", "é", "😀", "漢"):
        assert clean_text(char * LIMIT, "body", LIMIT) == char * LIMIT
        with pytest.raises(InvalidInput) as refused:
            clean_text(char * (LIMIT + 1), "body", LIMIT)
        assert refused.value.message == (
            "body is 20,001 characters; the limit is 20,000. Shorten it and send it again."
        )
        assert refused.value.errors == {
            "body": ["20,001 characters; the limit is 20,000. Shorten it and send it again."]
        }


def test_the_message_reads_as_a_french_reader_writes_numbers() -> None:
    with translation.override("fr-ca"), pytest.raises(InvalidInput) as refused:
        clean_text("é" * 2_000_143, "body", LIMIT)
    numbers = re.findall(r"\d[\d\s\u202f\xa0]*\d", refused.value.message)
    assert [re.sub(r"\D", "", n) for n in numbers] == ["2000143", "20000"]
    assert "2,000,143" not in refused.value.message


def test_a_form_field_counts_a_line_end_as_the_browser_does() -> None:
    body = "é\r\n" * (LIMIT // 2)  # 20,000 characters once CR LF is one line end
    form = ReplyForm({"body": body})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == ("é\n" * (LIMIT // 2)).strip()
    over = ReplyForm({"body": "😀" * (LIMIT + 1)})
    assert not over.is_valid()
    assert over.errors["body"] == [
        "20,001 characters; the limit is 20,000. Shorten it and send it again."
    ]


def test_a_limited_field_states_its_limit_and_never_carries_maxlength() -> None:
    html = str(ThreadForm()["body"]) + str(ThreadForm()["title"])
    assert "maxlength" not in html
    assert 'data-limit="20000"' in html and 'data-limit="200"' in html
    assert "At most 20,000 characters." in html and "At most 200 characters." in html
    body = ThreadForm()["body"].as_field_group()
    assert 'aria-describedby="id_body_helptext id_body_limit"' in body
    assert 'id="id_body_limit"' in body
    assert counted_fields(ThreadForm()) == ["title", "body"]


def _forms() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.walk_packages(fireside.__path__, "fireside."):
        if module.name.endswith(".forms") and ".tests" not in module.name:
            loaded = importlib.import_module(module.name)
            found += [
                c
                for c in vars(loaded).values()
                if inspect.isclass(c)
                and issubclass(c, forms.BaseForm)
                and c.__module__ == module.name
            ]
    return found


def test_every_text_field_with_a_limit_counts_instead_of_cutting() -> None:
    """A new form with a plain CharField(max_length) fails here: it would cut pastes."""
    checked = 0
    for form_class in _forms():
        for name, field in form_class.base_fields.items():
            if type(field) not in (forms.CharField, TextField) or field.max_length is None:
                continue
            if (form_class.__name__, name) in NOT_WRITING:
                continue
            checked += 1
            where = f"{form_class.__module__}.{form_class.__name__}.{name}"
            assert isinstance(field, TextField), where
            assert "maxlength" not in field.widget.attrs, where
            if isinstance(field.widget, forms.Textarea):
                assert isinstance(field.widget, CountedTextarea), where
    assert checked > 40


# --- On the web: refused, nothing saved, the text kept ---------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["a", "é", "😀"])
def test_an_over_long_post_is_refused_and_kept_in_the_form(
    client: Client, world: World, char: str
) -> None:
    client.force_login(world.member)
    url = reverse("conversations:new", args=[world.community.pk])
    text = char * (LIMIT + 143)
    response = client.post(url, {"kind": "update", "title": "Too much", "body": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "20,143 characters; the limit is 20,000." in html
    assert "Your message" in html and 'role="alert"' in html
    assert text in html  # still in the box, to shorten
    assert not Thread.objects.filter(title="Too much").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["a", "é", "😀"])
def test_a_post_at_the_limit_is_kept_whole(client: Client, world: World, char: str) -> None:
    client.force_login(world.member)
    url = reverse("conversations:new", args=[world.community.pk])
    text = char * LIMIT
    response = client.post(url, {"kind": "update", "title": "Just fits", "body": text})
    assert response.status_code == 302
    thread = Thread.objects.get(title="Just fits")
    assert thread.body == text


# --- In the API: 400 with the field named, nothing saved --------------------------------------


def _post(client: Client, world: World, body: str) -> Any:
    return client.post(
        f"/api/v1/communities/{world.community.pk}/threads",
        json.dumps({"title": "Via the API", "body": body, "kind": "update"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {ApiToken.issue(world.member)}"},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("char", ["a", "é", "😀"])
def test_the_api_refuses_over_long_text_with_the_field_named(
    client: Client, world: World, char: str
) -> None:
    over = _post(client, world, char * (LIMIT + 1))
    assert over.status_code == 400
    assert over.json() == {
        "detail": "The message is 20,001 characters; the limit is 20,000. Shorten it and send "
        "it again.",
        "errors": {
            "body": ["20,001 characters; the limit is 20,000. Shorten it and send it again."]
        },
    }
    assert not Thread.objects.filter(title="Via the API").exists()
    fits = _post(client, world, char * LIMIT)
    assert fits.status_code == 201
    assert Thread.objects.get(title="Via the API").body == char * LIMIT


@pytest.mark.django_db
def test_interests_and_reasons_are_refused_not_cut(client: Client, world: World) -> None:
    from fireside.accounts.actions import check_update_profile
    from fireside.communities.actions import check_leave

    with pytest.raises(InvalidInput, match="is 61 characters; each interest has at most 60"):
        check_update_profile(user=world.member, interests=["é" * 61])
    with pytest.raises(InvalidInput, match="501 characters; the limit is 500"):
        check_leave(user=world.member, community=world.community, reason="é" * 501)
    world.member.refresh_from_db()
    assert "é" * 60 not in world.member.interests
