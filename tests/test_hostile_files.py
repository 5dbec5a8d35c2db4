"""Hostile and broken files: each ends in a clear error (file and reason) or a bounded,
correct result, never a hang, a crash, a memory blow-up or a half-written graph.

Every file is generated here. The fast tests feed each one to ``read_table`` in this
process; the slow ones run the real ``plankg load FILE --store DIR`` in a subprocess with
a timeout and an address-space cap, against a store that already holds the corpus, and
check that the store holds exactly what it held before.
"""

from __future__ import annotations

import csv
import http.server
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from extractor.model import PlanReadError, Table
from extractor.read import read_table
from extractor.read.limits import ReadLimits
from extractor.rows import plan_rows
from fuzz.documents import small_docx, small_odt, small_xlsx
from tests.conftest import MOESSINGEN, ROOT

TIMEOUT_S = 60
MEMORY_CAP = 2 * 1024**3
CORPUS_MEASURES = 27
_LIMIT_ENV = {
    "max_file_bytes": "PLANKG_MAX_FILE_BYTES",
    "max_cell_chars": "PLANKG_MAX_CELL_CHARS",
    "max_rows": "PLANKG_MAX_ROWS",
    "max_unpacked_bytes": "PLANKG_MAX_UNPACKED_BYTES",
}


# --- a loopback server that records every request (DTD fetches must never reach it) ---

class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        _Recorder.hits.append(self.path)
        body = b'<!ENTITY leak "FETCHED_FROM_NETWORK">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


_SERVER = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
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


def _corpus_as(name: str, encoding: str) -> Callable[[Path], Path]:
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
    Case("env-max-rows", _corpus_as("rows.tsv", "utf-8"), "more than 10 rows",
         limits={"max_rows": 10}),
    Case("env-max-cell", _corpus_as("cells.tsv", "utf-8"), "limit 100\\)",
         limits={"max_cell_chars": 100}),
    Case("env-max-file", _corpus_as("file.tsv", "utf-8"), "limit of 1000\\b",
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
    Case("ebcdic.tsv", _corpus_as("ebcdic.tsv", "cp500"), "no plan table|cannot decode"),
    Case("whitespace.tsv", _write("blank.tsv", " \n\t\n" * 1000), "no plan table"),
    *[Case(f"empty{s}", _write(f"empty{s}", b""), "the file is empty")
      for s in (".tsv", ".html", ".docx", ".xlsx", ".odt", ".pdf")],
    Case("cp1252.tsv", _corpus_as("cp1252.tsv", "cp1252"), ok=True),
    Case("utf16-bom.tsv", _corpus_as("utf16.tsv", "utf-16"), ok=True),
    Case("utf8-bom.tsv", _corpus_as("bom.tsv", "utf-8-sig"), ok=True),
    Case("utf16-bom.html", _write("utf16.html", plan_html().encode("utf-16")), ok=True),
]
CASE_IDS = [c.name for c in CASES]


def limits_for(case: Case) -> ReadLimits:
    return ReadLimits(**case.limits)


# --- in process: the readers themselves ---------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_reader_ends_cleanly(case: Case, tmp_path: Path) -> None:
    path = case.build(tmp_path)
    _Recorder.hits.clear()
    started = time.monotonic()
    if case.ok:
        table = read_table(path, limits_for(case))
        assert isinstance(table, Table)
        assert len(plan_rows(table).rows) == CORPUS_MEASURES
        texts = " ".join(c.text for row in table.rows for c in row)
        assert "Maßnahmen" in texts and "Fachtag" in texts  # decoded right, not mojibake
        assert "FETCHED_FROM_NETWORK" not in texts and "root:" not in texts
    else:
        with pytest.raises(PlanReadError) as err:
            plan_rows(read_table(path, limits_for(case)))
        assert err.value.file in (str(path), path.name)
        assert re.search(case.reason, err.value.reason), err.value.reason
    assert not _Recorder.hits, f"the reader fetched {_Recorder.hits}"
    assert time.monotonic() - started < (case.quick or TIMEOUT_S)


