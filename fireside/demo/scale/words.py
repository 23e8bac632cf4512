"""The vocabulary of the scale dataset: invented names, places and the everyday things
educators say to each other, combined at random into text that reads like a real group's."""

from __future__ import annotations

_first_names = (
    "Ada Adrien Aiko Alba Alejandro Amani Amira Anouk Arjun Ayesha Bea Benoît Bilal Bronwyn "
    "Caleb Camille Carmen Chidi Clara Dalia Daniel Delphine Deepa Eamon Elena Elodie Emeka "
    "Esme Farah Felix Fiona Gabriel Gemma Hana Hugo Ibrahim Ilse Imani Inés Isaac Jana Jasper "
    "Jia Joanna Jonah Kai Kamala Keira Kenji Laila Lena Liam Lina Lorenzo Lucía Mae Mahnoor "
    "Malik Mara Mateo Maya Mei Mihai Nadia Naomi Nia Nils Noa Odile Olu Omar Oona Pablo Paz "
    "Petra Quinn Rafael Rana Reza Rhea Rosa Ruth Sami Sana Santiago Selin Shira Siddharth "
    "Sofia Solène Tamar Teodor Thandiwe Theo Uma Valentina Vera Wen Willa Xavier Yara Yusuf "
    "Zainab Zoé"
)
FIRST_NAMES = tuple(_first_names.split())

_last_names = (
    "Abara Achebe Alvarez Amundsen Arsenault Bakshi Balogun Beaulieu Bergström Bianchi "
    "Bouchard Castillo Chen Cardinal Dahl Desrosiers Duarte Ekwueme Fairweather Fontaine "
    "Gagnon Galloway Gill Haddad Halvorsen Hoang Ibáñez Iwu Jensen Joshi Kaur Keller Kowalski "
    "Laroche Lefebvre Lindqvist MacLeod Mahmoud Marchetti Mensah Moreau Nakagawa Nguyen "
    "Novak Oduya Okonkwo Olsen Ortega Paquette Patel Pelletier Quispe Rahimi Reyes Rossi "
    "Sato Schmidt Silva Singh Sørensen Tanaka Thibault Torres Tremblay Umeh Valdés Vasquez "
    "Wainwright Walker Whitehorse Xu Yamamoto Yilmaz Zhang Zielinski"
)
LAST_NAMES = tuple(_last_names.split())

REGIONS = (
    "Lower Mainland",
    "Fraser Valley",
    "Vancouver Island",
    "Sunshine Coast",
    "Okanagan",
    "Kootenays",
    "Cariboo",
    "Northern Interior",
    "Peace River",
    "Thompson",
    "Haida Gwaii",
    "Sea to Sky",
    "Capital Region",
    "Comox Valley",
    "Skeena",
    "Boundary",
    "Shuswap",
    "Similkameen",
    "Bulkley Valley",
    "Central Coast",
)

PLACES = (
    "the public library, program room",
    "the community centre, room B",
    "a café on Main Street",
    "the family resource centre",
    "the neighbourhood house",
    "the college's early learning lab",
    "the recreation centre's meeting room",
    "a park shelter by the playground",
)

CIRCLE_WORDS = (
    "Circle",
    "Table",
    "Collective",
    "Practice Group",
    "Hub",
    "Commons",
    "Network",
    "Porch",
)

FOCUS = (
    "Outdoor Play",
    "Infant & Toddler",
    "Inclusion",
    "Documentation",
    "Family Connections",
    "Emergent Curriculum",
    "Early Literacy",
    "Loose Parts",
    "Nature",
    "New Educators",
    "Evening",
    "Rural Educators",
)

PURPOSES = (
    "A small, steady group for educators who want to {verb} together, one month at a time.",
    "We meet to share what works, what doesn't, and what we want to {verb} next.",
    "A place to slow down, swap stories from the floor and {verb} with people who get it.",
    "Educators from nearby programs who want to {verb} and keep each other going.",
)
PURPOSE_VERBS = (
    "think about transitions",
    "try new ideas outdoors",
    "grow our documentation",
    "talk about families",
    "share resources",
    "reflect on our practice",
)

THREAD_TITLES = (
    "Transitions after nap time",
    "How do you set up a calm-down corner?",
    "Our first week with loose parts",
    "Ideas for rainy-day gross motor play",
    "Talking to families about risky play",
    "What are you reading this month?",
    "A win with a child who rarely speaks",
    "Handling drop-off tears",
    "Documentation that families actually read",
    "Planning for a mixed-age room",
    "Song suggestions for tidy-up",
    "Keeping energy up in February",
    "Garden beds on a shoestring",
    "Visual schedules: laminated or not?",
    "When a colleague is burning out",
    "Bringing the outside in",
    "Supporting children learning English",
    "Snack time conversations",
    "Our sensory table this week",
    "Questions for next gathering's guest",
)

