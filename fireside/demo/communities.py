"""Pictures for the demo, drawn on the spot with Pillow: a landscape for each group's cover
and a pattern for a few people's photos. No image from outside, and no face."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from fireside.accounts.models import User
from fireside.accounts.photos import check_set_photo
from fireside.communities.access import FACILITATING
from fireside.communities.covers import check_set_cover
from fireside.communities.models import Community, CommunityRole
from fireside.programs.models import Program

RGB = tuple[int, int, int]
# (sky, hills, sun, what it shows)
LANDSCAPES: tuple[tuple[RGB, RGB, RGB, str], ...] = (
    ((140, 190, 230), (70, 130, 80), (250, 210, 90), "A drawing of green hills under a yellow sun"),
    ((245, 180, 140), (120, 90, 140), (250, 240, 200), "A drawing of purple hills at sunset"),
    ((180, 215, 235), (40, 100, 110), (255, 255, 255), "A drawing of a teal lake shore at noon"),
    (
        (250, 225, 170),
        (170, 110, 60),
        (230, 120, 60),
        "A drawing of autumn hills under an orange sun",
    ),
    ((200, 220, 240), (90, 120, 160), (255, 250, 230), "A drawing of blue mountains in winter"),
    ((160, 205, 200), (100, 140, 70), (250, 230, 120), "A drawing of a meadow on a spring morning"),
)
PATTERNS: tuple[tuple[RGB, RGB], ...] = (
    ((35, 95, 140), (240, 200, 90)),
    ((140, 60, 40), (250, 220, 180)),
    ((50, 110, 70), (220, 240, 200)),
    ((100, 70, 150), (240, 210, 240)),
    ((30, 90, 90), (250, 180, 120)),
)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)  # fast: it is read once, at seed time
    return out.getvalue()


def landscape(sky: RGB, hills: RGB, sun: RGB) -> bytes:
    image = Image.new("RGB", (1200, 675), sky)
    draw = ImageDraw.Draw(image)
    draw.ellipse((825, 105, 1005, 285), fill=sun)
    far = (min(255, hills[0] + 40), min(255, hills[1] + 40), min(255, hills[2] + 40))
    draw.ellipse((-225, 390, 675, 975), fill=far)
    draw.ellipse((450, 420, 1500, 1050), fill=far)
    draw.ellipse((-150, 488, 975, 1125), fill=hills)
    return _png(image)


def pattern(background: RGB, shapes: RGB, seed: int) -> bytes:
    image = Image.new("RGB", (512, 512), background)
    draw = ImageDraw.Draw(image)
    for n in range(5):
        x, y = (97 * (n + seed)) % 400, (151 * (n + 2 * seed)) % 400
        size = 60 + (37 * (n + seed)) % 90
        draw.ellipse((x, y, x + size, y + size), fill=shapes)
    return _png(image)


def seed_pictures(program: Program, people: Iterable[User]) -> None:
    """A cover for each group, set by its facilitator; a photo for each of `people`."""
    communities = Community.objects.filter(program=program).order_by("pk")
    for n, community in enumerate(communities):
        sky, hills, sun, words = LANDSCAPES[n % len(LANDSCAPES)]
        role = (
            CommunityRole.objects.current()
            .filter(community=community, role__in=FACILITATING)
            .select_related("user")
            .first()
        )
        if role is None:
            continue
        check_set_cover(
            actor=role.user,
            community=community,
            upload=SimpleUploadedFile(f"cover-{n}.png", landscape(sky, hills, sun)),
            alt=words,
        )
    for n, person in enumerate(people):
        background, shapes = PATTERNS[n % len(PATTERNS)]
        upload = SimpleUploadedFile(f"photo-{n}.png", pattern(background, shapes, n))
        check_set_photo(user=person, upload=upload)
