"""Text as Dutch readers search and sort it, the same on SQLite and PostgreSQL.

Neither database sorts or compares Dutch by itself the same way (SQLite knows no
collation; PostgreSQL's depends on the server's locale), so the services keep a
normalised copy of names and searchable text in their own columns, and pages search
and sort on those (docs/architecture.md, "Search and sorting")."""

import unicodedata

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