def test_utf16_and_cp1252_read_the_same_cells_as_utf8(tmp_path: Path) -> None:
    text = MOESSINGEN.read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-be", "cp1252", "utf-8-sig"):
        # cp1252 lacks a few characters of the corpus; compare with what it can hold.
        same = tmp_path / f"reference-{encoding}.tsv"
        same.write_text(text.encode(encoding, "replace").decode(encoding).lstrip("\ufeff"),
                        encoding="utf-8")
        reference = [[c.text for c in row] for row in read_table(same).rows]
        path = _corpus_as(f"plan-{encoding}.tsv", encoding)(tmp_path)
        if encoding == "utf-16-be":  # no BOM from this codec: add one, as Excel does
            path.write_bytes(b"\xfe\xff" + path.read_bytes())
        assert [[c.text for c in row] for row in read_table(path).rows] == reference, encoding


def test_limits_come_from_the_configuration() -> None:
    from plankg.config import Config

    env = {"PLANKG_MAX_ROWS": "7", "PLANKG_MAX_CELL_CHARS": "99",
           "PLANKG_MAX_FILE_BYTES": "12345", "PLANKG_MAX_UNPACKED_BYTES": "54321"}
    assert Config.load(environ=env).read_limits() == ReadLimits(
        max_file_bytes=12345, max_cell_chars=99, max_rows=7, max_unpacked_bytes=54321)
    assert Config.load(environ={}).read_limits() == ReadLimits()


# --- end to end: plankg load in a capped subprocess -----------------------------------------

@dataclass
class Outcome:
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    before: tuple[int, list[str]]
    after: tuple[int, list[str]]
    path: Path
    hits: list[str]


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def store_state(directory: Path) -> tuple[int, list[str]]:
    from store import open_store

    store = open_store(directory, read_only=True)
    try:
        return store.triple_count(), store.named_graphs()
    finally:
        store.close()


def plankg_load(path: Path, store: Path, env: dict[str, str] | None = None,
                timeout: float = TIMEOUT_S) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plankg.cli", "load", str(path), "--store", str(store)],
        cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True,
        timeout=timeout, preexec_fn=_cap_memory,
    )


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("stores") / "with-corpus"
    done = plankg_load(MOESSINGEN, store)
    assert done.returncode == 0, done.stderr
    return store


@pytest.fixture(scope="module")
def outcomes(loaded_store: Path, tmp_path_factory) -> dict[str, Outcome]:
    """Run every case as its own ``plankg load`` (a few at a time: each loads spaCy)."""
    _Recorder.hits.clear()

    def run(case: Case) -> Outcome:
        work = tmp_path_factory.mktemp(case.name)
        path = case.build(work)
        store = work / "store"
        shutil.copytree(loaded_store, store)
        before = store_state(store)
        env = {_LIMIT_ENV[k]: str(v) for k, v in case.limits.items()}
        started = time.monotonic()
        try:
            done = plankg_load(path, store, env)
            code, out, err = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as exc:
            code, out, err = None, str(exc.stdout or ""), str(exc.stderr or "")
        seconds = time.monotonic() - started
        hits = list(_Recorder.hits) if case.no_network else []
        return Outcome(code, out, err, seconds, before, store_state(store), path, hits)

    with ThreadPoolExecutor(max_workers=max(2, (os.cpu_count() or 2))) as pool:
        return dict(zip(CASE_IDS, pool.map(run, CASES), strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_plankg_load_ends_cleanly(case: Case, outcomes: dict[str, Outcome]) -> None:
    got = outcomes[case.name]
    assert got.returncode is not None, f"plankg load hung for {TIMEOUT_S} s"
    assert "Traceback" not in got.stderr, got.stderr[-3000:]
    assert not got.hits, f"a DTD or entity was fetched from the network: {got.hits}"
    if case.quick:
        assert got.seconds < case.quick, f"took {got.seconds:.1f} s"
    if case.ok:
        assert got.returncode == 0, got.stderr
        assert f"loaded {CORPUS_MEASURES} measures" in got.stdout, got.stdout
        assert len(got.after[1]) == len(got.before[1]) + 1  # one new, complete document
        return
    assert got.returncode != 0
    line = next((x for x in got.stderr.splitlines() if x.startswith("error:")), "")
    named = str(got.path) if str(got.path) in line else got.path.name
    assert named in line, got.stderr[-2000:]
    reason = line.split(named, 1)[1]
    assert re.search(case.reason, reason), line
    assert "nothing stored" in line
    assert got.after == got.before, "the store changed although the load failed"


def test_every_case_has_a_reason_or_a_result() -> None:
    for case in CASES:
        assert case.ok or case.reason, case.name
    assert len(set(CASE_IDS)) == len(CASE_IDS)
