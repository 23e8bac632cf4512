"""Names hidden inside free text: whole words, any case or accent, common words only with a
capital, particles never alone, and no listed name ever left in what is shown."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fireside.lib.names import COMMON, PARTICLES, folded, hide_names, names_from

PEOPLE = names_from(
    ["Émilie Tremblay", "Al Smith", "Marie de la Tour", "Will Côté", "Marie-Claude Roy", "jo.ng"]
)


def hidden(text: str) -> str:
    return hide_names(text, PEOPLE, "[name]")


def test_it_hides_first_last_and_full_names_whatever_the_case_or_accents() -> None:
    assert hidden("Émilie made tea.") == "[name] made tea."
    assert hidden("emilie made tea, EMILIE too") == "[name] made tea, [name] too"
    assert hidden("Thanks to Emilie Tremblay!") == "Thanks to [name]!"
    assert hidden("Ask TREMBLAY.") == "Ask [name]."
    assert hidden("Merci d'Émilie et de Marie-Claude") == "Merci d'[name] et de [name]"


def test_it_leaves_names_inside_other_words_alone() -> None:
    assert hidden("I also liked the almonds") == "I also liked the almonds"
    assert hidden("Al liked it, also Al's tea") == "[name] liked it, also [name]'s tea"
    assert hidden("emilies and tremblays") == "emilies and tremblays"


def test_it_hides_a_name_that_is_a_common_word_only_with_a_capital() -> None:
    assert hidden("I will come, Will said") == "I will come, [name] said"
    assert hidden("Smith was there; the smith was not") == "[name] was there; the smith was not"
    assert hidden("côté jardin, avec Côté") == "côté jardin, avec [name]"
    assert hidden("will côté came") == "[name] came"  # the whole name, in any case


def test_it_never_hides_a_particle_alone_but_hides_the_whole_name() -> None:
    assert hidden("De la part de Marie de la Tour.") == "De la part de [name]."
    assert hidden("On a fait le tour de la salle.") == "On a fait le tour de la salle."
    assert hidden("Un tour avec Tour") == "Un tour avec [name]"


def test_it_hides_a_display_name_taken_from_an_email() -> None:
    assert hidden("jo.ng helped, and Jo too") == "[name] helped, and [name] too"
    assert hidden("Ng!") == "[name]!"


def test_names_of_one_letter_are_kept_and_text_without_names_is_unchanged() -> None:
    assert hide_names("A B c", names_from(["A B", "c"]), "[name]") == "A B c"
    assert hide_names("Hello", names_from([]), "[name]") == "Hello"
    assert hide_names("", PEOPLE) == ""


def test_the_mark_is_translated() -> None:
    from django.utils import translation

    with translation.override("fr-ca"):
        assert hide_names("Émilie", PEOPLE) == "[nom]"
    assert hide_names("Émilie", PEOPLE) == "[name]"


LETTERS = "abcdefghijklmnopqrstuvwxyzéèàçôîÉÈÀÇÔÎABCDEFGHIJKLMNOPQRSTUVWXYZ"
name_word = st.text(alphabet=LETTERS, min_size=2, max_size=10).filter(
    lambda w: folded(w) not in COMMON | PARTICLES
)
person = st.lists(name_word, min_size=1, max_size=3).map(" ".join)
filler = st.text(alphabet=LETTERS + "  .,;:!?'’-_\n0123456789🙂«»", max_size=20)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(person, min_size=1, max_size=5),
    st.lists(st.tuples(filler, st.booleans()), max_size=8),
)
def test_no_listed_name_survives(people: list[str], pieces: list[tuple[str, bool]]) -> None:
    names = names_from(people)
    text, n = "", 0
    for piece, with_name in pieces:
        text += piece
        if with_name:  # a name as written, or in other cases, between spaces
            name = people[n % len(people)]
            text += " " + (name, name.upper(), name.lower(), folded(name))[n % 4] + " "
            n += 1
    shown = hide_names(text, names, "#")
    words = {folded(w) for w in re.findall(r"[^\W_]+", shown)}
    assert not words & names.single


@settings(deadline=None)
@given(st.text(alphabet=LETTERS + " .,'-", max_size=60))
def test_text_without_any_listed_name_is_unchanged(text: str) -> None:
    names = names_from(["Zzyzx Qwvrt"])
    if "zzyzx" not in folded(text) and "qwvrt" not in folded(text):
        assert hide_names(text, names, "#") == text
