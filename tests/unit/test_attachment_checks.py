"""Attachments checked beyond their first bytes: PDFs for active content and appended data,
office files for what they would unpack to, text to its last byte. On files built here in the
shapes real ones (and real attacks) take."""

from __future__ import annotations

import codecs
import io
import os
import zipfile
import zlib

import pytest

from chalicelib.domain.pdf_scan import pdf_refusal
from chalicelib.domain.text_scan import text_refusal
from chalicelib.domain.zip_scan import TAIL_BYTES, archive_refusal
from tests.attachment_samples import (
    EXE,
    EXE_APPENDED,
    JAVASCRIPT_ON_OPEN,
    JAVASCRIPT_PACKED_AND_ESCAPED,
    SNIFF,
    UTF16_TEXT,
    bill,
    docx,
    docx_bomb,
    docx_with_photos,
    flate,
    object_stream,
    odt,
    overlapping_docx,
    scanned_bill,
    stream,
    text,
    text_then,
    with_catalog,
    with_flags,
)


def problem_of_pdf(data: bytes) -> str | None:
    refusal = pdf_refusal(data)
    return refusal.problem if refusal else None


def problem_of_archive(data: bytes) -> str | None:
    refusal = archive_refusal(data[-TAIL_BYTES:], len(data))
    return refusal.problem if refusal else None


def problem_of_text(data: bytes, chunk: int = 1024 * 1024) -> str | None:
    """As the bucket hands it over: the first 64 KiB, then a chunk at a time."""
    chunks = [data[:SNIFF]] + [data[at : at + chunk] for at in range(SNIFF, len(data), chunk)]
    refusal = text_refusal(chunks)
    return refusal.problem if refusal else None


ACTIVE = "attachment_active_content"
EXTRA = "attachment_extra_data"
UNREADABLE = "attachment_unreadable"
BOMB = "attachment_archive_bomb"
NOT_TEXT = "attachment_not_plain_text"


# PDF: what passes


@pytest.mark.parametrize(
    "document",
    [
        bill(),
        # Opening at the first page, fitted: what most /OpenAction entries do.
        with_catalog(b"/OpenAction [3 0 R /Fit]"),
        # A link to the company's site, as bills have.
        bill(
            b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 720]"
            b" /A << /S /URI /URI (https://example.org/fatura) >> >>"
        ),
        # A font whose name has spaces, written as escapes.
        bill(b"<< /Type /Font /Subtype /TrueType /BaseFont /Times#20New#20Roman >>"),
        # Pages packed in a compressed object stream (PDF 1.5 writers).
        bill(
            object_stream(7, [b"<< /Type /Page /Parent 2 0 R >>", b"<< /Producer (LibreOffice) >>"])
        ),
        # `/JS` spelled in a title is text, not an action.
        bill(b"<< /Title (Conta /JS de luz) /Author (Ana \\(titular\\)) >>"),
        # Padding after %%EOF, as some scanners write.
        bill() + b"\r\n" + b"\x00" * 512,
    ],
    ids=[
        "plain",
        "open-at-page",
        "link",
        "escaped-font-name",
        "object-stream",
        "js-in-title",
        "padding",
    ],
)
def test_an_ordinary_pdf_passes(document: bytes) -> None:
    assert pdf_refusal(document) is None


def test_a_scanned_pdf_whose_image_bytes_spell_short_names_passes() -> None:
    # Given a 5 MiB scan whose image data holds "/JS (" and "/XFA" here and there
    document = scanned_bill(5)
    assert b"/JS (" in document

    # Then it passes: image bytes are not names
    assert pdf_refusal(document) is None


# PDF: what is refused, and how it hides


def test_a_pdf_running_javascript_when_opened_is_refused() -> None:
    assert problem_of_pdf(JAVASCRIPT_ON_OPEN) == ACTIVE


def test_javascript_packed_in_a_compressed_object_stream_with_escaped_names_is_refused() -> None:
    # Given an action written /S /J#61vaScript /J#53, inside a FlateDecode object stream
    assert b"JavaScript" not in JAVASCRIPT_PACKED_AND_ESCAPED

    # Then it is found all the same
    assert problem_of_pdf(JAVASCRIPT_PACKED_AND_ESCAPED) == ACTIVE


