"""What a PDF would do when a reviewer opens it: active content, appended data.

A scanner of the raw bytes in the manner of Didier Stevens' pdfid rather than a PDF reader:
a reader (pypdf) follows the cross-reference table the way one viewer does, while a viewer
repairing a damaged file may find objects the table never named. Bytes are read where they
lie, so what is hidden from one parser is still seen here:

- every name of `ACTIVE_NAMES`, hex escapes decoded (`/J#61vaScript` is `/JavaScript`), in the
  text between streams and in the objects packed into compressed object streams (`/ObjStm`,
  inflated within `INFLATE_BUDGET`);
- the long ones anywhere at all, stream data included, where a lenient viewer could find a
  hidden object; the two short ones (`/JS`, `/XFA`) only where names live, since random bytes
  of images and fonts spell them now and then, and `/JS` never runs without an `/S
  /JavaScript`, which is long;
- anything but a little whitespace after the last `%%EOF`, and a Windows program's stub
  anywhere.

`/OpenAction` and `/AA` are refused for what they trigger, not for themselves: most of them
open the first page at a zoom. Links (`/URI`) pass: bills carry them, and viewers ask first.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from chalicelib.domain.uploads import Refusal

ACTIVE_NAMES = frozenset(
    {
        # scripts, and the actions that run a program, fetch or send something outside
        "JavaScript", "JS", "Launch", "SubmitForm", "ImportData", "GoToR", "GoToE",
        # files inside the PDF, which a viewer offers to open
        "EmbeddedFile", "EmbeddedFiles", "FileAttachment",
        # media and forms that carry their own scripts: Flash/video, XFA forms, 3D scenes
        "RichMedia", "RichMediaExecute", "Rendition", "XFA", "OnInstantiate",
    }
)  # fmt: skip
SHORT_NAMES = frozenset(name for name in ACTIVE_NAMES if len(name) < 5)
# Object streams are small (a few hundred objects each); more than this is refused unread.
INFLATE_BUDGET = 16 * 1024 * 1024
# Some producers pad the file to a block size after `%%EOF`.
TRAILING_WHITESPACE_MAX = 4096
# Bounds the scan's work (under 1 s for 20 MiB, `bench/attachment_checks.py`): each string,
# comment, hex string and stream costs a step. A 10,000-page report takes a few tens of
# thousands; a proof that needs more is no proof.
TOKENS_MAX = 200_000

ACTIVE = "attachment_active_content"
APPENDED = "attachment_extra_data"
UNREADABLE = "attachment_unreadable"

_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"
_REGULAR = rb"[^" + _DELIMITERS + rb"]"
_WHITESPACE = b"\x00\t\n\x0c\r "
_DOS_STUBS = (b"This program cannot be run in DOS mode", b"This program must be run under Win32")
_FILTERS = frozenset(
    {
        "FlateDecode", "Fl", "ASCIIHexDecode", "AHx", "ASCII85Decode", "A85", "LZWDecode",
        "LZW", "RunLengthDecode", "RL", "CCITTFaxDecode", "CCF", "DCTDecode", "DCT",
        "JBIG2Decode", "JPXDecode", "Crypt",
    }
)  # fmt: skip


def _spelled(name: str) -> bytes:
    """A regex for a name however it is written: each character itself or `#` and its hex."""
    parts = []
    for char in name:
        hex_digits = "".join(
            f"[{digit}{digit.upper()}]" if digit.isalpha() else digit
            for digit in f"{ord(char):02x}"
        )
        parts.append(f"(?:{re.escape(char)}|#{hex_digits})")
    return "".join(parts).encode()


class _NamePatterns:
    """Finds names of a set, hex escapes or not. The escape-aware regex is four times slower,
    and escapes are rare (a font name with a space), so it runs only where a `#` is."""

    def __init__(self, names: frozenset[str]) -> None:
        ordered = sorted(names, key=len, reverse=True)
        # The lookahead turns most names away at their first character.
        first = b"(?=[" + re.escape("".join(sorted({name[0] for name in names}))).encode() + b"])"
        end = b")(?!" + _REGULAR + b")"
        self.plain = re.compile(
            b"/" + first + b"(?:" + b"|".join(n.encode() for n in ordered) + end
        )
        self.escaped = re.compile(b"/(?:" + b"|".join(_spelled(name) for name in ordered) + end)

    def find(self, data: bytes | bytearray, start: int = 0, end: int | None = None) -> set[str]:
        end = len(data) if end is None else end
        pattern = self.escaped if data.find(b"#", start, end) >= 0 else self.plain
        return {decode_name(found.group()[1:]) for found in pattern.finditer(data, start, end)}


_ANY_ACTIVE = _NamePatterns(ACTIVE_NAMES)
_SHORTEST_LONG_NAME = min(len(name) for name in ACTIVE_NAMES - SHORT_NAMES) + 1
_LONG_ACTIVE = _NamePatterns(ACTIVE_NAMES - SHORT_NAMES)
_NAME = re.compile(b"/(" + _REGULAR + b"*)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# What hides text from a name scan: strings (matched whole unless nested), comments and hex
# strings. A hex string opens at the odd `<` out of a run (`<<` opens a dictionary, which is no
# token at all). The leading lookahead lets the regex engine skip ahead by first character
# (groups alone would not). Stream keywords are found apart, with `bytes.find`, far faster.
_TOKEN = re.compile(
    rb"(?=[(%<])(?:(?P<string>\((?:[^()\\]++|\\.)*+\))|(?P<nested>\()"
    rb"|(?P<comment>%[^\r\n]*)|(?P<hex>(?<!<)(?:<<)*<(?!<)))",
    re.DOTALL,
)
_IS_REGULAR = re.compile(_REGULAR)
_STRING_PART = re.compile(rb"[()\\]")
_OBJ_KEYWORD = re.compile(rb"(?<!" + _REGULAR + rb")obj(?!" + _REGULAR + rb")")
_STREAM_START = re.compile(rb"[ \t]*(?:\r\n|\n|\r)?")


class _Refused(Exception):
    """The file cannot be checked here; `detail` says why, for the log."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def decode_name(raw: bytes | bytearray) -> str:
    if b"#" not in raw:
        return raw.decode("latin-1")
    return _ESCAPE.sub(lambda found: bytes([int(found.group(1), 16)]), bytes(raw)).decode("latin-1")


