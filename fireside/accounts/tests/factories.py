"""Accounts for tests."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from fireside.accounts.actions import (
    check_request_email_change,
    check_update_profile,
    do_issue_token,
)
from fireside.accounts.faces import SIZES
from fireside.accounts.models import User
from fireside.accounts.photos import stored_name
from fireside.demo.factories import PASSWORD
from fireside.lib import images
from fireside.lib.tests.leaks import Seeded

# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """What people tell Fireside about themselves. Mina: her access needs, which she chose
    to share with her group's facilitators; the new address she asked to move to (told to
    her old address; the link to the new one does not name it), the name she gave an API
    token, and her photo, for her group. Fay (who facilitates), Walt (waiting for a seat) and
    Otto (in the sibling group, which has no facilitator) share their access needs too: each
    reaches no one else."""
    s = Seeded()
    check_update_profile(
        user=world.member,
        accessibility_needs=s.add("accounts.accessibility_needs"),
        share_accessibility_needs=True,
    )
    for who, key in [
        (world.facilitator, "accounts.facilitator_accessibility_needs"),
        (world.waitlisted, "accounts.waiting_accessibility_needs"),
        (world.outsider, "accounts.outsider_accessibility_needs"),
    ]:
        check_update_profile(
            user=who, accessibility_needs=s.add(key), share_accessibility_needs=True
        )
    check_request_email_change(
        user=world.member,
        email=f"{s.add('accounts.pending_email')}@example.org",
        password=PASSWORD,
    )
    do_issue_token(user=world.member, name=s.add("accounts.token_name"))
    _plant_photo(world.member, s.add("accounts.photo"))
    return s


def _plant_photo(user: Any, key: str) -> None:
    """A photo whose name in storage is the marker: any page that shows the photo carries
    its address, and so the marker, to whoever reads it."""
    picture = Image.new("RGB", (64, 64), (40, 90, 140))
    for size in SIZES:
        default_storage.save(
            stored_name(key, size), ContentFile(images.encode(picture, size, size))
        )
    User.objects.filter(pk=user.pk).update(photo=key)
    user.photo = key
