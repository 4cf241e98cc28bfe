"""`make lint` check: both languages are complete.

Dutch must have every message translated and nothing marked fuzzy; English falls back to
the (English) source string for singular messages, so there only plural forms must be
filled in. Every catalogue must compile (msgfmt -c). Exit status 1 lists what is missing.
"""

import subprocess
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def entries(po: Path) -> list[list[str]]:
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    return [block.strip().splitlines() for block in blocks if 'msgid "' in block]


def missing(po: Path, *, singular_required: bool) -> list[str]:
    problems = []
    for lines in entries(po)[1:]:  # the first entry is the catalogue's header
        msgid = next((line for line in lines if line.startswith("msgid ")), "")
        if any(line.startswith("#,") and "fuzzy" in line for line in lines):
            problems.append(f"fuzzy: {msgid}")
        plural = any(line.startswith("msgid_plural") for line in lines)
        if plural or singular_required:
            for i, line in enumerate(lines):
                if line.startswith("msgstr") and line.endswith('""'):
                    continued = i + 1 < len(lines) and lines[i + 1].startswith('"')
                    if not continued:
                        problems.append(f"untranslated: {msgid}")
                        break
    return problems


def main() -> int:
    problems: list[str] = []
    for language, singular_required in (("nl", True), ("en", False)):
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        if not po.exists():
            problems.append(f"{po} is missing")
            continue
        check = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        if check.returncode:
            problems.append(f"{po}: {check.stderr.strip()}")
        problems += [f"{language}: {p}" for p in missing(po, singular_required=singular_required)]
    for problem in problems:
        print(problem)
    if not problems:
        print("translations: Dutch and English complete")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
