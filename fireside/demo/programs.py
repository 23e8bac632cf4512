"""The demo program's questions and answers, its contact person, a group someone has
proposed (made directly: the demo sends no email), and its own words (see seed_demo)."""

from __future__ import annotations

from typing import Any

from fireside.accounts.actions import check_update_profile
from fireside.accounts.models import RoleType, User
from fireside.communities.models import GroupProposal, Mode
from fireside.programs.models import FaqEntry, Program
from fireside.programs.vocabulary import check_set_group_words

# (question, answer, question in French, answer in French); the last has no French yet, so
# the demo shows the fallback note.
FAQ: tuple[tuple[str, str, str, str], ...] = (
    (
        "How much time will this take each month?",
        "Plan on about **five hours a month**: one gathering of your group (about an hour and "
        "a half), a short check-in with your peer partner most weeks, and a monthly "
        "reflection of ten minutes or so. Some months are lighter; nobody counts minutes "
        "against you.",
        "Combien de temps faut-il prévoir chaque mois?",
        "Comptez environ **cinq heures par mois** : une rencontre de votre groupe (une heure "
        "et demie environ), un court échange avec votre partenaire la plupart des semaines et "
        "une réflexion mensuelle d'une dizaine de minutes. Certains mois sont plus légers; "
        "personne ne vous reproche les minutes manquantes.",
    ),
    (
        "Do my hours count toward my professional development?",
        "Yes. Gatherings you attend, peer connections and reflections are added up on your "
        "**Hours** page as you go. In June you can download a certificate of participation "
        "with your total, and anyone you show it to can check it online.",
        "Mes heures comptent-elles pour mon perfectionnement professionnel?",
        "Oui. Les rencontres auxquelles vous assistez, les échanges avec votre partenaire et "
        "vos réflexions s'additionnent au fil de l'année sur votre page **Heures**. En juin, "
        "vous pouvez télécharger une attestation de participation avec votre total, que "
        "quiconque peut vérifier en ligne.",
    ),
    (
        "Who can read what I write in my group?",
        "Only the active members of your group. Coordinators and mentors never read your "
        "group's conversations or your reflections; they see totals, such as how many people "
        "came to a gathering. Please never name a child or a family.",
        "Qui peut lire ce que j'écris dans mon groupe?",
        "Seulement les membres actifs de votre groupe. Les coordonnateurs et les mentors ne "
        "lisent jamais les conversations de votre groupe ni vos réflexions; ils voient des "
        "totaux, comme le nombre de personnes venues à une rencontre. Ne nommez jamais un "
        "enfant ni une famille.",
    ),
    (
        "What if I miss a gathering?",
        "Life with young children happens. Answer *No* to the invitation so your facilitator "
        "knows, and catch up from the notes in your group's space. Missing one gathering "
        "does not cost you your seat; if you will be away for a few months, tell your "
        "facilitator or write to the contact person below.",
        "",
        "",
    ),
)

CONTACT = {
    "contact_name": "Priya Raman",
    "contact_phone": "604 555 0142",
    "contact_note": "Weekdays 9–4 Pacific",
}


def seed_help(program: Program, *, contact_email: str, proposer: Any) -> None:
    Program.objects.filter(pk=program.pk).update(contact_email=contact_email, **CONTACT)
    FaqEntry.objects.bulk_create(
        FaqEntry(
            program=program,
            question=q,
            answer=a,
            question_fr=qf,
            answer_fr=af,
            position=position,
            published=True,
        )
        for position, (q, a, qf, af) in enumerate(FAQ, start=1)
    )
    GroupProposal.objects.create(
        program=program,
        proposed_by=proposer,
        name="Outdoor Play All Year",
        purpose=(
            "For educators who take children outside in every weather: we would swap ideas "
            "for rainy days, gear that lasts, and how to talk with families about mud."
        ),
        audience=proposer.role_type,
        region=proposer.region or "Vancouver Island",
        mode=Mode.HYBRID,
        why="The groups near me meet on weekday evenings, when I have my own kids.",
        wants_to_facilitate=True,
    )


def seed_words(program: Program, *, actor: User, asking: User | None = None) -> None:
    check_set_group_words(
        actor=actor,
        program=program,
        group_word="community of practice",
        group_word_plural="communities of practice",
        group_word_fr="communauté de pratique",
        group_word_plural_fr="communautés de pratique",
    )
    if asking is not None and asking.role_type == RoleType.ECEA:
        # Finished the certificate this fall: now an educator, once the coordinator confirms.
        check_update_profile(user=asking, role_type=RoleType.ECE)
