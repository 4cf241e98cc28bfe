"""Dutch words for machines: how the recurring themes (themes.py) and the search index
(search_index.py) turn a text into the words they compare.

One recipe for both, so that a word the search finds is a word the themes count:

- **normalise**: Unicode NFKC (the ligature "Ĳ" becomes "IJ", "ﬁ" becomes "fi"), then
  case folding; accents stay in the text but are compared without them ("reünie" and
  "reunie" are one word);
- **words**: runs of letters and digits; a word with a hyphen ("zorg-en-welzijn") is
  split into its parts;
- **stop words**: the common Dutch function words carry no theme and find nothing;
- **stem**: the Snowball stemmer for Dutch ("experimenten" and "experiment" share the
  stem "experiment"). The search index feeds these stems to both databases (PostgreSQL's
  own Dutch stemmer is an older version of the algorithm: it keeps "initiatieven" and
  "initiatief" apart), so both find the same texts;
- **lemma**: simplemma's Dutch dictionary gives the form a reader recognises
  ("initiatieven" → "initiatief"), used to name a theme by readable words.

Stems and lemmas are cached per word: a programme's vocabulary is small next to its text.
"""

import re
import unicodedata
from functools import lru_cache

import simplemma
import snowballstemmer

# Letters (any script) and digits; an apostrophe inside a word keeps it whole ("auto's").
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*", re.UNICODE)

# Common Dutch function words and a few programme words that every text shares. Written
# here rather than taken from a package so that the list is short, reviewed and stable.
_STOP_WORDS_TEXT = """
    aan aangezien achter af al alle allebei alleen als alsof altijd ander andere anders
    ben bij bijna binnen boven buiten daar daarna daardoor daarom dan dat de deed deze
    die dit doch doen doet door dus echter een eens eigen elk elke en enig enige er
    erg even ever geen geweest haar had hadden hare heb hebben hebt heeft hem hen het
    hier hij hoe hoewel hun iemand iets ik in is ja je jij jou jouw jullie kan kon
    konden kun kunnen kunt laat later liever maar me meer men met mij mijn moest moet
    moeten mocht mogen na naar nee niet niets nog nooit nu of ofwel om omdat ons onze
    ook op over omlaag omhoog pas per reeds rond sinds sommige steeds te tegen terwijl
    toch toen tot tussen u uit uw van veel via voor vooral vaak waar waarom wanneer
    want was waren wat we wel welk welke werd werden wie wij wil willen word worden
    wordt zal ze zelf zich zij zijn zo zoals zodat zonder zou zouden zullen zulke
    dus zeer heel wat weer nou eerst toe elkaar hele ieder iedere iedereen gaan gaat
    ging gingen komt komen kwam kwamen zei zeggen zegt moest daarbij daarvan hierbij
    hiervan waarbij waarvan waardoor erover ermee erin eruit zit zitten staat stond
    alles der ge onder wezen
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def normalise(text: str) -> str:
    """The text as it is compared: NFKC, case folded, accents off."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The normalised words of a text, in order, stop words included."""
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    stemmed: str = _STEMMER.stemWord(word)
    return stemmed


_STEMMER = snowballstemmer.stemmer("dutch")


def stem(word: str) -> str:
    """The Dutch stem of one normalised word."""
    return _stem(word)


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of one normalised word (the word itself when unknown)."""
    found: str = simplemma.lemmatize(word, lang="nl")
    return normalise(found)


def is_content_word(word: str) -> bool:
    """A word that may carry meaning: not a stop word, not a lone letter, not a number."""
    return len(word) > 2 and word not in STOP_WORDS and not word.isdigit()


@lru_cache(maxsize=200_000)
def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def written_words(text: str) -> list[tuple[str, str]]:
    """The words of a text as a reader writes them (NFKC, case folded, accents kept:
    "coöperatie"), each beside its normalised form (what `words` gives). For naming
    themes in readable words; the accents come off per distinct word, which is faster
    on a large corpus than `words`, per character."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return [(word, _unaccented(word)) for word in _WORD.findall(folded)]


@lru_cache(maxsize=200_000)
def readable_lemma(word: str) -> str:
    """The dictionary form of a word as written (accents kept), the word itself when
    unknown."""
    found: str = simplemma.lemmatize(word, lang="nl")
    return unicodedata.normalize("NFKC", found).casefold()


def terms(text: str) -> list[str]:
    """The stems of a text's content words, in order: what themes and search compare.
    A stem that is itself a stop word ("alles" → "al") is left out too: PostgreSQL's
    Dutch configuration, which the search index feeds these stems to, would drop it, and
    the embedded database would not (tests/test_insights_search.py checks they agree)."""
    found = []
    for word in words(text):
        if is_content_word(word):
            stemmed = stem(word)
            if stemmed not in STOP_WORDS:
                found.append(stemmed)
    return found
