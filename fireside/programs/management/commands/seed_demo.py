"""Fill an empty Fireside with a believable, entirely fictional peer-mentoring program.

Run it once after `migrate` to explore the product as each kind of person. Running it again
changes nothing: the demo program's name marks the demo as present.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from fireside.accounts.models import RoleType, User
from fireside.activities.demo import seed_activities
from fireside.announcements.demo import seed_announcement
from fireside.communities.actions import check_create_community, check_join, do_assign_role
from fireside.communities.demo import seed_pictures
from fireside.communities.mentors import check_assign_mentor
from fireside.communities.models import Community, CommunityRole, Membership, Mode
from fireside.conversations.demo import seed_challenge, seed_conversation, seed_unread
from fireside.enrolment.demo import seed_enrolment_preview
from fireside.gatherings.demo import seed_date_poll, seed_debrief_call, seed_gatherings, seed_guest
from fireside.hours.demo import seed_recorded_time
from fireside.invitations.demo import seed_invitations
from fireside.library.demo import seed_library
from fireside.mentoring.demo import seed_peer_mentoring
from fireside.mentoring.demo_partners import seed_partner_requests
from fireside.programs.actions import check_create_program, do_add_program_staff
from fireside.programs.demo import seed_help, seed_words
from fireside.programs.models import Program, ProgramStaff
from fireside.surveys.demo import seed_surveys

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


@dataclass(frozen=True)
class Group:
    name: str
    purpose: str
    audience: str
    region: str
    mode: str
    capacity: int
    meeting_place: str
    why: str  # the agreement's opening line, in the group's own words
    never_name: str  # what must stay anonymous in stories; leaders and trainers add their own
    shared: str
    how_we_meet: str
    members: tuple[str, ...]  # names; the first is the facilitator
    roles: tuple[tuple[str, str], ...] = ()  # (name, role) beyond the facilitator
    waitlist: tuple[str, ...] = ()
    rhythm: str = ""


GROUPS: tuple[Group, ...] = (
    Group(
        name="Tidewater Outdoor Play Circle",
        rhythm="every second Saturday morning, 9:30–11",
        purpose=(
            "For educators who take children outside in every season and want to grow braver "
            "and wiser about it. We swap ideas for risky play, loose parts and rainy-day gear, "
            "and we walk a short stretch of trail together while we talk. Expect muddy boots "
            "and good questions."
        ),
        audience=ECE,
        region=SUNSHINE,
        mode=Mode.IN_PERSON,
        capacity=10,
        meeting_place="Salal Creek trailhead, by the map board (heavy rain: Harbourview "
        "Community Centre, Room 3)",
        why=(
            "To feel more confident taking children outdoors, and to learn from each other's "
            "experience in all kinds of weather."
        ),
        never_name="children, families, co-workers or workplaces",
        shared=(
            "The facilitator and co-facilitator hold the plan for now. Anyone can offer to lead "
            "the walk or bring an activity to try, and we rotate roles halfway through the year."
        ),
        how_we_meet=(
            "We meet outside on the trail most months. Dress for the weather, and tell the "
            "facilitator privately if the walk is hard for you: we will change the route. In "
            "heavy rain we move indoors to the community centre."
        ),
        members=(
            "Amara Okafor",
            "Lucas Tremblay",
            "Siobhan Kelly",
            "Jasmine Dhillon",
            "Mateo Rossi",
            "Hana Sato",
            "Bridget Mercredi",
        ),
        roles=(("Siobhan Kelly", CommunityRole.Role.CO_FACILITATOR),),
    ),
    Group(
        name="Valley Infant & Toddler Circle",
        rhythm="the first and third Tuesday evening of the month, 7–8:30 pm",
        purpose=(
            "A circle for educators who spend their days with the youngest children. We talk "
            "about primary caregiving, calm transitions, sleep and feeding routines, and how to "
            "help families feel at home from the first day. Some of us meet at the library and "
            "some join by video, so choose what fits your week."
        ),
        audience=ECE,
        region=VALLEY,
        mode=Mode.HYBRID,
        capacity=12,
        meeting_place="Orchard Street Library, Community Room (or by video from home)",
        why=(
            "To support each other in caring well for infants and toddlers, and to keep "
            "learning about the routines and relationships that matter most in the early years."
        ),
        never_name="children, families, co-workers or workplaces",
        shared=(
            "Our organiser keeps the calendar and our facilitators guide the conversation, but "
            "the agenda belongs to all of us: propose topics, vote on them, and take a turn "
            "hosting an activity."
        ),
        how_we_meet=(
            "We meet in the library's community room, with a video link for anyone joining from "
            "home. People in the room and people on screen get the same turns to speak."
        ),
        members=(
            "Olivia Bergeron",
            "Ananya Iyer",
            "Kwame Mensah",
            "Chloé Gagnon",
            "Mei Lin Chow",
            "Rebecca Friesen",
            "Fatima Siddiqui",
            "Jordan Lavallee",
            "Sofia Marchetti",
            "Aaliyah Thompson",
            "Ivana Petrović",
            "Nadia Kowalczyk",
        ),
        roles=(
            ("Kwame Mensah", CommunityRole.Role.CO_FACILITATOR),
            ("Ananya Iyer", CommunityRole.Role.ORGANISER),
        ),
        waitlist=("Emily Wong", "Gurleen Sandhu"),
    ),
    Group(
        name="Northern Lights Online Circle",
        rhythm="every second Wednesday, 7–8 pm",
        purpose=(
            "Many of us work in small or remote programs where we are the only educator for "
            "miles. This online circle brings us together once a month to share documentation, "
            "think aloud about tricky moments, and remind each other that we are not on our own. "
            "Cameras are optional and joining by phone is fine."
        ),
        audience=ECE,
        region=NORTH,
        mode=Mode.ONLINE,
        capacity=10,
        meeting_place=ONLINE,
        why=(
            "To ease the isolation of working in small and remote programs, and to sharpen our "
            "documentation and reflection together."
        ),
        never_name="children, families, co-workers or workplaces",
        shared=(
            "Each month a different member opens with a short story from their practice. The "
            "facilitator keeps time and sends the invites."
        ),
        how_we_meet=(
            "We meet by video. Cameras are optional, writing in the chat counts as speaking, "
            "and calling in by phone is always fine. If your connection drops, come back when "
            "you can; no explanation needed."
        ),
        members=(
            "Colleen McAllister",
            "Samuel Joseph",
            "Rosa Delgado",
            "Binh Nguyen",
            "Tanis Laboucan",
            "Elif Yilmaz",
        ),
    ),
    Group(
        name="Island Assistants' Circle",
        rhythm="the last Thursday of the month, after work (5:30–7 pm)",
        purpose=(
            "A welcoming group for early childhood educator assistants, including people who are "
            "new to the field or working toward their full certificate. We share practical ideas "
            "for the floor, talk through how to ask for what we need, and celebrate small wins "
            "together over tea."
        ),
        audience=ECEA,
        region=ISLAND,
        mode=Mode.IN_PERSON,
        capacity=8,
        meeting_place="Kettle & Fern Café, the long table upstairs",
        why=(
            "To build confidence in our role as assistants and to share practical ideas we can "
            "use on the floor the very next day."
        ),
        never_name="children, families, co-workers or workplaces",
        shared=(
            "We take turns bringing snacks and choosing an opening question. Anyone can suggest "
            "a topic between gatherings."
        ),
        how_we_meet=(
            "We meet upstairs at the café on a weekday evening. If the stairs or the noise are a "
            "problem for you, tell the facilitator and we will find another spot."
        ),
        members=(
            "Marisol Cruz",
            "Ashley Dubois",
            "Parveen Gill",
            "Tyler Johnston",
            "Yuki Tanaka",
            "Leah Fontaine",
            "Abena Owusu",
        ),
    ),
    Group(
        name="Instructors' Practice Circle",
        rhythm="monthly, on the second Friday at noon",
        purpose=(
            "For people who teach and mentor the next generation of educators, in colleges, "
            "training programs and practicum placements. We compare what helps adult learners "
            "connect theory and practice, trade course activities, and think together about "
            "supporting students who are struggling."
        ),
        audience=TRAINER,
        region="Province-wide",
        mode=Mode.ONLINE,
        capacity=10,
        meeting_place=ONLINE,
        why=(
            "To strengthen how we teach and mentor future educators, and to share what helps "
            "adult learners link what they read with what they do."
        ),
        never_name="students, children, families, practicum sites or institutions",
        shared=(
            "The organiser keeps the schedule. Members take turns unpacking a piece of research "
            "or bringing a course activity to try out on the group."
        ),
        how_we_meet=(
            "We meet online in the evening. Course materials shared here may be adapted for your "
            "own teaching only once their author has said yes."
        ),
        members=(
            "Margaret Osei",
            "Hugo Lefebvre",
            "Shauna Campbell",
            "Deepa Krishnan",
            "Ruth Eisenberg",
            "Carlos Mendoza",
            "Anika Larsen",
            "Ji-woo Park",
        ),
        roles=(("Hugo Lefebvre", CommunityRole.Role.ORGANISER),),
    ),
    Group(
        name="Centre Directors' Table",
        rhythm="monthly, on the first Monday, 6:30–8 pm",
        purpose=(
            "Leading a centre can be lonely. This table is for managers and directors who want a "
            "confidential place to talk about staffing, team culture, working with families and "
            "licensing visits, and to look after their own wellbeing while they look after "
            "everyone else's."
        ),
        audience=MANAGER,
        region=FRASER,
        mode=Mode.HYBRID,
        capacity=8,
        meeting_place="Millbrook Community Centre, Room 2, or online (video link sent with "
        "invites)",
        why=(
            "To give centre leaders a safe place to think out loud about leading people, and to "
            "look after ourselves in a demanding role."
        ),
        never_name="staff, children, families or centres",
        shared=(
            "Each of us hosts one gathering during the year and chooses its focus. The "
            "facilitator and co-facilitator help plan and keep time."
        ),
        how_we_meet=(
            "We alternate between the community centre and meeting online, so people with long "
            "drives can still take part. Nothing said here is used in hiring, performance or "
            "licensing conversations."
        ),
        members=(
            "Heather Reimer",
            "Simran Bains",
            "Patrick O'Neill",
            "Lorraine Cardinal",
            "Minh Anh Tran",
            "Gabriel Ferreira",
        ),
        roles=(("Simran Bains", CommunityRole.Role.CO_FACILITATOR),),
    ),
)

SIGN_INS: tuple[tuple[str, str], ...] = (
    ("staff", "site operator (admin screens)"),
    ("coordinator", "program coordinator: runs the program, opens groups, sees reports"),
    ("mentor", "program mentor: supports the facilitators after each gathering"),
    ("facilitator", f"facilitator of {GROUPS[0].name}"),
    ("member", f"member of {GROUPS[0].name}"),
    ("newcomer", "early childhood educator not yet in a group: try finding and joining one"),
)


def agreement_text(group: Group) -> str:
    return (
        f"## Why we are here\n\n{group.why}\n\n"
        "## What we share, and what we keep out\n\n"
        "We bring stories from our practice: what we tried, what went well, what we are still "
        f"puzzling over. We do not name {group.never_name}. If a story needs detail, change "
        "it so that no one could be recognised.\n\n"
        "## Confidentiality\n\n"
        "What is shared in this group stays in this group. If you want to pass on someone's "
        "story or idea outside the group, ask its author first, and only go ahead with their "
        "permission.\n\n"
        "## How we talk to each other\n\n"
        "We use kind, plain language and assume good intentions. It is fine to disagree: we do "
        "it respectfully, about ideas rather than people, and we listen before we answer.\n\n"
        "## Room for everyone\n\n"
        "We leave space for quieter voices and keep our turns short, so everyone who wants to "
        "speak can. Writing in the group space counts as taking part, and anyone may pass.\n\n"
        f"## Shared responsibility\n\n{group.shared}\n\n"
        f"## How we meet\n\n{group.how_we_meet}\n"
    )


def _check_data() -> None:
    """Catch mistakes in the tables above before anything is written."""
    by_name = {p.name: p for p in PEOPLE}
    if len(by_name) != len(PEOPLE) or len({p.email for p in PEOPLE}) != len(PEOPLE):
        raise CommandError("Demo people must have unique names and emails.")
    for group in GROUPS:
        for name in (*group.members, *group.waitlist, *(n for n, _ in group.roles)):
            person = by_name.get(name)
            if person is None:
                raise CommandError(f"{name} is in {group.name} but not in PEOPLE.")
            # Groups are role-homogeneous on purpose: people speak more freely among peers.
            if person.role_type != group.audience:
                raise CommandError(f"{name} is not a {group.audience} but is in {group.name}.")
        if len(group.members) > group.capacity:
            raise CommandError(f"{group.name} has more members than seats.")


def _ensure_people() -> dict[str, User]:
    emails = [p.email for p in PEOPLE]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    hashed = make_password(DEMO_PASSWORD)  # hashing is slow by design: once, not sixty times
    now = timezone.now()
    User.objects.bulk_create(
        User(
            email=p.email,
            password=hashed,
            name=p.name,
            pronouns=p.pronouns,
            role_type=p.role_type,
            region=p.region,
            interests=list(p.interests),
            availability=p.availability,
            accessibility_needs=p.accessibility_needs,
            # The demo's people said yes to telling their facilitators (the profile's box).
            share_accessibility_needs=bool(p.accessibility_needs),
            is_staff=p.is_staff,
            email_verified_at=now,
        )
        for p in PEOPLE
        if p.email not in existing
    )
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    return {p.name: users[p.email] for p in PEOPLE}


def _by_local(local: str) -> Person:
    return next(p for p in PEOPLE if p.local == local)


def _at(day: dt.date, hour: int, program: Program) -> dt.datetime:
    """A moment on a demo day in the program's time zone, never later than now."""
    moment = dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(program.timezone))
    return min(moment, timezone.now())


