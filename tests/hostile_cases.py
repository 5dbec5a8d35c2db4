"""Hostile and broken files, built here by the real libraries: the cases the reader tests
(test_hostile_readers.py) and the end-to-end load tests (test_hostile_load.py) share.

Each case builds one file and says how it must end: a clear error whose reason matches,
or a bounded, correct result. A loopback server records every request, so a DTD or entity
fetched from the network shows.
"""

from __future__ import annotations

import csv
import http.server
import random
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from extractor.read.limits import ReadLimits
from fuzz.documents import small_docx, small_odt, small_xlsx
from tests.conftest import MOESSINGEN

TIMEOUT_S = 60
MEMORY_CAP = 2 * 1024**3
CORPUS_MEASURES = 27


# --- a loopback server that records every request (DTD fetches must never reach it) ---

class Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        Recorder.hits.append(self.path)
        body = b'<!ENTITY leak "FETCHED_FROM_NETWORK">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


_SERVER = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
threading.Thread(target=_SERVER.serve_forever, daemon=True).start()
DTD_URL = f"http://127.0.0.1:{_SERVER.server_address[1]}/evil.dtd"


# --- building blocks ---------------------------------------------------------------------

def corpus_rows() -> list[list[str]]:
    with MOESSINGEN.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.reader(fh, delimiter="\t") if any(row)]


def plan_html(doctype: str = "", extra_cell: str = "") -> str:
    rows = corpus_rows()
    body = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows
    )
    return (f"{doctype}<html><head><meta charset='utf-8'><title>Integrationskonzept</title>"
            f"</head><body><h1>Integrationskonzept Mössingen</h1><table>{body}"
            f"{extra_cell}</table></body></html>")


LAUGHS = ('<!ENTITY a "LOLLOLLOLLOL">' + "".join(
    f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi", strict=True)
))


def rewrite_zip(src: Path, dst: Path, change: Callable[[str, bytes], bytes] | None = None,
                extra: Callable[[zipfile.ZipFile], None] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(info.filename, data) if change else data)
        if extra:
            extra(zout)
    src.unlink()
    return dst