OPENERS = (
    "This week",
    "Yesterday afternoon",
    "At drop-off today",
    "During outdoor time",
    "After our last gathering",
    "In my toddler room",
    "On Friday",
    "Over the holidays",
)
ACTIONS = (
    "we tried",
    "I finally tested",
    "a colleague suggested",
    "the children invented",
    "we went back to",
    "I noticed how much they liked",
    "our team rearranged",
    "we dropped",
)
THINGS = (
    "a two-minute warning with a sand timer",
    "a basket of pine cones and scarves",
    "the visual schedule by the door",
    "singing the clean-up song softly",
    "a quiet corner with cushions",
    "photos of the children's block towers",
    "a walk to the creek before lunch",
    "a family message board",
    "small-group snack tables",
    "a puddle-jumping morning",
    "a story basket for transitions",
    "a mirror at toddler height",
)
AFTERS = (
    "and the afternoon felt calmer.",
    "and two families asked about it.",
    "which gave the shy ones a way in.",
    "though it took a few days to settle.",
    "and I want to keep it going.",
    "but the room got loud again by three.",
    "and nobody wanted to go back inside.",
    "so I'm curious what you would change.",
)
CLOSERS = (
    "Has anyone else tried something like it?",
    "Happy to share photos at the next gathering.",
    "Thanks for the idea last month!",
    "I'd love your thoughts before Tuesday.",
    "Small thing, but it made my week.",
    "Tell me if this sounds familiar.",
)

NOTES_LINES = (
    "We opened with one good moment each: a first independent coat zip, a new word, a calm "
    "goodbye at the door.",
    "Most of the time went to transitions, and how a quiet signal beats a louder voice.",
    "Two members brought photos of their outdoor spaces, without children, and we compared "
    "what invites climbing.",
    "We unpacked a short article on self-regulation and agreed it matched what we see.",
    "The group asked for more time on family communication next month.",
    "A member shared how she adapted the loose-parts list for infants.",
    "We talked through a hard week honestly, and kept it in the room.",
)
ACTION_POINTS = (
    "Try a visual cue before tidy-up for two weeks",
    "Bring one photo of a learning space next time",
    "Share the song list in our space",
    "Ask families one open question at pick-up",
    "Read the short article before we meet",
    "Swap one loose-parts idea with your peer partner",
)
AGENDA = (
    ("Arrivals and a good moment", "recognition", 10),
    ("A story from the floor", "story_sharing", 30),
    ("Something to try this month", "activity", 25),
    ("More or less: what to keep, what to change", "more_or_less", 10),
    ("Unpacking a short article", "research", 20),
    ("Open conversation", "open_discussion", 15),
)
DEBRIEF_LOGISTICS = (
    "Started on time; the room was warm and quiet.",
    "Two people joined late from work; worth a gentle reminder of the time.",
    "The video link worked well this time.",
)
DEBRIEF_THREADS = (
    "Transitions and tired afternoons again.",
    "Families and how to share documentation.",
    "Wanting more time outdoors in winter.",
)
DEBRIEF_WONDERINGS = (
    "Would a guest from the health unit help next month?",
    "Could pairs take the lead on the next story round?",
    "Is the group ready for a showcase?",
)

RESOURCE_TITLES = (
    "Loose parts list for infants",
    "Visual schedule templates",
    "Family newsletter starter",
    "Outdoor risk-benefit form",
    "Songs for transitions",
    "Observation notes page",
    "Sensory bin recipes",
    "Reading list on self-regulation",
)
TAGS = ("outdoor", "families", "infants", "toddlers", "transitions", "planning", "art", "music")

TERMS = ("Loose parts", "Risky play", "Emergent curriculum", "Documentation", "Co-regulation")
PERSPECTIVES = (
    "For me it means letting the children lead and following with interest.",
    "I think of it as making learning visible to the children and their families.",
    "It is about trusting children with real materials and real challenges.",
    "We use it to describe how adults lend their calm before children find their own.",
)

RECOGNITIONS = (
    "Thank you for the song list, my room loved it.",
    "You made the new member feel so welcome.",
    "Your story last month stayed with me all week.",
    "Thanks for covering the notes when I was away.",
)

REFLECTIONS = (
    "I noticed I rush the mornings. When I slowed down, the children did too.",
    "I tried the sand timer and it helped some children and not others.",
    "Talking with my peer partner reminded me why I came into this work.",
    "I want to bring more of the outdoors into our room this winter.",
)
EXCERPTS = (
    "Slowing down in the mornings changed the whole day.",
    "My peer partner helped me feel less alone.",
    "I feel more confident talking with families.",
)

NOTIFICATIONS = (
    "New conversation: {title}",
    "{name} replied to {title}",
)

INTERESTS = (
    "outdoor play",
    "inclusion",
    "documentation",
    "family engagement",
    "music",
    "art",
    "leadership",
    "self-care",
    "emergent curriculum",
)
AVAILABILITY = (
    "Weekday evenings after 6",
    "Saturday mornings",
    "Tuesday to Thursday, after work",
    "Weekends",
    "Lunch breaks",
)
ZONES = ("America/Vancouver", "America/Edmonton", "America/Toronto", "America/Halifax")