def _joined_on(program: Program, group_index: int, member_index: int, name: str) -> dt.date:
    """People enrolled in the weeks before the program began (a few later), so every
    gathering they are recorded at took place while they were in the group."""
    day = LATE_JOINERS.get(name) or (
        program.starts_on - dt.timedelta(days=21 - (group_index * 3 + member_index) % 14)
    )
    return min(day, timezone.localdate())


def _backdate(community: Community, group: Group, program: Program, index: int) -> None:
    """Actions date what they do today; the demo's group began before its first gathering."""
    opened = program.starts_on - dt.timedelta(days=28)
    Community.objects.filter(pk=community.pk).update(created_at=_at(opened, 10, program))
    community.agreements.update(created_at=_at(opened, 10, program))
    joined: dict[int, dt.date] = {}
    for place in Membership.objects.filter(
        community=community, status=Membership.Status.ACTIVE
    ).select_related("user"):
        day = _joined_on(program, index, group.members.index(place.user.name), place.user.name)
        joined[place.user_id] = day
        place.joined_on = day
        # Read and accepted the agreement the evening after being placed.
        place.agreement_accepted_at = _at(day + dt.timedelta(days=1), 20, program)
        place.save(update_fields=["joined_on", "agreement_accepted_at"])
    for role in CommunityRole.objects.filter(community=community):
        when = _at(joined[role.user_id] + dt.timedelta(days=2), 9, program)
        CommunityRole.objects.filter(pk=role.pk).update(assigned_at=when, confirmed_at=when)
    for n, place in enumerate(
        Membership.objects.filter(community=community, status=Membership.Status.WAITLISTED)
    ):
        asked = program.starts_on + dt.timedelta(days=30 + 9 * n)
        Membership.objects.filter(pk=place.pk).update(requested_at=_at(asked, 12, program))


