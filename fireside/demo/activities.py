"""The demo group's next gathering has a "more or less" round under way and a session a
member would like to practise (see seed_demo). Made directly: the demo sends no email."""

from __future__ import annotations

from django.utils import timezone

from fireside.activities.models import Card, Practice, PracticeFeedback, Round
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.gatherings.models import Gathering

TOPIC = "How our gatherings feel"
CARDS = [
    ("more", "Trying an activity together before we talk about it"),
    ("more", "trying activities together"),
    ("more", "Stories from our own rooms"),
    ("more", "Time outside, even in winter"),
    ("less", "Rushing through the last agenda item"),
    ("less", "Rushing the last item"),
]
PRACTICE = (
    "Loose parts for toddlers: a first try",
    "I want to put out baskets of lids, tubes and fabric at free play and see what the "
    "toddlers do, without steering them. Twenty minutes, then we tidy up together.",
    "Is twenty minutes too long for this age? How would you invite the shy ones in?",
)
FEEDBACK = (
    "Starting without instructions fits toddlers well: they will show you what they need.",
    "Try fewer materials at first, and sit on the floor with them: the shy ones come closer.",
)


def seed_activities(community: Community, member_email: str) -> Round | None:
    """On the group's next gathering: a round with the members' cards (the demo member's
    among them) and a session the demo member presents, with the facilitator's feedback."""
    coming = (
        Gathering.objects.filter(
            community=community, cancelled_at__isnull=True, starts_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=community, role=CommunityRole.Role.FACILITATOR)
        .select_related("user")
        .first()
    )
    if coming is None or facilitator is None:
        return None
    members = [
        m.user
        for m in Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("pk")
    ]
    demo = next((u for u in members if u.email == member_email), members[0])
    others = [u for u in members if u != demo] or [demo]
    found = Round.objects.create(gathering=coming, topic=TOPIC, opened_by=facilitator.user)
    Card.objects.bulk_create(
        Card(round=found, author=others[i % len(others)], side=side, text=text)
        for i, (side, text) in enumerate(CARDS)
    )
    Card.objects.create(round=found, author=demo, side="more", text="Stories from our own rooms")
    title, description, wanted = PRACTICE
    practice = Practice.objects.create(
        gathering=coming, presenter=demo, title=title, description=description, wanted=wanted
    )
    worked, to_try = FEEDBACK
    PracticeFeedback.objects.create(
        practice=practice, author=facilitator.user, worked=worked, to_try=to_try
    )
    return found
