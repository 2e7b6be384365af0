"""Attachments built byte by byte for the tests: good PDFs, DOCX, ODT and text of each kind, and
the bad ones the checks must refuse (the shapes real malicious files take)."""

from __future__ import annotations

import codecs
import io
import os
import struct
import zipfile
import zlib
from functools import lru_cache

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
SNIFF = 64 * 1024

# A Windows program's first bytes: the MZ header and the DOS stub every linker writes.
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8"
    + b"\x00" * 43
    + b"\x80\x00\x00\x00\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21"
    + b"This program cannot be run in DOS mode.\r\r\n$"
    + b"\x00" * 7
    + b"PE\x00\x00L\x01"
    + os.urandom(4096)
)


def pdf(*bodies: bytes, root: bytes = b"1 0 R") -> bytes:
    """A PDF of these objects (numbered from 1), with a cross-reference table that adds up."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %s >>\n" % (len(bodies) + 1, root)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def flate(dictionary: bytes, data: bytes) -> bytes:
    return stream(dictionary + b" /Filter /FlateDecode", zlib.compress(data))


def object_stream(first: int, objects: list[bytes], dictionary: bytes = b"/Type /ObjStm") -> bytes:
    """Objects `first`, `first + 1`… packed and compressed, as PDF 1.5 writers do."""
    offsets, body = [], b""
    for packed in objects:
        offsets.append(len(body))
        body += packed + b"\n"
    header = b" ".join(b"%d %d" % (first + i, at) for i, at in enumerate(offsets)) + b"\n"
    return flate(b"%s /N %d /First %d" % (dictionary, len(objects), len(header)), header + body)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    b" /Resources << /Font << /F1 5 0 R >> >> >>"
)
CONTENT = flate(b"", b"BT /F1 12 Tf 72 770 Td (Conta de luz: Rua Augusta, 100) Tj ET")
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def bill(*extra: bytes, catalog: bytes = CATALOG, page: bytes = PAGE) -> bytes:
    """A one-page electricity bill; objects from 6 on are `extra`."""
    return pdf(catalog, PAGES, page, CONTENT, FONT, *extra)


def with_catalog(entries: bytes, *extra: bytes) -> bytes:
    return bill(*extra, catalog=b"<< /Type /Catalog /Pages 2 0 R %s >>" % entries)


def scanned_bill(megabytes: float) -> bytes:
    """A bill scanned to a JPEG-like image: random bytes, which spell `/JS` and `/XFA` now and
    then, as real image data does."""
    noise = bytearray(os.urandom(int(megabytes * 1024 * 1024)))
    for at in range(1000, len(noise) - 100, 150_000):
        noise[at : at + 9] = b"/JS (/XFA"
    image = stream(
        b"/Type /XObject /Subtype /Image /Width 2480 /Height 3508 /Filter /DCTDecode", bytes(noise)
    )
    page = PAGE.replace(b"/F1 5 0 R >>", b"/F1 5 0 R >> /XObject << /Im1 6 0 R >>")
    return bill(image, page=page)


JAVASCRIPT_ON_OPEN = with_catalog(
    b"/OpenAction 6 0 R", b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
)
# A malicious PDF's way: the action packed in a compressed object stream, its names escaped.
JAVASCRIPT_PACKED_AND_ESCAPED = with_catalog(
    b"/OpenAction 7 0 R", object_stream(7, [b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"])
)
EXE_APPENDED = bill() + EXE


def _archive(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
    "word/document.xml": b'<?xml version="1.0"?><w:document><w:body>'
    + b"<w:p><w:r><w:t>Declaro que moro na Rua Augusta, 100.</w:t></w:r></w:p>" * 200
    + b"</w:body></w:document>",
    "word/styles.xml": b'<?xml version="1.0"?><w:styles/>',
}


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    """A Word document, with `extra` entries by name."""
    return _archive(DOCX_PARTS | (extra or {}))


def docx_with_photos(megabytes: float) -> bytes:
    """A DOCX past the first 64 KiB: photos of the document, which do not compress."""
    return docx({"word/media/image1.jpeg": os.urandom(int(megabytes * 1024 * 1024))})


def odt(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml", b"<office:document-content>Rua Augusta, 100</office:document-content>"
        )
        archive.writestr("META-INF/manifest.xml", b"<manifest:manifest/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def docx_bomb() -> bytes:
    """A DOCX of 4.6 MB whose document unpacks to 1 GiB (written a MiB at a time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in DOCX_PARTS.items():
            if name != "word/document.xml":
                archive.writestr(name, content)
        with archive.open("word/document.xml", "w", force_zip64=True) as document:
            block = b"\0" * (1 << 20)
            for _ in range(1024):
                document.write(block)
    return buffer.getvalue()


def overlapping_docx() -> bytes:
    """Two directory entries over the same packed bytes: the non-recursive bomb's trick."""
    data = bytearray(docx())
    directory = data.rfind(b"PK\x01\x02")  # the last entry points at the first one's bytes
    struct.pack_into("<L", data, directory + 42, 0)
    return bytes(data)


def with_flags(archive: bytes, flags: int) -> bytes:
    data = bytearray(archive)
    directory = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, directory + 8, flags)
    return bytes(data)


LINE = "Declaro, para fins de recadastramento, que resido na Rua Augusta, 100 - São Paulo.\r\n"


def text(size: int = 200 * 1024, encoding: str = "utf-8") -> bytes:
    content = (LINE * (size // len(LINE) + 1)).encode(encoding)[:size]
    return content.rsplit(b"\n", 1)[0] + b"\n"


def text_then(tail: bytes, at: int = SNIFF + 4096) -> bytes:
    """Plain text for the first `at` bytes, then `tail`, then text again."""
    return text(at) + tail + text(4096)


UTF16_TEXT = codecs.BOM_UTF16_LE + (LINE * 2000).encode("utf-16-le")