def _seed_group(group: Group, program: Program, actor: User, users: dict[str, User]) -> None:
    community = check_create_community(
        actor=actor,
        program=program,
        name=group.name,
        purpose=group.purpose,
        audience=group.audience,
        region=group.region,
        mode=group.mode,
        capacity=group.capacity,
        meeting_place=group.meeting_place,
        rhythm=group.rhythm,
        agreement=agreement_text(group),
    )
    # The demo members join as everyone does: by accepting the group's agreement.
    for name in group.members:
        check_join(user=users[name], community=community, agree_to_agreement=True)
    roles = ((group.members[0], CommunityRole.Role.FACILITATOR), *group.roles)
    for name, role in roles:
        do_assign_role(actor=actor, community=community, user=users[name], role=role)
    # No action puts someone on a waitlist on their behalf: only a full group's join does.
    for name in group.waitlist:
        Membership.objects.create(
            community=community, user=users[name], status=Membership.Status.WAITLISTED
        )


def seed() -> Program:
    _check_data()
    users = _ensure_people()
    staff = users[_by_local("staff").name]
    coordinator = users[_by_local("coordinator").name]
    program = check_create_program(actor=staff, **PROGRAM)
    do_add_program_staff(
        actor=staff, program=program, user=coordinator, role=ProgramStaff.Role.COORDINATOR
    )
    for mentor in (users[_by_local("mentor").name], users["Grace Nakamura-Boyd"]):
        do_add_program_staff(
            actor=coordinator, program=program, user=mentor, role=ProgramStaff.Role.MENTOR
        )
    ProgramStaff.objects.filter(program=program).update(
        added_at=_at(program.starts_on - dt.timedelta(days=45), 11, program)
    )
    Program.objects.filter(pk=program.pk).update(
        created_at=_at(program.starts_on - dt.timedelta(days=60), 11, program)
    )
    for index, group in enumerate(GROUPS):
        _seed_group(group, program, coordinator, users)
        _backdate(Community.objects.get(program=program, name=group.name), group, program, index)
    mentors = [users[_by_local("mentor").name], users["Grace Nakamura-Boyd"]]
    # Each mentor supports a few groups: the demo mentor the demo facilitator's and every
    # other one after it, Grace the rest.
    for index, community in enumerate(Community.objects.filter(program=program).order_by("pk")):
        check_assign_mentor(
            actor=coordinator, community=community, mentor=mentors[index % len(mentors)]
        )
    for community in Community.objects.filter(program=program).order_by("pk"):
        seed_gatherings(community, mentors=mentors)
    # The demo facilitator has proposed a time to talk their latest gathering over.
    seed_debrief_call(Community.objects.get(program=program, name=GROUPS[0].name))
    # And has invited a guest to the next one.
    seed_guest(Community.objects.get(program=program, name=GROUPS[0].name))
    # And has told the whole group what to bring next time.
    seed_announcement(Community.objects.get(program=program, name=GROUPS[0].name))
    # And runs a "more or less" round at the next one, where the demo member practises a
    # session with the group's feedback.
    seed_activities(
        Community.objects.get(program=program, name=GROUPS[0].name), _by_local("member").email
    )
    # And has asked the group a question between gatherings; the demo member's answer waits
    # as a draft (a quote and a few words), to preview, finish and post.
    seed_conversation(
        Community.objects.get(program=program, name=GROUPS[0].name),
        asker=users[_by_local("facilitator").name],
        answerer=users[GROUPS[0].members[2]],
        writer=users[_by_local("member").name],
    )
    # Its members talk between gatherings: a mention, and reactions including "Me too".
    seed_challenge(Community.objects.get(program=program, name=GROUPS[0].name))
    # And asked the group a question; two answers came after the demo member last read it.
    seed_unread(
        Community.objects.get(program=program, name=GROUPS[0].name), [_by_local("member").email]
    )
    # The coordinator and the demo mentor have put a few picks in the program's library.
    seed_library(program, coordinator, mentors[0])
    # The coordinator has invited a few people who have no account yet.
    seed_invitations(program, coordinator, DEMO_DOMAIN)
    # The demo member and facilitator keep this month's reflection, the confidence check and
    # the open surveys to try.
    trying = {_by_local(k).email for k in ("member", "facilitator")}
    # The demo facilitator asks the group which evening suits it; the demo member can answer.
    seed_date_poll(
        Community.objects.get(program=program, name=GROUPS[0].name), keep_for_trying=trying
    )
    seed_peer_mentoring(program, keep_for_trying=trying)
    # Members choose their partners here; in the last group, one has asked another.
    seed_partner_requests(program)
    seed_recorded_time(program, keep_for_trying=trying)
    seed_surveys(program, keep_for_trying=trying)
    # The coordinator checked a file of newcomers: one date to correct before enrolling them.
    seed_enrolment_preview(program, coordinator, DEMO_DOMAIN)
    # Drawn pictures (no faces): every group's cover, and a photo for a few of its people.
    named = [_by_local(k).name for k in ("facilitator", "member")]
    chosen = dict.fromkeys([*named, *GROUPS[0].members[1:4]])
    seed_pictures(program, people=[users[name] for name in chosen])
    # Questions and answers, the person to ask, and a group someone would like to start.
    seed_help(
        program,
        contact_email=_by_local("coordinator").email,
        proposer=users["Amara Okafor"],
    )
    # The program's own word for its groups, and a change of role for the coordinator.
    assistants = next(g for g in GROUPS if g.audience == ECEA)
    seed_words(program, actor=coordinator, asking=users[assistants.members[-1]])
    return program


class Command(BaseCommand):
    help = "Create a fictional demo program with communities and people. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        if Program.objects.filter(name=PROGRAM["name"]).exists():
            self.stdout.write("The demo program is already here; nothing was changed.")
        else:
            # All or nothing, so a failed run leaves no half-built demo behind to trip the next.
            with transaction.atomic():
                program = seed()
            people = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count()
            groups = Community.objects.filter(program=program).count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {program.name}: {groups} communities, {people} people."
                )
            )
        self.stdout.write(f"\nDemo sign-ins (password for all: {DEMO_PASSWORD}):")
        for local, what in SIGN_INS:
            self.stdout.write(f"  {_by_local(local).email:<34} {what}")
