"""The Dutch interface speaks with one voice: the glossary's word for every concept
(docs/glossary.md), and no English left on a Dutch page, in every phase of a cycle."""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

import samenspel
from samenspel.cycles import services
from samenspel.cycles.constants import CycleState, Decision
from samenspel.programmes.constants import InitiativeStatus, Role
from tests.factories import CycleFactory, ExpectationFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(samenspel.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
TODAY = datetime.date.today()

# The phase badge, the picture's legend, the planning and the history all use these.
PHASE_WORDS = {
    CycleState.DRAFT: "Verwachting",
    CycleState.ACTING: "Uitvoeren",
    CycleState.REVIEWED: "Bijsturing",
    CycleState.CLOSED: "Afgerond",
    CycleState.ABANDONED: "Gestopt",
}

# Words the glossary replaced; none may come back in the Dutch catalogue.
RETIRED = [
    "leertraject",  # programme: programma
    "handelen",  # acting: uitvoeren
    "afgebroken",  # abandoned: gestopt
    "afbreken",
    "eigen bijdrage",  # reads as a care co-payment; money is medefinanciering
    "notitie",  # an entry of the log: waarneming
    "overdue",  # te laat
    "mutatie",
]


def translations() -> list[str]:
    """Every Dutch msgstr of the catalogue, placeholders left out."""
    text = CATALOGUE.read_text(encoding="utf-8")
    found = []
    for block in text.split("\n\n")[1:]:
        msgstr = block[block.find("\nmsgstr") :]
        found.append(re.sub(r"%\(\w+\)\.?\d?[sd]", "", "".join(re.findall(r'"(.*)"', msgstr))))
    return found


def entries() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry of the catalogue (the plural forms joined)."""
    found = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]:
        parts: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgid_plural ", "msgstr")):
                key = line.split(" ", 1)[0].split("[", 1)[0]
            elif not line.startswith('"'):
                continue
            parts[key] = parts.get(key, "") + "".join(re.findall(r'"(.*)"', line))
        found.append((parts.get("msgid", ""), parts.get("msgstr", "")))
    return found


# Money in the source strings: never translated with the session's word "bijdrage".
MONEY = re.compile(r"municipal|co-invest|funding|budget|euro|€", re.IGNORECASE)


def test_bijdrage_is_a_persons_input_in_a_session_never_money():
    money = [(i, s) for i, s in entries() if MONEY.search(i)]
    assert money  # the funding labels are in the catalogue
    assert not [(i, s) for i, s in money if "bijdrage" in s.lower()]
    with translation.override("nl"):
        assert "bijdrage" in gettext("Your contribution").lower()


def test_the_phases_have_the_glossary_words():
    with translation.override("nl"):
        assert {state: str(state.label) for state in CycleState} == PHASE_WORDS
        assert str(InitiativeStatus.COMPLETED.label) == "Afgerond"


@pytest.mark.parametrize("word", RETIRED)
def test_the_catalogue_no_longer_uses_a_retired_word(word):
    assert not [t for t in translations() if word in t.lower()]


def test_an_observation_is_always_a_waarneming_in_the_logboek():
    with translation.override("nl"):
        for source in [
            "Add an observation",
            "Observation added to the log",
            "The observation has been added to the log.",
            "No observations yet.",
            "An observation cannot lie in the future.",
        ]:
            assert "waarneming" in translation.gettext(source).lower(), source
        assert "logboek" in translation.gettext("Add to the log")


def overdue_cycle(initiative, owner, state=CycleState.ACTING):
    past = TODAY - datetime.timedelta(days=30)
    return CycleFactory(
        initiative=initiative,
        owner=owner,
        state=state,
        starts_on=past - datetime.timedelta(days=30),
        expectation_due=past,
        review_due=past,
        adjustment_due=past,
    )


def test_the_overdue_badge_is_dutch(client_for, programme, initiative, civil_servant):
    cycle = overdue_cycle(initiative, civil_servant)
    client = client_for(civil_servant)
    for url in [
        reverse("cycle-detail", args=[programme.slug, cycle.pk]),
        reverse("initiative-detail", args=[programme.slug, initiative.pk]),
        reverse("my-work"),
    ]:
        html = client.get(url).content.decode()
        assert "Uitvoeren · te laat</span>" in html, url
        assert "overdue</span>" not in html, url


class VisibleText(HTMLParser):
    """The words a reader sees or hears: text and the labels of images and regions."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "alt", "placeholder") and value:
                self.handle_data(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.words += re.findall(r"[A-Za-z]+", re.sub(r"\S+@\S+", "", data))


# English words of the interface that are also Dutch words or names.
SHARED = {"Samenspel", "English", "Open", "Status", "Partner", "Demo", "Filter", "Admin"}


def english_words() -> set[str]:
    """Words of the English source strings that no Dutch translation uses."""
    text = CATALOGUE.read_text(encoding="utf-8")
    source = " ".join(re.findall(r'^msgid(?:_plural)? "(.*)"$', text, flags=re.M))
    dutch = " ".join(translations())
    source_words = {w for w in re.findall(r"[A-Za-z]+", re.sub(r"%\(\w+\)", "", source))}
    dutch_words = {w.lower() for w in re.findall(r"[A-Za-z]+", dutch)}
    return {w for w in source_words if len(w) > 2 and w.lower() not in dutch_words} - SHARED


def cycles_in_every_phase(initiative, owner):
    draft = CycleFactory(initiative=initiative, owner=owner, title="In verwachting")
    ExpectationFactory(cycle=draft)
    made = [draft]
    for title in ["In uitvoering", "In bijsturing", "Afgerond", "Gestopt"]:
        cycle = CycleFactory(initiative=initiative, owner=owner, title=title)
        ExpectationFactory(cycle=cycle)
        services.cycle_start(cycle=cycle, by=owner)
        services.observation_add(cycle=cycle, occurred_on=TODAY, text="Het regende.", by=owner)
        if title in ("In bijsturing", "Afgerond"):
            answers = ["Antwoord."] * len(initiative.programme.review_questions)
            services.review_record(cycle=cycle, answers=answers, by=owner)
        if title == "Afgerond":
            services.adjustment_record(
                cycle=cycle, decision=Decision.CONTINUE, text="We gaan door.", by=owner
            )
        if title == "Gestopt":
            services.cycle_abandon(cycle=cycle, reason="De trekker is vertrokken.", by=owner)
        made.append(cycle)
    made.append(overdue_cycle(initiative, owner, state=CycleState.DRAFT))
    return made


def test_dutch_pages_show_no_english(client_for, programme, initiative, member):
    facilitator = member(Role.FACILITATOR)
    cycles = cycles_in_every_phase(initiative, facilitator)
    assert {c.state for c in cycles} == set(CycleState)
    urls = [
        reverse("my-work"),
        reverse("programme-list"),
        reverse("programme-detail", args=[programme.slug]),
        reverse("initiative-list", args=[programme.slug]),
        reverse("initiative-detail", args=[programme.slug, initiative.pk]),
        reverse("initiative-edit", args=[programme.slug, initiative.pk]),
        reverse("cycle-create", args=[programme.slug, initiative.pk]),
        reverse("area-list", args=[programme.slug]),
        reverse("membership-list", args=[programme.slug]),
        reverse("question-list", args=[programme.slug]),
        *[reverse("cycle-detail", args=[programme.slug, c.pk]) for c in cycles],
    ]
    english = english_words()
    client = client_for(facilitator)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = VisibleText()
        parser.feed(response.content.decode())
        leftover = set(parser.words) & english
        assert not leftover, (url, leftover)
