"""What counts as written text. A field filled with only invisible characters (spaces of
any kind, zero-width characters, byte-order marks) is empty, however long it is; and no
text is unbounded. Forms (common.forms.TextField) and services both ask here."""

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
