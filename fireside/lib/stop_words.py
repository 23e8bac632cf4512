"""Words that never make a theme: common English and French words, and the words every
community of practice uses about itself (a theme of "gathering" or "group" tells nobody
anything)."""

from __future__ import annotations

from functools import cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FRENCH = _words(
    """
    a à ai aie aient aies ait alors as au aucun aucune aujourd auprès aura aurai auraient
    aurais aurait auras aurez auriez aurions aurons auront aussi autre autres aux avaient
    avais avait avant avec avez aviez avions avoir avons ayant ayez ayons bien c ça ce ceci
    cela celle celles celui cependant certains ces cet cette ceux chaque chez ci comme comment
    d dans de des donc dont du elle elles en encore entre es est et étaient étais était étant
    été êtes étiez étions être eu eue eues eûmes eurent eus eusse eussent eusses eussiez
    eussions eut eût eûtes eux fait faire fais faisait faut fois font furent fus fusse
    fussent fusses fussiez fussions fut fût fûtes ici il ils j je jusqu l la là le les leur
    leurs lors lorsque lui m ma mais me même mêmes mes moi moins mon n ne ni nos notre nous
    on ont ou où par parce pas peu peut peuvent plus pour pourquoi qu quand que quel quelle
    quelles quels qui quoi s sa sans se sera serai seraient serais serait seras serez
    seriez serions serons seront ses si sien sienne son sont sous soyez soyons suis sur t
    ta tandis te tes toi ton tous tout toute toutes très tu un une unes uns vers voici
    voilà vont vos votre vous y
    """
)

# How a group talks about its meetings: these break phrases, like the words above.
GROUP_TALK = _words(
    """
    agreed asked bring brought came come coming did discuss discussed discussing
    discussion does doing done felt feel feeling going got having just know lots maybe
    really said say says talk talked talking tell told tried try trying want wanted went
    yes also able bit kind like make made many much still ok okay ones
    parlé partagé discuté aussi
    """
)

# Words too common to be a theme on their own, that still belong in a phrase
# ("nap time", "work life balance", "group agreement").
WEAK = _words(
    """
    gathering gatherings group groups meeting meetings member members month months week
    weeks year years session sessions time times today thing things way work people good
    great new lot share shared sharing
    groupe groupes rencontre rencontres réunion réunions membres membre mois semaine
    semaines chose choses temps
    """
)


@cache
def stop_words() -> frozenset[str]:
    """Words that end a phrase. scikit-learn is imported only when themes are computed, not
    when Fireside starts."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return (frozenset(ENGLISH_STOP_WORDS) | FRENCH | GROUP_TALK) - WEAK
