"""Write the seed corpus for fuzz_readers.py: one small valid file per reader."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fuzz.documents import small_docx, small_odt, small_xlsx  # noqa: E402
from fuzz.fuzz_readers import SUFFIXES  # noqa: E402


def main(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    lines = (ROOT / "corpus" / "moessingen-integrationskonzept-status-2021-03-01.tsv"
             ).read_bytes().splitlines(keepends=True)[:6]
    tsv = b"".join(lines)
    html = b"<table>" + b"".join(
        b"<tr>" + b"".join(b"<td>" + c + b"</td>" for c in line.rstrip(b"\r\n").split(b"\t"))
        + b"</tr>" for line in lines) + b"</table>"
    seeds = {".tsv": tsv, ".csv": tsv.replace(b"\t", b";"), ".html": html}
    for suffix, build in ((".docx", small_docx), (".xlsx", small_xlsx), (".odt", small_odt)):
        seeds[suffix] = build(target / f"tmp{suffix}").read_bytes()
        (target / f"tmp{suffix}").unlink()
    for suffix, data in seeds.items():
        (target / f"seed{suffix}").write_bytes(bytes([SUFFIXES.index(suffix)]) + data)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fuzz" / "corpus")
