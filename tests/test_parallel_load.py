"""`plankg load` of several files: extracted in worker processes, stored by one writer in
the order given, with the same graph as one file after another."""

from __future__ import annotations

import json

from click.testing import CliRunner

from plankg.cli import main

from .conftest import MOESSINGEN
from .test_history import derive_2022


def test_parallel_load_stores_like_one_after_another(tmp_path):
    follow_up = derive_2022(MOESSINGEN, tmp_path)
    broken = tmp_path / "leer-status-2021-01-01.tsv"
    broken.write_text("nichts\n", encoding="utf-8")
    runner = CliRunner()
    files = [str(MOESSINGEN), str(broken), str(follow_up)]
    parallel = runner.invoke(main, ["load", *files, "--jobs", "2", "--store",
                                    str(tmp_path / "a")])
    assert parallel.exit_code == 1, parallel.output  # the broken file, and only it
    assert "leer-status-2021-01-01.tsv" in parallel.output
    assert parallel.output.count("loaded 27 measures") == 2  # both real reports
    serial = runner.invoke(main, ["load", *files, "--jobs", "1", "--store",
                                  str(tmp_path / "b")])
    assert serial.exit_code == 1

    def who(store: str) -> list[tuple]:
        result = runner.invoke(main, ["who", "Kühn", "--store", store, "--format", "json"])
        return sorted((r["measure"], r["status"], str(r["asOf"]))
                      for r in json.loads(result.output))

    assert who(str(tmp_path / "a")) == who(str(tmp_path / "b"))
    assert {as_of for _, _, as_of in who(str(tmp_path / "a"))} == {"2022-03-01"}