@dataclass
class _Budget:
    """The work one file may cost, shared by the file and its object streams."""

    steps: int = TOKENS_MAX
    inflated: int = INFLATE_BUDGET

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise _Refused("too many strings, comments and streams")


@dataclass
class _Stream:
    dictionary: set[str]
    start: int
    end: int


class _Scan:
    """The text between strings, comments, hex strings and stream data, gathered in one buffer
    (pieces joined by a space, so no name is made of two), and the streams found on the way."""

    def __init__(self, data: bytes | bytearray, budget: _Budget, streams_allowed: bool) -> None:
        self.data = data
        self.view = memoryview(data)
        self.budget = budget
        self.streams_allowed = streams_allowed
        self.text = bytearray()
        self.streams: list[_Stream] = []
        self._after_last_stream = 0
        self._hidden_names: set[str] = set()

    def names(self) -> set[str]:
        """Every active name in the text; the long ones in strings, comments and streams too."""
        # Each search runs again only once passed: both may lie far ahead.
        position, stream_at, token = 0, self._next_stream(0), _TOKEN.search(self.data)
        while position < len(self.data):
            self.budget.step()
            if token is not None and token.start() < position:
                token = _TOKEN.search(self.data, position)
            if stream_at < position:
                stream_at = self._next_stream(position)
            token_at = token.start() if token else len(self.data)
            if stream_at < token_at:
                position = self._at_stream_word(position, stream_at)
            elif token is None:
                self._keep(position, len(self.data))
                position = len(self.data)
            else:
                position = self._at_token(position, token)
        return _ANY_ACTIVE.find(self.text) | self._hidden_names

    def _next_stream(self, position: int) -> int:
        found = self.data.find(b"stream", position) if self.streams_allowed else -1
        return found if found >= 0 else len(self.data) + 1

    def _keep(self, start: int, end: int) -> None:
        self.text += self.view[start:end]
        self.text.append(0x20)

    def _hide(self, start: int, end: int) -> int:
        if end - start > _SHORTEST_LONG_NAME:
            self._hidden_names |= _LONG_ACTIVE.find(self.data, start, end)
        return end

    def _at_token(self, position: int, token: re.Match[bytes]) -> int:
        start, end, kind = token.start(), token.end(), token.lastgroup
        self._keep(position, start)
        if kind == "nested":
            return self._hide(start, _string_end(self, start))
        if kind == "hex":
            closing = self.data.find(b">", end)
            return self._hide(start, closing + 1 if closing >= 0 else len(self.data))
        return self._hide(start, end)

    def _at_stream_word(self, position: int, at: int) -> int:
        """`stream` as a keyword opens stream data, up to the first `endstream`: a viewer
        trusting `/Length` instead reads no more than that as objects, so nothing hides."""
        word_end = at + len(b"stream")
        before, after = self.data[at - 1 : at], self.data[word_end : word_end + 1]
        if before == b"/" or _IS_REGULAR.fullmatch(before) or _IS_REGULAR.fullmatch(after):
            self._keep(position, word_end)
            return word_end
        self._keep(position, at)
        start = _STREAM_START.match(self.data, word_end)
        assert start is not None  # the pattern matches the empty string
        end = self.data.find(b"endstream", start.end())
        end = end if end >= 0 else len(self.data)
        self.streams.append(_Stream(self._dictionary_names(), start.end(), end))
        self._after_last_stream = len(self.text)
        return self._hide(at, min(end + len(b"endstream"), len(self.data)))

    def _dictionary_names(self) -> set[str]:
        """The names of the stream's own object, from its `obj` keyword on; none where no
        object stream's mark (`/ObjStm`, `/First`, an escape) is, which is nearly everywhere."""
        start = _last_obj_keyword(self.text, self._after_last_stream, len(self.text))
        start = self._after_last_stream if start is None else start
        if not any(self.text.find(mark, start) >= 0 for mark in (b"First", b"ObjStm", b"#")):
            return set()
        return {decode_name(found.group(1)) for found in _NAME.finditer(self.text, start)}


