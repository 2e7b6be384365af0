"""What an office file (DOCX, ODT: ZIP archives) would unpack to, read from the end of the file
alone: the central directory lists every entry with its packed and unpacked sizes, so a bomb is
told without unpacking a byte.

Refused: an archive that is not readable as one (split, encrypted, an unknown compression, a
directory that does not add up, data after its end record), one that would unpack to more than
`UNPACKED_MAX` or more than `RATIO_MAX` times its size, whose entries overlap (the bombs that
reuse one packed stream for many entries), with more than `ENTRIES_MAX` entries, and one that
carries macros or OLE objects (a packaged program among them) a reviewer's Word could run.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from chalicelib.domain.uploads import Refusal

UNPACKED_MAX = 100 * 1024 * 1024
RATIO_MAX = 100
# Small XML compresses very well; the ratio counts only past this much unpacked.
RATIO_GRACE = 1024 * 1024
ENTRIES_MAX = 1000
# What is read from the end of the file: the directory of ENTRIES_MAX entries with ordinary
# names and the end record with the longest comment fit.
TAIL_BYTES = 256 * 1024

BOMB = "attachment_archive_bomb"
ACTIVE = "attachment_active_content"
UNREADABLE = "attachment_unreadable"

_END = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END = struct.Struct("<4sQ2H2L4Q")
_ENTRY = struct.Struct("<4s6H3L5H2L")
_ENTRY_SIGNATURE = b"PK\x01\x02"
_LOCAL_HEADER_SIZE = 30
_ZIP64_MARK = 0xFFFFFFFF
_STORED, _DEFLATED = 0, 8
_ENCRYPTED = 0x1


class _Unreadable(Exception):
    pass


class _Bomb(Exception):
    pass


@dataclass(frozen=True)
class _Entry:
    name: str
    packed: int
    unpacked: int
    offset: int
    name_length: int


@dataclass(frozen=True)
class _Directory:
    start: int
    entries: list[_Entry]


def _end_record(tail: bytes, tail_start: int) -> tuple[int, int, int, int]:
    """(entries, directory size, directory start, where the directory must end)."""
    position = tail.rfind(_END_SIGNATURE)
    while position >= 0:
        if position + _END.size <= len(tail):
            *_, comment_length = _END.unpack_from(tail, position)
            if position + _END.size + comment_length == len(tail):
                break
        position = tail.rfind(_END_SIGNATURE, 0, position)
    else:
        raise _Unreadable("no end record at the end of the file")
    _, disk, directory_disk, disk_entries, entries, size, start, _ = _END.unpack_from(
        tail, position
    )
    if disk or directory_disk or disk_entries != entries:
        raise _Unreadable("split archive")
    if _ZIP64_MARK not in (size, start) and entries != 0xFFFF:
        return entries, size, start, tail_start + position
    return _zip64_end_record(tail, tail_start, position)


def _zip64_end_record(tail: bytes, tail_start: int, end_at: int) -> tuple[int, int, int, int]:
    locator_at = end_at - _ZIP64_LOCATOR.size
    if locator_at < 0:
        raise _Unreadable("zip64 locator missing")
    signature, _, record_offset, _ = _ZIP64_LOCATOR.unpack_from(tail, locator_at)
    record_at = record_offset - tail_start
    if signature != b"PK\x06\x07" or not 0 <= record_at <= len(tail) - _ZIP64_END.size:
        raise _Unreadable("zip64 end record missing")
    fields = _ZIP64_END.unpack_from(tail, record_at)
    signature, _, _, _, disk, directory_disk, disk_entries, entries, size, start = fields
    if signature != b"PK\x06\x06" or disk or directory_disk or disk_entries != entries:
        raise _Unreadable("zip64 end record damaged")
    return entries, size, start, record_offset


def _zip64_sizes(extra: bytes, packed: int, unpacked: int, offset: int) -> tuple[int, int, int]:
    """The real values of the fields set to 0xFFFFFFFF, from the zip64 extra field, in order."""
    position = 0
    while position + 4 <= len(extra):
        header, length = struct.unpack_from("<2H", extra, position)
        if header == 0x0001:
            values = iter(struct.unpack_from(f"<{length // 8}Q", extra, position + 4))
            try:
                unpacked = next(values) if unpacked == _ZIP64_MARK else unpacked
                packed = next(values) if packed == _ZIP64_MARK else packed
                offset = next(values) if offset == _ZIP64_MARK else offset
            except StopIteration as error:
                raise _Unreadable("zip64 extra field short") from error
            return packed, unpacked, offset
        position += 4 + length
    raise _Unreadable("zip64 sizes missing")


def _directory(tail: bytes, size: int) -> _Directory:
    tail_start = size - len(tail)
    count, directory_size, start, directory_end = _end_record(tail, tail_start)
    if count > ENTRIES_MAX:
        raise _Bomb(f"{count} entries")
    if start + directory_size != directory_end:
        raise _Unreadable("directory not where the end record says")
    if start < tail_start:
        raise _Unreadable("directory larger than the end of the file read")
    entries, position = [], start - tail_start
    for _ in range(count):
        if tail[position : position + 4] != _ENTRY_SIGNATURE:
            raise _Unreadable("directory entry damaged")
        fields = _ENTRY.unpack_from(tail, position)
        flags, method, packed, unpacked = fields[3], fields[4], fields[8], fields[9]
        name_length, extra_length, comment_length, offset = (
            fields[10],
            fields[11],
            fields[12],
            fields[16],
        )
        if flags & _ENCRYPTED or method not in (_STORED, _DEFLATED):
            raise _Unreadable("encrypted entry or unknown compression")
        name_at = position + _ENTRY.size
        extra = tail[name_at + name_length : name_at + name_length + extra_length]
        if _ZIP64_MARK in (packed, unpacked, offset):
            packed, unpacked, offset = _zip64_sizes(extra, packed, unpacked, offset)
        name = tail[name_at : name_at + name_length].decode("utf-8", "replace")
        entries.append(_Entry(name, packed, unpacked, offset, name_length))
        position = name_at + name_length + extra_length + comment_length
    if position != directory_end - tail_start:
        raise _Unreadable("directory does not add up")
    return _Directory(start, entries)


def _runs_code(name: str) -> bool:
    """Macros (Word's `vbaProject.bin`, LibreOffice's Basic modules and scripts) and OLE
    objects (`embeddings/*.bin`: Equation Editor exploits, packaged programs)."""
    lowered = name.lower()
    folder, _, base = lowered.rpartition("/")
    if base == "vbaproject.bin" or lowered.startswith("scripts/"):
        return True
    if folder.endswith("embeddings") and base.endswith(".bin"):
        return True
    index_files = {"script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml"}
    return lowered.startswith("basic/") and base.endswith(".xml") and base not in index_files


def _bomb(directory: _Directory, size: int) -> str | None:
    entries = directory.entries
    unpacked = sum(entry.unpacked for entry in entries)
    if unpacked > UNPACKED_MAX:
        return f"unpacks to {unpacked} bytes"
    if unpacked > RATIO_GRACE and unpacked > RATIO_MAX * size:
        return f"unpacks to {unpacked // size} times its size"
    for entry in entries:
        if entry.unpacked > RATIO_GRACE and entry.unpacked > RATIO_MAX * max(entry.packed, 1):
            return f"an entry unpacks to {entry.unpacked // max(entry.packed, 1)} times its size"
    ordered = sorted(entries, key=lambda entry: entry.offset)
    for entry, following in zip(ordered, [*ordered[1:], None], strict=True):
        ends = entry.offset + _LOCAL_HEADER_SIZE + entry.name_length + entry.packed
        if ends > (following.offset if following else directory.start):
            return "entries overlap"
    return None


def archive_refusal(tail: bytes, size: int) -> Refusal | None:
    """Why this archive is refused, given its last `len(tail)` bytes (at most TAIL_BYTES
    are needed) and its size; None if it may be kept."""
    try:
        directory = _directory(tail, size)
    except _Bomb as error:
        return Refusal(BOMB, str(error))
    except (_Unreadable, struct.error) as error:
        return Refusal(UNREADABLE, str(error) or "directory damaged")
    bomb = _bomb(directory, size)
    if bomb:
        return Refusal(BOMB, bomb)
    running = sorted({entry.name for entry in directory.entries if _runs_code(entry.name)})
    return Refusal(ACTIVE, "macros or objects: " + str(len(running))) if running else None
