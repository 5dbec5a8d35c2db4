"""Safety checks for zip-based documents (.docx, .xlsx, .odt, .ods) before a library opens them.

Office libraries unpack whatever the archive says. These checks look only at the
central directory (and the first bytes of each XML part), so a hostile file is refused
before anything large is decompressed. Python's zipfile never inflates a member past
the size its header declares, so checking the declared sizes bounds the real work.
"""

from __future__ import annotations

import codecs
import logging
import lzma
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from ..model import PlanReadError
from .limits import ReadLimits

log = logging.getLogger(__name__)

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
MAX_COMPRESSION_RATIO = 100
MAX_MEMBERS = 10_000
# Below this size a high ratio is harmless (tiny, repetitive XML parts compress well).
_RATIO_MIN_BYTES = 1024 * 1024
_PROLOG_BYTES = 65536  # real prologs are a line; longer is an attempt to hide one


def check_archive(path: Path, limits: ReadLimits) -> None:
    """Raise :class:`PlanReadError` unless ``path`` is a zip archive that is safe to open."""
    kind = path.suffix.lower() or "document"
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE2_SIGNATURE):
        raise PlanReadError(
            path,
            f"the {kind} file is password-protected (an encrypted or legacy binary Office "
            "file, OLE2 compound document); save it again without a password",
        )
    if not head.startswith(ZIP_SIGNATURE):
        raise PlanReadError(path, f"not a valid {kind} (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_members(path, members, limits)
            _check_xml_heads(path, archive, members)
    except zipfile.BadZipFile as exc:
        raise PlanReadError(
            path, f"not a valid {kind} (damaged or truncated zip archive: {exc})"
        ) from exc
    except (OSError, EOFError, NotImplementedError, RuntimeError, ValueError, zlib.error,
            lzma.LZMAError) as exc:
        # RuntimeError: zipfile's answer to encrypted members; zlib/lzma errors: a damaged
        # compressed stream; ValueError (UnicodeDecodeError): a member name that is not the
        # UTF-8 its flag promises. All found by fuzzing, where they escaped as crashes.
        raise PlanReadError(path, f"not a valid {kind} ({exc})") from exc


def _check_members(path: Path, members: list[zipfile.ZipInfo], limits: ReadLimits) -> None:
    if len(members) > MAX_MEMBERS:
        raise PlanReadError(path, f"zip bomb suspected: {len(members)} archive members")
    total = 0
    for info in members:
        if _unsafe_name(info.filename):
            raise PlanReadError(path, f"unsafe path in the archive: {info.filename!r}")
        if info.flag_bits & 0x1:
            raise PlanReadError(path, "the document is password-protected (encrypted zip members)")
        total += info.file_size
        if total > limits.max_unpacked_bytes:
            raise PlanReadError(
                path,
                f"zip bomb suspected: unpacks to more than {limits.max_unpacked_bytes} bytes",
            )
        if info.file_size > _RATIO_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise PlanReadError(
                    path,
                    f"zip bomb suspected: member {info.filename!r} has compression ratio "
                    f"{ratio:.0f}:1 (limit {MAX_COMPRESSION_RATIO}:1)",
                )


def _unsafe_name(name: str) -> bool:
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return True
    return ".." in PurePosixPath(normalised).parts


def _check_xml_heads(path: Path, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    # Office XML never carries a DOCTYPE; one in a part is an entity attack (billion
    # laughs, external entities), whatever the library's parser would do with it. A
    # DOCTYPE can only stand in the prolog, before the root element, so the prolog is read
    # to its end: comments or a two-byte encoding must not push it past a fixed window.
    for info in members:
        if not info.filename.lower().endswith((".xml", ".rels")) or info.is_dir():
            continue
        with archive.open(info) as part:
            head = part.read(_PROLOG_BYTES)
        problem = prolog_problem(head)
        if problem:
            raise PlanReadError(path, f"XML part {info.filename!r} {problem} (not allowed)")


def prolog_problem(head: bytes) -> str | None:
    """Why the XML prolog at the start of ``head`` is refused, or ``None`` if it is plain."""
    if not head.strip():
        return None
    text = _prolog_text(head)
    if text is None:
        return "is in an unsupported encoding"
    pos = 0
    while True:
        lt = text.find("<", pos)
        if lt < 0:
            return f"has no root element within its first {_PROLOG_BYTES} bytes"
        for opener, closer in (("<!--", "-->"), ("<?", "?>")):
            if text.startswith(opener, lt):
                end = text.find(closer, lt + len(opener))
                if end < 0:
                    return f"has no root element within its first {_PROLOG_BYTES} bytes"
                pos = end + len(closer)
                break
        else:
            if text.startswith("<!", lt):
                return "declares a DOCTYPE or entities"
            return None


def _prolog_text(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, b"<\x00?\x00")):
        return head.decode("utf-16-le", errors="replace")
    if head.startswith((codecs.BOM_UTF16_BE, b"\x00<\x00?")):
        return head.decode("utf-16-be", errors="replace")
    if b"\x00" in head[:4]:
        return None  # UTF-32 and friends: never used by Office
    # UTF-8 and the legacy 8-bit encodings keep markup characters in ASCII.
    return head.decode("latin-1")
