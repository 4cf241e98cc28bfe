"""What counts as written text, and text as Dutch readers search and sort it.

A field filled with only invisible characters (spaces of any kind, zero-width
characters, byte-order marks) is empty, however long it is; and no text is unbounded.
Forms (common.forms.TextField) and services both ask here.

Neither database sorts or compares Dutch by itself the same way (SQLite knows no
collation; PostgreSQL's depends on the server's locale), so the services keep a
normalised copy of names and searchable text in their own columns, and pages search
and sort on those (docs/architecture.md, "Search and sorting")."""

import unicodedata

# Bounds in characters: short texts (names, titles) as their model fields say, long texts
# (descriptions, intentions, observations, answers) at most this.
SHORT_TEXT = 200
LONG_TEXT = 10_000

# Letters, marks, numbers, punctuation and symbols are visible; separators (Z*), controls
# (Cc), format characters (Cf, such as U+200B and U+FEFF) and the rest of C* are not.
_VISIBLE_CATEGORIES = frozenset("LMNPS")


def has_visible(text: str) -> bool:
    return any(unicodedata.category(character)[0] in _VISIBLE_CATEGORIES for character in text)


def tidy(text: str | None) -> str:
    """The text without surrounding whitespace, or "" when nothing in it is visible."""
    text = (text or "").strip()
    return text if has_visible(text) else ""


# NFKD already splits the ligatures Ĳ/ĳ (U+0132/U+0133) into "IJ"/"ij"; said again here
# because a Dutch reader types "IJsselmonde" for "Ĳsselmonde" and that must never break.
_LIGATURES = str.maketrans({"\u0132": "IJ", "\u0133": "ij"})


def normalise(text: str) -> str:
    """Lower case without accents and ligatures: "Ĳsselmonde" → "ijsselmonde",
    "Café" → "cafe", "ZUIDERZEE" → "zuiderzee". Sorting on it puts ij with i and an
    accented letter with its letter ("Els", "Émile", "Erik")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())