def with_doctype(member: str, doctype: str, *, hide: int = 0):
    def change(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        decl, rest = data.split(b"?>", 1) if data.startswith(b"<?xml") else (b"", data)
        decl = decl + b"?>" if decl else b""
        # A comment pushes the DOCTYPE past a naive look at the first 4 KB.
        padding = b"<!--" + b"x" * hide + b"-->" if hide else b""
        return decl + padding + doctype.encode() + rest.replace(b"MARK", b"&i;&x;", 1)
    return change


def zeros_member(name: str, size: int) -> Callable[[zipfile.ZipFile], None]:
    def add(zout: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        chunk = b"\0" * (1 << 20)
        with zout.open(info, "w", force_zip64=True) as out:  # streamed: no 300 MB in memory
            for _ in range(size // len(chunk)):
                out.write(chunk)
    return add


def member(name: str, data: bytes) -> Callable[[zipfile.ZipFile], None]:
    return lambda zout: zout.writestr(name, data)


def stream_rows(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Bereich\tMaßnahmen\tWer?\tStatus 01.03.2021\n")
        block = "".join(f"B\tM{i}\tW\tläuft\n" for i in range(10_000))
        for _ in range(rows // 10_000):
            fh.write(block)
    return path


def repeated_ods_rows(path: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table as OdfTable
    from odf.table import TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = OdfTable(name="Plan")
    header = TableRow()
    for value in ("Bereich", "Maßnahme", "Wer?", "Status"):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=value))
        header.addElement(cell)
    table.addElement(header)
    row = TableRow(numberrowsrepeated=1_000_000_000)
    for value in ("B", "M", "W", "läuft"):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=value))
        row.addElement(cell)
    table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def garbage(size: int, *, nul: bool = True, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    alphabet = bytes(range(256)) if nul else bytes([*range(0x80, 0x100), 9, 10, 13, 1, 2, 3])
    return bytes(rng.choice(alphabet) for _ in range(size))


# --- the cases -------------------------------------------------------------------------

@dataclass
class Case:
    name: str
    build: Callable[[Path], Path]  # gets the directory, returns the file
    reason: str = ""  # regex the error's reason must match; "" with ok=True
    ok: bool = False  # a bounded, correct result instead of an error
    limits: dict[str, int] = field(default_factory=dict)
    quick: float | None = None  # seconds within which a subprocess must be done
    no_network: bool = False


def _write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def build(directory: Path) -> Path:
        path = directory / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path
    return build


def corpus_as(name: str, encoding: str) -> Callable[[Path], Path]:
    # "replace": EBCDIC has no dashes; every other encoding here holds the whole corpus.
    return _write(name, MOESSINGEN.read_text(encoding="utf-8").encode(encoding, "replace"))


def _docx(name: str, **kw) -> Callable[[Path], Path]:
    return lambda d: rewrite_zip(small_docx(d / ("src-" + name)), d / name, **kw)


def _xlsx(name: str, **kw) -> Callable[[Path], Path]:
    return lambda d: rewrite_zip(small_xlsx(d / ("src-" + name)), d / name, **kw)


def _odt(name: str, **kw) -> Callable[[Path], Path]:
    return lambda d: rewrite_zip(small_odt(d / ("src-" + name)), d / name, **kw)


XXE = f'<!DOCTYPE r [{LAUGHS}<!ENTITY x SYSTEM "file:///etc/passwd">]>'
DTD_FETCH = f'<!DOCTYPE r SYSTEM "{DTD_URL}">'
ENTITY = "declares (a DOCTYPE or )?entities"

CASES = [
    # XML/HTML entities and DTDs
    Case("html-xxe", _write("xxe.html", plan_html(
        '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "<tr><td>&x;</td></tr>")),
         ENTITY),
    Case("html-billion-laughs", _write("laughs.html", plan_html(
        f"<!DOCTYPE html [{LAUGHS}]>", "<tr><td>&i;</td></tr>")), ENTITY),
    Case("xhtml-xxe", _write("xxe.xhtml", '<?xml version="1.0"?>' + plan_html(
        '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>')), ENTITY),
    Case("html-utf16-entities", _write("xxe16.html", b"\xff\xfe" + plan_html(
        f"<!DOCTYPE html [{LAUGHS}]>", "<tr><td>&i;</td></tr>").encode("utf-16-le")), ENTITY),
    Case("html-external-dtd", _write("dtd.html", plan_html(
        f'<!DOCTYPE html PUBLIC "-//EVIL//DTD X//EN" "{DTD_URL}">', "<tr><td>&leak;</td></tr>")),
         ok=True, no_network=True),
    Case("docx-xxe", _docx("xxe.docx", change=with_doctype("word/document.xml", XXE)), ENTITY),
    Case("docx-xxe-hidden", _docx("hidden.docx", change=with_doctype(
        "word/document.xml", XXE, hide=10_000)), ENTITY),
    Case("docx-xxe-hidden-far", _docx("far.docx", change=with_doctype(
        "word/document.xml", XXE, hide=100_000)), "no root element within"),
    Case("docx-dtd-fetch", _docx("dtd.docx", change=with_doctype(
        "word/document.xml", DTD_FETCH)), ENTITY, no_network=True),
    Case("xlsx-xxe", _xlsx("xxe.xlsx", change=with_doctype("xl/worksheets/sheet1.xml", XXE)),
         ENTITY),
    Case("odt-billion-laughs", _odt("laughs.odt", change=with_doctype("content.xml", XXE)),
         ENTITY),
    # zip bombs and path tricks
    Case("docx-zip-bomb", _docx("bomb.docx", extra=zeros_member("word/media/big.bin", 300 << 20)),
         "zip bomb suspected", quick=30),
    Case("xlsx-zip-bomb", _xlsx("bomb.xlsx", extra=zeros_member("xl/big.xml", 300 << 20)),
         "zip bomb suspected", quick=30),
    Case("odt-many-members", _odt("members.odt", extra=lambda z: [
        z.writestr(f"m/{i}.txt", b"") for i in range(10_001)]), "zip bomb suspected"),
    Case("docx-unpacked-limit", _docx("unpacked.docx", extra=lambda z: [
        z.writestr(f"word/media/{i}.bin", garbage(600_000, seed=i)) for i in range(2)]),
         "unpacks to more than 1000000", limits={"max_unpacked_bytes": 1_000_000}),
    Case("docx-path-traversal", _docx("trav.docx", extra=member("../../evil.sh", b"x")),
         "unsafe path"),
    Case("xlsx-absolute-path", _xlsx("abs.xlsx", extra=member("/etc/cron.d/evil", b"x")),
         "unsafe path"),
    Case("odt-backslash-path", _odt("bs.odt", extra=member("..\\..\\evil.bat", b"x")),
         "unsafe path"),
    Case("docx-huge-gridspan", _docx("span.docx", change=lambda n, d: d.replace(
        b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1000000"/>', 1)
        if n == "word/document.xml" else d), "more than 1000 columns|cannot read"),
    # size limits
    Case("tsv-huge-cell", _write("cell.tsv", "Bereich\tMaßnahme\tWer?\tStatus\nB\t"
                                 + "M" * 5_000_000 + "\tW\tläuft\n"), "limit 20000"),
    Case("tsv-huge-quoted-cell", _write("quoted.tsv", "Bereich\tMaßnahme\tWer?\tStatus\nB\t\""
                                        + "M\n" * 100_000 + "\"\tW\tläuft\n"), "limit 20000"),
    Case("html-huge-cell", _write("cell.html", plan_html(
        extra_cell="<tr><td>" + "x " * 2_000_000 + "</td></tr>")), "limit 20000"),
    Case("tsv-two-million-rows", lambda d: stream_rows(d / "rows.tsv", 2_000_000),
         "more than 100000 rows", quick=30),
    Case("html-many-rows", _write("rows.html", "<table>" + "<tr><td>Maßnahme</td><td>x</td></tr>"
                                  * 150_000 + "</table>"), "more than 100000 rows", quick=40),
    Case("ods-billion-repeated-rows", lambda d: repeated_ods_rows(d / "repeat.ods"),
         "more than 100000 rows", quick=30),
    Case("env-max-rows", corpus_as("rows.tsv", "utf-8"), "more than 10 rows",
         limits={"max_rows": 10}),
    Case("env-max-cell", corpus_as("cells.tsv", "utf-8"), "limit 100\\)",
         limits={"max_cell_chars": 100}),
    Case("env-max-file", corpus_as("file.tsv", "utf-8"), "limit of 1000\\b",
         limits={"max_file_bytes": 1000}),
    # garbage, encodings, empty files
    *[Case(f"garbage{s}", _write(f"garbage{s}", garbage(100_000)),
           "binary|not a valid|not a PDF|not an HTML") for s in
      (".tsv", ".csv", ".html", ".docx", ".xlsx", ".odt", ".ods", ".pdf")],
    Case("garbage-no-nul.csv", _write("high.csv", garbage(100_000, nul=False)),
         "no plan table|decode|malformed"),
    Case("pdf-header-garbage", _write("fake.pdf", b"%PDF-1.7\n" + garbage(50_000)),
         "cannot read the PDF|no table"),
    Case("deep-nesting.html", _write("deep.html", "<table><tr><td>" * 200_000),
         "no table|more than"),
    Case("ebcdic.tsv", corpus_as("ebcdic.tsv", "cp500"), "no plan table|cannot decode"),
    Case("whitespace.tsv", _write("blank.tsv", " \n\t\n" * 1000), "no plan table"),
    *[Case(f"empty{s}", _write(f"empty{s}", b""), "the file is empty")
      for s in (".tsv", ".html", ".docx", ".xlsx", ".odt", ".pdf")],
    Case("cp1252.tsv", corpus_as("cp1252.tsv", "cp1252"), ok=True),
    Case("utf16-bom.tsv", corpus_as("utf16.tsv", "utf-16"), ok=True),
    Case("utf8-bom.tsv", corpus_as("bom.tsv", "utf-8-sig"), ok=True),
    Case("utf16-bom.html", _write("utf16.html", plan_html().encode("utf-16")), ok=True),
]
CASE_IDS = [c.name for c in CASES]


def limits_for(case: Case) -> ReadLimits:
    return ReadLimits(**case.limits)
