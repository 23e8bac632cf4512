"""Issue 17, item 7: a double click on "Download as PDF" draws the report once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.lib import once
from fireside.reports import pdf, views

pytestmark = pytest.mark.django_db


def test_two_clicks_draw_one_pdf_and_both_download_it(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.clear()
    drawn: list[str] = []
    render = pdf.render_to_string

    def counting(*args: object, **kwargs: object) -> str:
        drawn.append("pdf")
        return render(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "render_to_string", counting)
    client.force_login(world.coordinator)
    url = reverse("reports:program_pdf", args=[world.program.pk])
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content.startswith(b"%PDF-")
    assert drawn == ["pdf"]
    assert AuditEvent.objects.filter(verb="reports.export_pdf").count() == 2  # both handed out


def test_while_it_is_still_drawn_elsewhere_a_clear_page_asks_to_wait(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def still_working(key: str, make: object, **kwargs: object) -> bytes:
        raise once.StillWorking(key)

    monkeypatch.setattr(views, "shared_result", still_working)
    client.force_login(world.coordinator)
    response = client.get(reverse("reports:program_pdf", args=[world.program.pk]))
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "still being prepared" in response.content.decode()
