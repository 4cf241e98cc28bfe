"""The travel report's files in tests: the story every format must tell (one lesson, a
consented and an unconsented quote, scripts where text goes), and reading the files back:
the words a DOCX holds (paragraphs, table cells, header), the text pypdf extracts from a
PDF, and whether an HTML file or a package could run anything (scripts, event handlers,
`javascript:` addresses).
"""

import io
import re
from html.parser import HTMLParser

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from samenspel.journal.constants import Consent
from samenspel.journal.models import Journal, Voice

LESSON = "Bewoners nemen het voortouw als de gemeente ruimte laat"
CONSENTED = "We hebben het dorpshuis samen opgeknapt"
UNCONSENTED = "Ik vond de gemeente eerst erg traag"
SCRIPT = "<script>alert(1)</script>"
HOSTILE_BODY = (
    f"Een gewone zin.\n\n{SCRIPT} <img src=x onerror=alert(1)> [klik](javascript:alert(1))"
)


def add_voices(journal: Journal, author) -> None:
    """A consented quote, a consented one with a script in its words and in its role,
    and an unconsented quote, all by `author`."""
    for position, (text, role, consent) in enumerate(
        [
            (CONSENTED, "Bewoner", Consent.GIVEN),
            (f"Wat ik zei: {SCRIPT}", f"Bewoner {SCRIPT}", Consent.GIVEN),
            (UNCONSENTED, "Bewoner", Consent.ASKED),
        ],
        start=1,
    ):
        Voice.objects.create(
            journal=journal,
            text=text,
            commentary="Het begin van het samenspel." if position == 1 else "",
            author=author,
            role_label=role,
            consent=consent,
            position=position,
        )


def docx_document(data: bytes):
    return docx.Document(io.BytesIO(data))


def docx_text(data: bytes) -> str:
    """Every paragraph of a DOCX, table cells (nested too) included, one per line."""
    document = docx_document(data)
    lines = [paragraph.text for paragraph in document.paragraphs]

    def tables(found) -> None:
        for table in found:
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(paragraph.text for paragraph in cell.paragraphs)
                    tables(cell.tables)

    tables(document.tables)
    for section in document.sections:
        lines.extend(paragraph.text for paragraph in section.header.paragraphs)
    return "\n".join(lines)


def docx_links(data: bytes) -> list[str]:
    """The addresses of every hyperlink relationship in the package."""
    document = docx_document(data)
    return [rel.target_ref for rel in document.part.rels.values() if rel.reltype == RT.HYPERLINK]


def docx_runs_anything(data: bytes) -> list[str]:
    """What in a DOCX could run or lead to a script: a `javascript:` (or other non-web)
    relationship, a macro part, an embedded object."""
    document = docx_document(data)
    found = []
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if "vbaProject" in name or "/embeddings/" in name or "activeX" in name:
            found.append(name)
        for rel in part.rels.values():
            if rel.is_external and not re.match(r"(https?|mailto):", rel.target_ref, re.I):
                found.append(rel.target_ref)
    return found


def pdf_text(data: bytes) -> str:
    """The PDF's words, whitespace made single spaces (pypdf breaks lines anywhere)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def pdf_runs_anything(data: bytes) -> list[str]:
    """JavaScript in a PDF: a document-level script, an opening action, a link that is a
    script or leads to a `javascript:` address."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    found = []
    opening = root.get("/OpenAction")
    opening = opening.get_object() if opening is not None else None
    if isinstance(opening, dict) and opening.get("/S") == "/JavaScript":
        found.append("script on opening")
    if "/Names" in root and "/JavaScript" in root["/Names"]:
        found.append("document script")
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            if action.get("/S") == "/JavaScript":
                found.append("script link")
            if str(action.get("/URI", "")).strip().lower().startswith("javascript:"):
                found.append(str(action["/URI"]))
    return found


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and re.match(
                r"\s*(javascript:|vbscript:|data:text/html)", value or "", re.I
            ):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.found.append(f"<script>{data}")


def html_runs_anything(html: str) -> list[str]:
    """The payloads an HTML page would run: a script that alerts, an event handler, a
    `javascript:` address, an embedded frame or object."""
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser.found
