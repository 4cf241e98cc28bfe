"""A Dutch corpus with planted themes, to measure how well the recurring themes
(samenspel.insights.themes) find what was put in.

Eight themes of a municipal learning programme, each with its own vocabulary in the
forms people write it (singular and plural, diminutives, verb forms: "speelplaats",
"speelplaatsen", "speelplaatsje"; "fietsen", "fietste", "gefietst"), mixed with words
that every text shares (gemeente, inwoners, initiatief, week …) and with Dutch function
words, in varied sentence patterns. Some texts borrow a word of another theme, and a
share of the texts is noise: only shared words, belonging to no theme (label -1).

Deterministic: the same seed gives the same texts. Pure Python, no Django: used by
bench/themes.py (50,000 texts) and by tests/test_insights_themes.py (a few hundred).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Per theme: its words, in the inflections people write. The first few are the theme's
# heart (every text of the theme has at least two of its words).
THEMES: dict[str, list[str]] = {
    "speelplaats": [
        "speelplaats",
        "speelplaatsen",
        "speelplaatsje",
        "kinderen",
        "kind",
        "kindje",
        "spelen",
        "speelt",
        "speelde",
        "gespeeld",
        "schommel",
        "schommels",
        "glijbaan",
        "glijbanen",
        "zandbak",
        "speeltoestel",
        "speeltoestellen",
        "ouders",
        "school",
        "schoolplein",
        "schoolpleinen",
    ],
    "eenzaamheid": [
        "eenzaamheid",
        "eenzaam",
        "eenzame",
        "ouderen",
        "oudere",
        "senioren",
        "senior",
        "bezoek",
        "bezoeken",
        "bezocht",
        "koffieochtend",
        "koffieochtenden",
        "buurthuis",
        "buurthuizen",
        "ontmoeting",
        "ontmoetingen",
        "ontmoeten",
        "alleenstaand",
        "alleenstaande",
        "mantelzorg",
        "mantelzorger",
        "mantelzorgers",
    ],
    "verkeer": [
        "verkeer",
        "verkeersveiligheid",
        "fietspad",
        "fietspaden",
        "fietsen",
        "fietst",
        "fietste",
        "gefietst",
        "fietser",
        "fietsers",
        "snelheid",
        "drempel",
        "drempels",
        "kruispunt",
        "kruispunten",
        "oversteek",
        "oversteken",
        "vrachtwagens",
        "vrachtwagen",
        "auto's",
        "parkeren",
        "geparkeerd",
    ],
    "groen": [
        "groen",
        "groene",
        "bomen",
        "boom",
        "boompje",
        "boompjes",
        "planten",
        "plant",
        "geplant",
        "beplanting",
        "bloemen",
        "bloem",
        "bloembakken",
        "plantsoen",
        "plantsoenen",
        "moestuin",
        "moestuinen",
        "tuinieren",
        "snoeien",
        "gesnoeid",
        "natuur",
        "biodiversiteit",
    ],
    "subsidie": [
        "subsidie",
        "subsidies",
        "subsidieaanvraag",
        "subsidieaanvragen",
        "geld",
        "budget",
        "budgetten",
        "begroting",
        "begrotingen",
        "financiering",
        "financieren",
        "gefinancierd",
        "kosten",
        "kostte",
        "euro",
        "bedrag",
        "bedragen",
        "aanvraag",
        "aanvragen",
        "aangevraagd",
        "betaald",
        "betalen",
    ],
    "vrijwilligers": [
        "vrijwilligers",
        "vrijwilliger",
        "vrijwilligerswerk",
        "vrijwillig",
        "werven",
        "geworven",
        "werving",
        "helpers",
        "helper",
        "helpen",
        "hielpen",
        "geholpen",
        "bestuur",
        "bestuursleden",
        "bestuurslid",
        "vereniging",
        "verenigingen",
        "taken",
        "taak",
        "rooster",
        "roosters",
        "inzet",
    ],
    "communicatie": [
        "communicatie",
        "communiceren",
        "gecommuniceerd",
        "ambtenaar",
        "ambtenaren",
        "gemeentehuis",
        "loket",
        "loketten",
        "mail",
        "mails",
        "gemaild",
        "bellen",
        "gebeld",
        "belde",
        "antwoord",
        "antwoorden",
        "beantwoord",
        "contactpersoon",
        "contactpersonen",
        "informatie",
        "nieuwsbrief",
        "nieuwsbrieven",
    ],
    "energie": [
        "energie",
        "zonnepanelen",
        "zonnepaneel",
        "zonnedak",
        "zonnedaken",
        "isolatie",
        "isoleren",
        "geïsoleerd",
        "warmtepomp",
        "warmtepompen",
        "energiecoöperatie",
        "energiecoöperaties",
        "duurzaam",
        "duurzame",
        "duurzaamheid",
        "stroom",
        "opwekken",
        "opgewekt",
        "energierekening",
        "besparen",
        "bespaard",
        "windmolen",
    ],
}

# Words every text may carry, whatever it is about: they belong to no theme.
SHARED = [
    "gemeente",
    "gemeentelijke",
    "inwoners",
    "inwoner",
    "initiatief",
    "initiatieven",
    "dorp",
    "dorpen",
    "kern",
    "kernen",
    "week",
    "weken",
    "maand",
    "maanden",
    "jaar",
    "plan",
    "plannen",
    "afspraak",
    "afspraken",
    "samen",
    "goed",
    "goede",
    "mensen",
    "idee",
    "ideeën",
    "eerste",
    "keer",
    "verder",
    "project",
    "projecten",
    "overleg",
    "gesprek",
    "gesprekken",
    "bewoners",
    "bewoner",
    "wijk",
    "straat",
    "avond",
    "vorige",
    "volgende",
    "belangrijk",
    "mooi",
    "lastig",
    "snel",
    "langzaam",
]

STOP = [
    "de",
    "het",
    "een",
    "en",
    "van",
    "in",
    "op",
    "met",
    "voor",
    "dat",
    "die",
    "er",
    "is",
    "was",
    "we",
    "ze",
    "ook",
    "nog",
    "maar",
    "om",
    "te",
    "bij",
    "naar",
    "niet",
    "wel",
    "dan",
    "als",
    "hebben",
    "heeft",
    "werd",
    "zijn",
    "door",
    "over",
    "veel",
]

TEMPLATES = [
    "{s} {a} {t} {b} {s} {c}.",
    "We merkten dat {a} en {b} {s} {t} {c}.",
    "{A} {t} {s}: {b} {s} {c}, {d}.",
    "Bij het {x} bleek dat {a} {t} {b}.",
    "De {a} {s} {b} {t} {x} {c} {d}.",
    "Wat leren we? {A} {s} {b}, en {c} {t} {x}.",
    "{A} {b}. {t} {c} {s} {d}!",
    "Volgens de {x} {t} {a} {s} {b} {c} {y}.",
]


@dataclass(frozen=True)
class PlantedText:
    text: str
    label: int  # the planted theme's number; -1 for noise


def _sentence(rng: random.Random, own: list[str], borrowed: list[str]) -> str:
    template = rng.choice(TEMPLATES)
    content = [rng.choice(own) for _ in range(4)] + borrowed
    rng.shuffle(content)
    a, b, c, d = content[:4]
    words = {
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "A": a.capitalize(),
        "s": rng.choice(STOP),
        "t": rng.choice(STOP),
        "x": rng.choice(SHARED),
        "y": rng.choice(SHARED),
    }
    return template.format(**words)


def planted_corpus(
    count: int, *, seed: int = 7, noise: float = 0.05, borrow: float = 0.2
) -> list[PlantedText]:
    """`count` texts, about evenly over the themes; a share `noise` of them only shared
    words (label -1); in a share `borrow`, one word of another theme."""
    rng = random.Random(seed)
    names = list(THEMES)
    texts: list[PlantedText] = []
    for _ in range(count):
        if rng.random() < noise:
            sentence = " ".join(rng.choice(SHARED + STOP) for _ in range(rng.randint(6, 14)))
            texts.append(PlantedText(sentence.capitalize() + ".", -1))
            continue
        label = rng.randrange(len(names))
        own = THEMES[names[label]]
        sentences = []
        for _sentence_number in range(rng.randint(1, 3)):
            borrowed = []
            if rng.random() < borrow:
                other = names[(label + rng.randrange(1, len(names))) % len(names)]
                borrowed = [rng.choice(THEMES[other])]
            sentences.append(_sentence(rng, own, borrowed))
        texts.append(PlantedText(" ".join(sentences), label))
    return texts