def _last_obj_keyword(text: bytearray, start: int, end: int) -> int | None:
    """Where the last `obj` keyword in [start, end) ends (`endobj` is not one)."""
    position = text.rfind(b"obj", start, end)
    while position >= 0:
        if _OBJ_KEYWORD.match(text, position):
            return position + len(b"obj")
        position = text.rfind(b"obj", start, position)
    return None


def _string_end(scan: _Scan, start: int) -> int:
    """Where a literal string opened at `start` ends: parentheses balance, `\\` escapes. One
    never closed is not skipped at all, so nothing hides behind a stray parenthesis."""
    depth, position = 1, start + 1
    while depth:
        scan.budget.step()
        part = _STRING_PART.search(scan.data, position)
        if part is None:
            return start + 1
        position = part.end() + (1 if part.group() == b"\\" else 0)
        depth += {b"(": 1, b")": -1}.get(part.group(), 0)
    return position


def _object_stream_content(stream: _Stream, data: bytes | bytearray, budget: _Budget) -> bytes:
    """The objects an object stream packs, as text; refused if it cannot be read here: a
    filter other than Flate, predictors, or a filter given by reference (a viewer follows it)."""
    names = stream.dictionary
    filters = names & _FILTERS
    raw = memoryview(data)[stream.start : stream.end]
    if not filters and "Filter" not in names:
        content = bytes(raw)
    elif filters and filters <= {"FlateDecode", "Fl"} and not names & {"DecodeParms", "DP"}:
        try:
            content = zlib.decompressobj().decompress(raw, budget.inflated + 1)
        except zlib.error as error:
            raise _Refused("object stream does not inflate") from error
    else:
        raise _Refused("object stream filter " + ",".join(sorted(filters) or ["by reference"]))
    if len(content) > budget.inflated:
        raise _Refused("object streams inflate past the budget")
    budget.inflated -= len(content)
    return content


def _is_object_stream(stream: _Stream) -> bool:
    # A viewer reads packed objects by `/N` and `/First` whatever `/Type` says.
    return "ObjStm" in stream.dictionary or {"N", "First"} <= stream.dictionary


def _appended_problem(data: bytes | bytearray) -> Refusal | None:
    end = data.rfind(b"%%EOF")
    if end < 0:
        return Refusal(APPENDED, "no %%EOF")
    after = len(data) - end - len(b"%%EOF")
    if after > TRAILING_WHITESPACE_MAX or bytes(data[end + len(b"%%EOF") :]).strip(_WHITESPACE):
        return Refusal(APPENDED, f"{after} bytes after %%EOF")
    return None


def _active_names(data: bytes | bytearray) -> set[str]:
    budget = _Budget()
    scan = _Scan(data, budget, streams_allowed=True)
    found = scan.names()
    for stream in scan.streams:
        if _is_object_stream(stream):
            content = _object_stream_content(stream, data, budget)
            found |= _Scan(content, budget, streams_allowed=False).names()
    return found


def pdf_refusal(data: bytes | bytearray) -> Refusal | None:
    """Why this PDF (the whole file) is refused, or None if it may be kept."""
    appended = _appended_problem(data)
    if appended:
        return appended
    try:
        found = _active_names(data)
    except _Refused as refused:
        return Refusal(UNREADABLE, refused.detail)
    if found:
        return Refusal(ACTIVE, ",".join(sorted(found)))
    # A program put in before one more `%%EOF`, outside any embedded file.
    if any(data.find(stub) >= 0 for stub in _DOS_STUBS):
        return Refusal(APPENDED, "windows program inside")
    return None
