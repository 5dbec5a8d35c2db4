"""One load path: ``plankg extract``, ``plankg load`` and ``POST /api/documents`` run the
same steps and report the same warnings for the same file."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from plankg.app import Plankg
from plankg.config import Config
from service import create_app

from .conftest import MOESSINGEN

TOKEN = "load-path-token"


def _warnings(text: str) -> list[str]:
    return sorted(m.group(1) for m in re.finditer(r"^\s*warning: (.+)$", text, re.M))


@pytest.fixture(scope="module")
def through_each_door(tmp_path_factory) -> dict[str, list[str]]:
    from plankg.cli import main

    work = tmp_path_factory.mktemp("load-path")
    runner = CliRunner()
    extracted = runner.invoke(main, ["extract", str(MOESSINGEN), "-o", str(work / "o.trig")])
    assert extracted.exit_code == 0, extracted.output
    loaded = runner.invoke(main, ["load", str(MOESSINGEN), "--store", str(work / "cli")])
    assert loaded.exit_code == 0, loaded.output
    app = Plankg(Config.load(store=str(work / "api"), token=TOKEN, environ={}))
    try:
        with MOESSINGEN.open("rb") as fh:
            answer = create_app(app=app).test_client().post(
                "/api/documents", data={"file": (fh, MOESSINGEN.name)},
                headers={"Authorization": f"Bearer {TOKEN}"})
    finally:
        app.close()
    assert answer.status_code == 201, answer.get_json()
    return {"extract": _warnings(extracted.output), "load": _warnings(loaded.output),
            "upload": sorted(answer.get_json()["warnings"])}


def test_every_door_reports_the_same_warnings(through_each_door):
    assert through_each_door["extract"], "the corpus file gives warnings to compare"
    assert through_each_door["load"] == through_each_door["extract"]
    assert through_each_door["upload"] == through_each_door["extract"]


def test_a_second_load_still_reports_the_warnings(tmp_path, rule_based_extractor):
    app = Plankg(Config.load(store=str(tmp_path / "s"), environ={}))
    app.__dict__["extractor"] = rule_based_extractor
    try:
        first, again = app.load(MOESSINGEN), app.load(MOESSINGEN)
    finally:
        app.close()
    assert (first.status, again.status) == ("loaded", "unchanged")
    assert again.warnings == first.warnings != []
