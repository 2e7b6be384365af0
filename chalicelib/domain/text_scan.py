"""Whether a text file is plain text from its first byte to its last.

libmagic judges the first 64 KiB, and within them looks for HTML only near the start; a file
can turn into a page or a program after that. Each chunk of the whole file is checked here,
with libmagic's own idea of what text is, so a file is judged alike before and after 64 KiB:

- no byte a text never holds (libmagic's text characters: printable, any byte from 0x80 up for
  UTF-8 or Latin-1, tab, line breaks, form feed, bell, backspace, escape); UTF-16 with its
  byte-order mark is decoded first, as libmagic reads it as text;
- no markup a browser would render or run: the tags by which the WHATWG MIME-sniffing
  standard calls a resource HTML, with the ones that run or fetch something (`<object`,
  `<embed`, `<svg`, `<img`, `<form`, `<meta`, `<link`…) and an XML declaration, anywhere.

libmagic itself is not run on every chunk: a chunk starts at an arbitrary byte, where its tests
for a format's first bytes mean nothing (a chunk starting "From " would be an e-mail).
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterable

from chalicelib.domain.uploads import Refusal

NOT_TEXT = "attachment_not_plain_text"

_NOT_TEXT_BYTE = re.compile(rb"[\x00-\x06\x0e-\x1a\x1c-\x1f\x7f]")
_MARKUP = re.compile(
    rb"<(?:!doctype|\?xml|!--"
    rb"|(?:html|head|body|script|iframe|frame|frameset|object|embed|applet|svg|math|style"
    rb"|title|meta|link|base|form|img|video|audio|table|div|font|h1|br|a|b|p)(?=[\s>/]))",
    re.IGNORECASE,
)
# The longest markup above fits in this many bytes, kept from one chunk to be seen with the next.
_OVERLAP = 16
_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _as_utf8(chunks: Iterable[bytes]) -> Iterable[bytes]:
    """UTF-16 (with its byte-order mark) re-encoded as UTF-8; anything else as it is."""
    iterator = iter(chunks)
    first = next(iterator, b"")
    if not first.startswith(_UTF16_MARKS):
        yield first
        yield from iterator
        return
    decoder = codecs.getincrementaldecoder("utf-16")()
    for chunk in itertools.chain([first], iterator):
        yield decoder.decode(chunk).encode("utf-8")
    yield decoder.decode(b"", final=True).encode("utf-8")


def text_refusal(chunks: Iterable[bytes]) -> Refusal | None:
    """Why this text file (all of it, chunk after chunk) is refused, or None if it may be kept.
    Stops at the first chunk at fault."""
    carried = b""
    try:
        for chunk in _as_utf8(chunks):
            if _NOT_TEXT_BYTE.search(chunk):
                return Refusal(NOT_TEXT, "binary bytes")
            window = carried + chunk
            if _MARKUP.search(window):
                return Refusal(NOT_TEXT, "markup")
            carried = window[-_OVERLAP:]
    except UnicodeDecodeError:
        return Refusal(NOT_TEXT, "broken utf-16")
    return None
