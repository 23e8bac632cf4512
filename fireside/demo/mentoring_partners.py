"""Members choosing their partners in the demo: the program lets members choose within their
group; in the last group two pairs ended at the turn of the term, and one of the four now
free has asked another, with a note, through the same action members use."""

from __future__ import annotations

from fireside.communities.models import Community, CommunityRole
from fireside.mentoring.actions import do_end_pairing
from fireside.mentoring.models import Pairing, PartnerRequest
from fireside.mentoring.partner_requests import check_send_request
from fireside.programs.models import PartnerChoice, PartnerScope, Program

NOTE = (
    "I liked what you said about letting the children lead the garden work. Would you like "
    "to walk together on Thursdays after closing and trade ideas?"
)


def seed_partner_requests(program: Program) -> PartnerRequest | None:
    """Returns the waiting request (None when the last group has too few pairs)."""
    program.partner_choice, program.partner_scope = PartnerChoice.MEMBERS, PartnerScope.GROUP
    program.save(update_fields=["partner_choice", "partner_scope"])
    community = Community.objects.filter(program=program).order_by("-pk").first()
    if community is None:
        return None
    pairs = list(Pairing.objects.open().filter(community=community).with_people()[:2])
    if len(pairs) < 2 or any(len(p.members()) != 2 for p in pairs):
        return None
    facilitator = (
        CommunityRole.objects.current()
        .filter(community=community, role=CommunityRole.Role.FACILITATOR)
        .select_related("user")
        .first()
    )
    if facilitator is None:
        return None
    for pairing in pairs:
        do_end_pairing(actor=facilitator.user, pairing=pairing)
    sender, recipient = pairs[0].users()[0], pairs[1].users()[0]
    return check_send_request(sender=sender, program=program, to_user_id=recipient.pk, note=NOTE)
