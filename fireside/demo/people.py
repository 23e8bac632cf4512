"""The demo's program and people: entirely fictional, each with a role and a region. The
groups they meet in are in groups.py; seed.py writes them all (manage.py seed_demo)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fireside.accounts.models import RoleType

DEMO_PASSWORD = "fireside-demo"  # noqa: S105 - published on purpose: it opens the demo only
DEMO_DOMAIN = "demo.fireside.test"  # .test is reserved, so no demo email can reach a real inbox
ONLINE = "Online (video link sent with invites)"

PROGRAM: dict[str, Any] = {
    "name": "Peer Mentoring for Early Childhood Educators 2026–27",
    "description": (
        "A year of small, steady conversations with other early childhood educators. You join "
        "a community of practice of up to twelve people near you or online, and the group "
        "meets once a month with a local facilitator who helps it settle on what matters to "
        "it. Between gatherings, the group keeps in touch in its own space.\n\n"
        "You are also paired with a peer from your group. Pairs check in every week in "
        "whatever way suits them: a coffee, a walk after work, a phone call on the drive home, "
        "or a quick message. Once a month you write a short reflection, just for you, about "
        "what you noticed in your practice.\n\n"
        "Plan for about five hours a month. Gatherings, peer connections and reflections all "
        "count, and at the end of the year you receive a certificate of participation for "
        "your hours, which you can put toward your professional development. Nobody here is "
        "the expert: every voice counts the same, and what is said in a group stays there."
    ),
    "starts_on": dt.date(2026, 9, 1),
    "ends_on": dt.date(2027, 6, 30),
    "timezone": "America/Vancouver",
    "max_group_size": 12,
    "monthly_hours_target": Decimal("5"),
    "reflection_credit_minutes": 30,
    "eligible_role_types": [
        RoleType.ECE,
        RoleType.ECEA,
        RoleType.ECE_STUDENT,
        RoleType.TRAINER,
        RoleType.MANAGER,
        RoleType.REGULATOR,
        RoleType.OTHER,
    ],
}


@dataclass(frozen=True)
class Person:
    name: str
    role_type: str
    region: str
    interests: tuple[str, ...] = ()
    availability: str = ""
    pronouns: str = ""
    accessibility_needs: str = ""
    local: str = ""  # the part before @; derived from the name unless this is a demo sign-in
    is_staff: bool = False

    @property
    def email(self) -> str:
        local = self.local or _ascii(self.name).lower().replace("'", "").replace(" ", ".")
        return f"{local}@{DEMO_DOMAIN}"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


ECE, ECEA, STUDENT = RoleType.ECE, RoleType.ECEA, RoleType.ECE_STUDENT
TRAINER, MANAGER, REGULATOR, OTHER = (
    RoleType.TRAINER,
    RoleType.MANAGER,
    RoleType.REGULATOR,
    RoleType.OTHER,
)
SUNSHINE, VALLEY, NORTH = "Sunshine Coast", "Okanagan", "Northern Interior"
ISLAND, FRASER, KOOTENAYS = "Vancouver Island", "Fraser Valley", "Kootenays"
LOWER_MAINLAND, CARIBOO = "Lower Mainland", "Cariboo"

PEOPLE: tuple[Person, ...] = (
    # The demo sign-ins, plus a second mentor so mentors are not a single face.
    Person("Dana Whitford", OTHER, LOWER_MAINLAND, local="staff", is_staff=True),
    Person(
        "Priya Raman",
        OTHER,
        LOWER_MAINLAND,
        ("family engagement", "inclusion", "leadership"),
        "Weekdays 9–4",
        "she/her",
        local="coordinator",
    ),
    Person(
        "Tomás Echeverría",
        ECE,
        VALLEY,
        ("documentation", "mentoring", "emergent curriculum"),
        "Weekday afternoons, some evenings",
        "he/him",
        local="mentor",
    ),
    Person(
        "Grace Nakamura-Boyd",
        ECE,
        ISLAND,
        ("self-care", "leadership", "music"),
        "Tuesday to Thursday",
    ),
    Person(
        "Amara Okafor",
        ECE,
        SUNSHINE,
        ("outdoor play", "risky play", "loose parts"),
        "Weekday evenings after 6",
        "she/her",
        local="facilitator",
    ),
    Person(
        "Lucas Tremblay",
        ECE,
        SUNSHINE,
        ("outdoor play", "music", "family engagement"),
        "Saturday mornings or evenings",
        local="member",
    ),
    Person(
        "Noor Haddad",
        ECE,
        KOOTENAYS,
        ("inclusion", "language development", "art"),
        "Weekends",
        "she/her",
        local="newcomer",
    ),
    # Tidewater Outdoor Play Circle
    Person("Siobhan Kelly", ECE, SUNSHINE, ("nature", "loose parts"), "Evenings, not Fridays"),
    Person(
        "Jasmine Dhillon",
        ECE,
        SUNSHINE,
        ("outdoor play", "infant care"),
        "After 5:30 on weekdays",
    ),
    Person("Mateo Rossi", ECE, SUNSHINE, ("risky play", "music"), "Weekend mornings"),
    Person(
        "Hana Sato",
        ECE,
        SUNSHINE,
        ("documentation", "nature"),
        "Tuesdays and Thursdays after work",
        accessibility_needs="I tire on steep trails; a flat route or a bench partway helps.",
    ),
    Person(
        "Bridget Mercredi",
        ECE,
        SUNSHINE,
        ("land-based learning", "outdoor play"),
        "Weekday evenings",
    ),
    # Valley Infant & Toddler Circle
    Person(
        "Olivia Bergeron",
        ECE,
        VALLEY,
        ("infant care", "transitions", "family engagement"),
        "Wednesday evenings",
        "she/her",
    ),
    Person("Ananya Iyer", ECE, VALLEY, ("infant care", "documentation"), "Evenings after 7"),
    Person("Kwame Mensah", ECE, VALLEY, ("music", "language development"), "Weekday evenings"),
    Person("Chloé Gagnon", ECE, VALLEY, ("infant care", "bilingual classrooms"), "Saturdays"),
    Person("Mei Lin Chow", ECE, VALLEY, ("sleep routines", "self-care"), "Lunch breaks, 12–1"),
    Person("Rebecca Friesen", ECE, VALLEY, ("infant care", "loose parts"), "Evenings"),
    Person(
        "Fatima Siddiqui",
        ECE,
        VALLEY,
        ("family engagement", "inclusion"),
        "Weekday evenings",
        accessibility_needs="Captions on video calls, please.",
    ),
    Person(
        "Jordan Lavallee",
        ECE,
        VALLEY,
        ("inclusion", "art"),
        "Mondays and Wednesdays after 6",
        "they/them",
    ),
    Person("Sofia Marchetti", ECE, VALLEY, ("music", "infant care"), "Sunday afternoons"),
    Person("Aaliyah Thompson", ECE, VALLEY, ("transitions", "self-care"), "Weekday evenings"),
    Person("Ivana Petrović", ECE, VALLEY, ("documentation", "art"), "Evenings, not Tuesdays"),
    Person("Nadia Kowalczyk", ECE, VALLEY, ("outdoor play", "infant care"), "Saturday mornings"),
    Person("Emily Wong", ECE, VALLEY, ("infant care", "music"), "Weekday evenings"),
    Person("Gurleen Sandhu", ECE, VALLEY, ("family engagement", "self-care"), "Sundays"),
    # Northern Lights Online Circle
    Person(
        "Colleen McAllister",
        ECE,
        NORTH,
        ("documentation", "rural programs", "self-care"),
        "Evenings after the kids are in bed",
        "she/her",
    ),
    Person("Samuel Joseph", ECE, NORTH, ("land-based learning", "music"), "Weeknights"),
    Person("Rosa Delgado", ECE, NORTH, ("bilingual classrooms", "family engagement"), "Sundays"),
    Person(
        "Binh Nguyen",
        ECE,
        NORTH,
        ("loose parts", "documentation"),
        "Evenings, on the phone",
        accessibility_needs="My internet is slow: audio only, and agendas sent ahead as text.",
    ),
    Person("Tanis Laboucan", ECE, NORTH, ("land-based learning", "outdoor play"), "Weekends"),
    Person("Elif Yilmaz", ECE, NORTH, ("inclusion", "art"), "Thursday evenings"),
    # Island Assistants' Circle
    Person(
        "Marisol Cruz",
        ECEA,
        ISLAND,
        ("behaviour guidance", "art", "self-care"),
        "Weekday evenings",
        "she/her",
    ),
    Person("Ashley Dubois", ECEA, ISLAND, ("music", "transitions"), "After 5 on weekdays"),
    Person("Parveen Gill", ECEA, ISLAND, ("infant care", "family engagement"), "Evenings"),
    Person("Tyler Johnston", ECEA, ISLAND, ("outdoor play", "loose parts"), "Weeknights"),
    Person(
        "Yuki Tanaka",
        ECEA,
        ISLAND,
        ("art", "documentation"),
        "Mondays and Thursdays",
        accessibility_needs="I am hard of hearing; a quiet corner helps me follow along.",
    ),
    Person("Leah Fontaine", ECEA, ISLAND, ("self-care", "inclusion"), "Evenings after 6"),
    Person("Abena Owusu", ECEA, ISLAND, ("music", "language development"), "Saturdays"),
    # Instructors' Practice Circle
    Person(
        "Margaret Osei",
        TRAINER,
        LOWER_MAINLAND,
        ("adult learning", "practicum supervision", "inclusion"),
        "Tuesday evenings",
        "she/her",
    ),
    Person("Hugo Lefebvre", TRAINER, VALLEY, ("adult learning", "research"), "Evenings"),
    Person("Shauna Campbell", TRAINER, ISLAND, ("mentoring students", "self-care"), "Weeknights"),
    Person(
        "Deepa Krishnan",
        TRAINER,
        FRASER,
        ("documentation", "adult learning"),
        "Evenings after 7",
    ),
    Person("Ruth Eisenberg", TRAINER, NORTH, ("research", "family engagement"), "Flexible"),
    Person(
        "Carlos Mendoza",
        TRAINER,
        CARIBOO,
        ("practicum supervision", "outdoor play"),
        "Weeknights",
        "he/him",
    ),
    Person("Anika Larsen", TRAINER, KOOTENAYS, ("loose parts", "adult learning"), "Evenings"),
    Person("Ji-woo Park", TRAINER, LOWER_MAINLAND, ("music", "mentoring students"), "Thursdays"),
    # Centre Directors' Table
    Person(
        "Heather Reimer",
        MANAGER,
        FRASER,
        ("leadership", "staff wellbeing", "licensing"),
        "Mornings before 9 or evenings",
    ),
    Person(
        "Simran Bains",
        MANAGER,
        FRASER,
        ("staff wellbeing", "family engagement"),
        "Weekday evenings",
        "she/her",
    ),
    Person("Patrick O'Neill", MANAGER, FRASER, ("leadership", "outdoor play"), "Evenings"),
    Person("Lorraine Cardinal", MANAGER, FRASER, ("inclusion", "leadership"), "Wednesdays"),
    Person(
        "Minh Anh Tran",
        MANAGER,
        LOWER_MAINLAND,
        ("staff wellbeing", "self-care"),
        "Early mornings",
        accessibility_needs="Step-free rooms, please: I use a wheelchair.",
    ),
    Person("Gabriel Ferreira", MANAGER, FRASER, ("licensing", "documentation"), "Evenings"),
    # Signed up, waiting for a group near them: rolling recruitment in action.
    Person("Zara Ahmed", STUDENT, LOWER_MAINLAND, ("inclusion", "music"), "Weekends"),
    Person("Owen MacLeod", STUDENT, CARIBOO, ("outdoor play", "loose parts"), "Evenings"),
    Person("Isabelle Roy", REGULATOR, VALLEY, ("inclusion", "documentation"), "Weekdays"),
    Person("Kiran Bhatt", ECE, KOOTENAYS, ("outdoor play", "self-care"), "Evenings", "he/him"),
    Person("Sarah Blackwood", ECE, CARIBOO, ("infant care", "music"), "Saturday mornings"),
    Person("Daniel Cho", OTHER, LOWER_MAINLAND, ("family engagement", "art"), "Weekday evenings"),
    Person("Amelia Harper", ECEA, FRASER, ("transitions", "outdoor play"), "After 5 on weekdays"),
)


# Most people were placed before the program began; these joined a seat later in the fall.
LATE_JOINERS: dict[str, dt.date] = {"Abena Owusu": dt.date(2026, 10, 19)}


def by_local(local: str) -> Person:
    """One of the demo sign-ins, by the part of their email before @."""
    return next(p for p in PEOPLE if p.local == local)