def test_an_object_stream_is_read_however_its_type_is_spelled_or_left_out() -> None:
    action = [b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"]

    escaped = with_catalog(b"/OpenAction 7 0 R", object_stream(7, action, b"/Type /Obj#53tm"))
    untyped = with_catalog(b"/OpenAction 7 0 R", object_stream(7, action, b""))

    assert problem_of_pdf(escaped) == ACTIVE
    assert problem_of_pdf(untyped) == ACTIVE


@pytest.mark.parametrize(
    "catalog_entries",
    [
        b"/OpenAction << /S /Launch /F (cmd.exe) >>",
        b"/Names << /JavaScript << /Names [(x) << /S /JavaScript /JS (x) >>] >> >>",
        b"/Names << /EmbeddedFiles << /Names [(nota.exe) 6 0 R] >> >>",
        b"/AcroForm << /Fields [] /XFA 6 0 R >>",
        b"/OpenAction << /S /SubmitForm /F (https://example.org/coleta) >>",
        b"/OpenAction << /S /GoToR /F (\\\\\\\\servidor\\\\x.pdf) /D [0 /Fit] >>",
        b"/OpenAction << /S /ImportData /F (dados.fdf) >>",
        b"/OpenAction << /S /Rendition /JS (x) >>",
        b"/#4A#61#76#61#53#63#72#69#70#74 << /S /#4A#61#76#61#53#63#72#69#70#74 >>",
    ],
    ids=[
        "launch",
        "javascript-names",
        "embedded-files",
        "xfa",
        "submit-form",
        "gotor",
        "import",
        "rendition",
        "all-escaped",
    ],
)
def test_active_content_in_the_catalog_is_refused(catalog_entries: bytes) -> None:
    assert problem_of_pdf(with_catalog(catalog_entries, b"<< >>")) == ACTIVE


@pytest.mark.parametrize(
    "extra",
    [
        # a page that runs a script when opened
        b"<< /Type /Page /Parent 2 0 R /AA << /O << /S /JavaScript /JS (x) >> >> >>",
        # a file attached to a page
        b"<< /Type /Annot /Subtype /FileAttachment /FS << /Type /Filespec /F (a.exe) >> >>",
        # a file inside the PDF
        stream(b"/Type /EmbeddedFile /Subtype /application#2Fx-msdownload", EXE),
        # Flash or video that runs
        b"<< /Type /Annot /Subtype /RichMedia /RichMediaContent << >> >>",
    ],
    ids=["page-action", "file-attachment", "embedded-file", "rich-media"],
)
def test_active_content_anywhere_in_the_document_is_refused(extra: bytes) -> None:
    assert problem_of_pdf(bill(extra)) == ACTIVE


@pytest.mark.parametrize(
    "hiding_place",
    [
        b"/Lang (stream\n)",  # a stream keyword inside a string
        b"/Lang (a\\) (b\\(c) d)",  # escaped and nested parentheses
        b"/ID <(> ",  # a parenthesis in a hex string, which a lenient viewer skips
        b"% ( a comment with a parenthesis\n",
    ],
    ids=["stream-in-string", "nested-parentheses", "hex-string", "comment"],
)
def test_a_short_name_is_found_past_tricks_that_would_hide_it(hiding_place: bytes) -> None:
    # Given an XFA form after something built to make a scanner skip what follows
    document = with_catalog(
        hiding_place + b" /AcroForm << /XFA 7 0 R >>", flate(b"", b"page"), b"<< >>"
    )

    assert problem_of_pdf(document) == ACTIVE


def test_an_action_hidden_as_stream_data_is_still_found() -> None:
    # Given an object written inside an uncompressed stream, where a viewer repairing the file
    # would find it
    hidden = stream(b"", b"9 0 obj << /S /JavaScript /JS (app.alert\\(1\\)) >> endobj")

    assert problem_of_pdf(with_catalog(b"/OpenAction 9 0 R", hidden)) == ACTIVE


def test_a_pdf_with_a_program_appended_is_refused() -> None:
    assert problem_of_pdf(EXE_APPENDED) == EXTRA


def test_a_program_inside_before_a_last_eof_marker_is_refused() -> None:
    assert problem_of_pdf(bill() + EXE + b"\n%%EOF\n") == EXTRA


@pytest.mark.parametrize(
    "document",
    [bill()[: -len(b"%%EOF\n")], bill() + b"\n<html><script>alert(1)</script></html>"],
    ids=["no-end", "html-after-end"],
)
def test_a_pdf_with_anything_after_its_end_or_without_one_is_refused(document: bytes) -> None:
    assert problem_of_pdf(document) == EXTRA


@pytest.mark.parametrize(
    "packed",
    [
        # a filter this scanner does not undo
        stream(b"/Type /ObjStm /N 1 /First 4 /Filter /ASCII85Decode", b"9 0 <~ ~>"),
        # a filter given by reference, which a viewer follows
        stream(b"/Type /ObjStm /N 1 /First 4 /Filter 9 0 R", zlib.compress(b"9 0 << >>")),
        # compressed bytes that do not inflate (encrypted, or damaged)
        stream(b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", os.urandom(500)),
        # more than the budget once inflated
        stream(
            b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
            zlib.compress(b" " * (17 * 1024 * 1024), 9),
        ),
    ],
    ids=["other-filter", "filter-by-reference", "does-not-inflate", "inflates-too-much"],
)
def test_an_object_stream_that_cannot_be_checked_is_refused(packed: bytes) -> None:
    assert problem_of_pdf(bill(packed)) == UNREADABLE


def test_a_pdf_too_complex_to_check_is_refused() -> None:
    # Given 200,000 strings and more: a proof never has that many
    document = bill(b"[" + b"(a)" * 200_001 + b"]")

    assert problem_of_pdf(document) == UNREADABLE


# Office files


@pytest.mark.parametrize(
    "archive",
    [
        docx(),
        odt(),
        docx_with_photos(2),
        # LibreOffice's empty Basic library index is not a macro.
        odt({"Basic/script-lc.xml": b"<library/>", "Basic/Standard/script-lb.xml": b"<x/>"}),
        # An embedded chart's workbook is data, not an OLE object.
        docx({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": b"PK"}),
    ],
    ids=["docx", "odt", "docx-with-photos", "odt-basic-index", "docx-chart"],
)
def test_an_ordinary_office_file_passes(archive: bytes) -> None:
    assert archive_refusal(archive[-TAIL_BYTES:], len(archive)) is None


def test_a_docx_that_unpacks_to_a_gibibyte_is_refused() -> None:
    # Given a 4.6 MB DOCX whose document.xml unpacks to 1 GiB
    bomb = docx_bomb()
    assert len(bomb) < 5 * 1024 * 1024

    assert problem_of_archive(bomb) == BOMB


@pytest.mark.parametrize(
    "archive",
    [
        # 50 MiB from 50 KiB: under the total, over 100:1
        docx({"word/document.xml": b"\0" * (50 * 1024 * 1024)}),
        # more entries than a document has
        docx({f"word/media/image{n}.png": b"x" for n in range(1001)}),
        # two entries over the same packed bytes
        overlapping_docx(),
    ],
    ids=["ratio", "entries", "overlap"],
)
def test_an_archive_bomb_is_refused(archive: bytes) -> None:
    assert problem_of_archive(archive) == BOMB


@pytest.mark.parametrize(
    "archive",
    [
        docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        docx({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"}),
        odt({"Basic/Standard/Module1.xml": b"<script:module/>"}),
        odt({"Scripts/python/macro.py": b"import os"}),
    ],
    ids=["word-macros", "ole-object", "odt-basic-module", "odt-script"],
)
def test_an_office_file_with_macros_or_ole_objects_is_refused(archive: bytes) -> None:
    assert problem_of_archive(archive) == ACTIVE


def test_a_zip_with_bzip2_or_encrypted_entries_is_refused_as_unreadable() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")

    assert problem_of_archive(buffer.getvalue()) == UNREADABLE
    assert problem_of_archive(with_flags(docx(), 0x1)) == UNREADABLE


@pytest.mark.parametrize(
    "archive",
    [docx()[:-10], docx() + EXE, b"PK\x03\x04" + os.urandom(2000)],
    ids=["cut-short", "program-appended", "not-a-zip"],
)
def test_an_archive_that_is_not_readable_is_refused(archive: bytes) -> None:
    assert problem_of_archive(archive) == UNREADABLE


def test_a_docx_with_zip64_records_passes() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(b"<w:document/>")

    assert problem_of_archive(buffer.getvalue()) is None


# Text


@pytest.mark.parametrize(
    "content",
    [
        text(3 * 1024 * 1024),
        text(200 * 1024, "latin-1"),
        UTF16_TEXT,
        text_then(b"Se 3 < 5 e a<b, x <= y; <- seta\n"),
    ],
    ids=["utf-8", "latin-1", "utf-16", "less-than-signs"],
)
def test_plain_text_passes_to_its_end(content: bytes) -> None:
    assert problem_of_text(content) is None


@pytest.mark.parametrize(
    "content",
    [
        text_then(b"<html><body><script>alert(1)</script></body></html>"),
        text_then(b"<!DOCTYPE html>"),
        text_then(b"<svg onload=alert(1)>"),
        text_then(b"<iframe src=https://example.org>"),
        text_then(EXE),
        text_then(b"\x00"),
    ],
    ids=["html", "doctype", "svg", "iframe", "program", "nul"],
)
def test_text_that_turns_into_html_a_script_or_binary_after_64_kib_is_refused(
    content: bytes,
) -> None:
    assert problem_of_text(content) == NOT_TEXT


def test_markup_split_between_two_chunks_is_found() -> None:
    # Given "<script" cut in two by the boundary of the first 64 KiB
    content = text(SNIFF - 3) + b"<script>alert(1)</script>"

    assert problem_of_text(content) == NOT_TEXT


def test_utf16_text_that_turns_into_html_is_refused() -> None:
    content = codecs.BOM_UTF16_LE + ("a" * 40_000 + "<iframe src=x>").encode("utf-16-le")

    assert problem_of_text(content) == NOT_TEXT
