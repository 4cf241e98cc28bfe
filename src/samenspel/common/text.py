"""What counts as empty in text people write: whitespace and invisible format characters
(a zero-width space, a word joiner, a byte-order mark) alone say nothing, so a service
that requires a text refuses them like an empty field."""

import unicodedata


def is_blank(value: str | None) -> bool:
    visible = "".join(ch for ch in value or "" if unicodedata.category(ch) != "Cf")
    return not visible.strip()
