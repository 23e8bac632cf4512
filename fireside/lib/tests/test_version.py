"""One version, in pyproject.toml, shown in the footer and /healthz, and cut in the CHANGELOG."""

import re
import tomllib
from pathlib import Path

import pytest

import fireside

ROOT = Path(__file__).resolve().parents[3]


def test_it_keeps_the_version_equal_to_pyprojects():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert fireside.__version__ == project["version"]


def test_it_cuts_the_version_in_the_changelog_below_unreleased():
    headings = re.findall(r"^## (.+)$", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)
    assert headings[0] == "Unreleased"
    assert headings[1].startswith(f"{fireside.__version__} — ")


@pytest.mark.django_db
def test_it_reports_the_version_in_healthz(client):
    assert client.get("/healthz").json()["version"] == fireside.__version__


@pytest.mark.django_db
def test_it_shows_the_version_in_the_footer(client):
    response = client.get("/accounts/login/", follow=True)
    assert f'<p class="version">Fireside {fireside.__version__}</p>' in response.content.decode()
