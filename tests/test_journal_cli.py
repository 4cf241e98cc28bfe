"""`samenspel export_journal`: the travel report written to a file in this process, with
a progress bar on standard error, and clear refusals."""

import os
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from samenspel.journal import outputs
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import ChapterKind, RenderFormat
from samenspel.journal.models import Chapter, Publication, Rendering
from tests.factories import ProgrammeFactory
from tests.journal import make_journal

pytestmark = pytest.mark.django_db

WORDS = "De dorpsbus rijdt drie keer per dag."


@pytest.fixture
def journal(programme, facilitator):
    journal = make_journal(programme, facilitator)
    chapter = Chapter.objects.filter(journal=journal, kind=ChapterKind.WRITTEN).first()
    Chapter.objects.filter(pk=chapter.pk).update(body=WORDS)
    return journal


def export(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("nl"):
        call_command("export_journal", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_writes_the_draft_with_a_progress_bar(programme, journal, tmp_path):
    target = tmp_path / "reisverslag.html"
    out, err = export("--programme", programme.slug, "--format", "html", "--output", str(target))
    assert WORDS in target.read_text(encoding="utf-8")
    assert "100%" in err
    assert "|" in err and "\r" in err  # a bar, drawn anew as it grows
    assert str(target) in out
    assert [p.name for p in tmp_path.iterdir()] == ["reisverslag.html"]  # no partial file
    assert Rendering.objects.count() == 0  # in this process, not on the queue
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# What each format's file starts with; the text files hold the report's words (the
# PDF's and the DOCX's text is checked in test_journal_formats.py).
SIGNATURES = {"pdf": b"%PDF", "docx": b"PK"}


@pytest.mark.parametrize("fmt", RenderFormat.values)
def test_writes_every_format(programme, journal, tmp_path, fmt):
    target = tmp_path / f"reisverslag.{fmt}"
    try:
        export("--programme", programme.slug, "--format", fmt, "--output", str(target), "-v", "0")
    except NotImplementedError:  # its renderer is built on another branch
        pytest.skip(f"no {fmt} renderer on this branch yet")
    made = target.read_bytes()
    if fmt in SIGNATURES:
        assert made.startswith(SIGNATURES[fmt])
    else:
        assert WORDS in made.decode()


def test_writes_a_published_version_as_it_was_frozen(programme, journal, tmp_path):
    with translation.override("nl"):
        book = compose_book(journal, edition=1, on=date(2025, 1, 15))
    Publication.objects.create(
        journal=journal,
        number=1,
        title=journal.title,
        published_on=date(2025, 1, 15),
        book=book.to_json(),
    )
    Chapter.objects.filter(journal=journal).update(body="Later geschreven.")
    target = tmp_path / "versie-1.html"
    export(
        "--programme", programme.slug, "--format", "html", "--output", str(target), "--version", "1"
    )
    text = target.read_text(encoding="utf-8")
    assert WORDS in text
    assert "Later geschreven." not in text


def test_quiet_writes_no_bar(programme, journal, tmp_path):
    target = tmp_path / "stil.html"
    out, err = export(
        "--programme", programme.slug, "--format", "html", "--output", str(target), "-v", "0"
    )
    assert target.exists()
    assert (out, err) == ("", "")


def test_replaces_an_existing_file_only_when_done(programme, journal, tmp_path, monkeypatch):
    target = tmp_path / "reisverslag.html"
    target.write_text("de vorige versie")

    def broken(book, fmt, progress):
        progress(40, "")
        raise RuntimeError("kapot")

    monkeypatch.setattr(outputs, "render", broken)
    with pytest.raises(RuntimeError):
        export("--programme", programme.slug, "--format", "html", "--output", str(target))
    assert target.read_text() == "de vorige versie"
    assert [p.name for p in tmp_path.iterdir()] == ["reisverslag.html"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--programme", "onbekend"], "onbekend"),
        (["--programme", "leeg"], "Leeg programma"),
        (["--programme", "samenspel", "--version", "3"], "3"),
    ],
)
def test_refuses_what_does_not_exist(programme, journal, tmp_path, args, message):
    ProgrammeFactory(slug="leeg", name="Leeg programma")
    target = tmp_path / "uit.html"
    with pytest.raises(CommandError) as refused:
        export(*args, "--format", "html", "--output", str(target))
    assert message in str(refused.value)
    assert not target.exists()


def test_names_the_versions_there_are(programme, journal, tmp_path):
    Publication.objects.create(
        journal=journal, number=1, title="x", published_on=date(2025, 1, 1), book={}
    )
    with pytest.raises(CommandError, match=r"1\.$"):
        export(
            "--programme", "samenspel", "--format", "html", "--output", str(tmp_path / "x.html"),
            "--version", "2",
        )  # fmt: skip


def test_refuses_an_unknown_format(programme, journal, tmp_path):
    with pytest.raises(CommandError, match="pdf"):
        export("--programme", "samenspel", "--format", "exe", "--output", str(tmp_path / "x"))


@pytest.mark.parametrize("where", ["missing-folder/uit.html", "."])
def test_refuses_a_path_it_cannot_write_before_the_work(
    programme, journal, tmp_path, where, monkeypatch
):
    def never(book, fmt, progress):
        raise AssertionError("rendered before the path was checked")

    monkeypatch.setattr(outputs, "render", never)
    target = tmp_path / where
    with pytest.raises(CommandError, match=str(target)):
        export("--programme", "samenspel", "--format", "html", "--output", str(target))


def test_refuses_a_path_under_a_file(programme, journal, tmp_path):
    """Not a folder (a refusal even root gets, unlike a read-only folder)."""
    (tmp_path / "gewoon-bestand").write_text("x")
    target = tmp_path / "gewoon-bestand" / "uit.html"
    with pytest.raises(CommandError, match="gewoon-bestand"):
        export("--programme", "samenspel", "--format", "html", "--output", str(target))
