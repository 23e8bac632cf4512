"""Programs' test rows: seat holds, a FAQ and group proposals, made directly (no checks), and
their objects for the authorization guard (its rows: tests/guard.py)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from conftest import World
from fireside.communities.models import GroupProposal, SeatHold
from fireside.programs.models import FaqEntry

if TYPE_CHECKING:  # the leak test's module imports this one (through the guard's routes)
    from fireside.lib.tests.leaks import Seeded


def rollover_guard_values(w: World) -> dict[str, Any]:
    """A seat kept for Mina in the world's sibling group, open for a month, from her place in
    her own group (so her home asks her to keep it, as after a rollover)."""
    hold, _ = SeatHold.objects.get_or_create(
        community=w.other_community,
        user=w.member,
        outcome=SeatHold.Outcome.PENDING,
        defaults={
            "deadline": timezone.now() + dt.timedelta(days=30),
            "from_membership": w.community.memberships.filter(user=w.member).first(),
        },
    )
    return {"hold_id": hold.pk}


def make_faq(program: Any, **fields: Any) -> FaqEntry:
    fields.setdefault("question", "How much time does it take?")
    fields.setdefault("answer", "About five hours a month.")
    fields.setdefault("published", True)
    return FaqEntry.objects.create(program=program, **fields)


def make_proposal(program: Any, person: Any, **fields: Any) -> GroupProposal:
    fields.setdefault("name", "Forest school circle")
    fields.setdefault("purpose", "Outdoor play all year round.")
    fields.setdefault("audience", person.role_type or "ece")
    fields.setdefault("region", "North Shore")
    fields.setdefault("mode", "in_person")
    return GroupProposal.objects.create(program=program, proposed_by=person, **fields)


# --- For the authorization guard (fireside/lib/tests/test_authorization_guard.py) ---------


def guard_values(world: Any) -> dict[str, int]:
    """A draft question in the program's FAQ; Mina proposed a group in it."""
    entry = FaqEntry.objects.filter(program=world.program, question="Guarded?").first()
    if entry is None:
        entry = make_faq(world.program, question="Guarded?", published=False)
    proposal = GroupProposal.objects.filter(program=world.program, name="Guarded").first()
    if proposal is None:
        proposal = make_proposal(world.program, world.member, name="Guarded", audience="ece")
    return {"entry_id": entry.pk, "proposal_id": proposal.pk}


def guard_proposal_body(world: Any) -> dict[str, Any]:
    return {
        "name": "Toddler room talk",
        "purpose": "Ideas for the toddler room.",
        "audience": "ece",
        "region": "North",
        "mode": "online",
    }


# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """Cora keeps a draft question in the program's FAQ (for coordinators and staff only
    until published), and Mina proposes a group, through the actions."""
    from fireside.communities.proposals import check_propose_group
    from fireside.lib.tests.leaks import Seeded
    from fireside.programs.faq import check_add_entry

    s = Seeded()
    check_add_entry(
        actor=world.coordinator,
        program=world.program,
        question=s.add("programs.faq_draft_question"),
        answer=s.add("programs.faq_draft_answer"),
        published=False,
    )
    proposal = check_propose_group(
        actor=world.member,
        program=world.program,
        name="Proposed circle",
        purpose=s.add("programs.proposal_purpose"),
        audience="ece",
        region="North",
        mode="online",
        why=s.add("programs.proposal_why"),
    )
    s.paths["proposal_id"] = proposal.pk
    return s
