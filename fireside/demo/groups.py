"""The demo's groups, who is in each and the agreement each wrote, and the sign-ins the
command prints (see seed.py)."""

from __future__ import annotations

from dataclasses import dataclass

from fireside.communities.models import CommunityRole, Mode
from fireside.demo.people import (
    ECE,
    ECEA,
    FRASER,
    ISLAND,
    MANAGER,
    NORTH,
    ONLINE,
    SUNSHINE,
    TRAINER,
    VALLEY,
)


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
