"""One configuration: every setting is a field of Config, read from a TOML file, the
environment and options in that order, and only there."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from plankg.app import Plankg
from plankg.config import Config

from .conftest import ROOT

SAMPLES = {"store": "/srv/plankg", "base_iri": "https://example.org/id/", "token": "t",
           "store_token": "st", "spacy_model": "de_core_news_sm", "hanta": False,
           "query_timeout": 5.0, "result_limit": 7, "max_upload_bytes": 1000,
           "allow_service": True, "max_file_bytes": 11, "max_cell_chars": 12, "max_rows": 13,
           "max_unpacked_bytes": 14, "municipalities": "/srv/m.csv",
           "organisations": "/srv/o.csv", "abbreviations": "/srv/a.csv",
           "given_names": "/srv/g.txt", "data_dir": "/srv/data",
           "sparql_union_default_graph": True, "query_workers": 2, "query_memory_mb": 512,
           "query_queue": 3, "client_queries": 2, "rate_limit": 1.5, "rate_burst": 9,
           "reconcile_batch": 10}


def test_every_field_comes_from_the_environment() -> None:
    assert set(SAMPLES) == {f.name for f in dataclasses.fields(Config)}
    env = {f"PLANKG_{k.upper()}": str(v).lower() if isinstance(v, bool) else str(v)
           for k, v in SAMPLES.items()}
    assert dataclasses.asdict(Config.load(environ=env)) == SAMPLES


def test_file_then_environment_then_options(tmp_path: Path) -> None:
    toml = tmp_path / "plankg.toml"
    toml.write_text('[plankg]\nresult_limit = 3\nquery_timeout = 9\nbase_iri = "https://a/"\n',
                    encoding="utf-8")
    config = Config.load(toml, environ={"PLANKG_QUERY_TIMEOUT": "4"}, base_iri="https://b")
    assert (config.result_limit, config.query_timeout, config.base_iri) == (3, 4.0, "https://b/")
    with pytest.raises(ValueError, match="unknown configuration key"):
        Config.load(environ={}, colour="blue")


def test_settings_reach_the_extractor(tmp_path: Path) -> None:
    table = tmp_path / "towns.csv"
    table.write_text("name,ags,ars,wikidata,geonames,aliases,source\nBeispielstadt,,,,,,\n",
                     encoding="utf-8")
    abbreviations = tmp_path / "abbr.csv"
    abbreviations.write_text("abbreviation,label,kind,note\nQXA,Querschnittsverein,organization,\n",
                             encoding="utf-8")
    app = Plankg(Config.load(environ={"PLANKG_MAX_ROWS": "5", "PLANKG_HANTA": "0",
                                      "PLANKG_MUNICIPALITIES": str(table),
                                      "PLANKG_ABBREVIATIONS": str(abbreviations)}))
    extractor = app.extractor
    assert extractor.limits.max_rows == 5
    assert "hanta" not in extractor.info.name
    assert extractor.references.recognise_municipality(["plan-beispielstadt-2021"]) \
        == "Beispielstadt"
    doc = extractor.nlp.make_doc("QXA")
    doc._.cell_role = "who"
    agents = [r.agent for r in extractor.nlp(doc)._.responsibilities]
    # unknown capitals are a unit; the user's table makes this one an organisation
    assert [a.kind for a in agents] == ["organization"]


def test_nothing_reads_the_environment_at_import() -> None:
    """Settings in the environment change nothing until a Config is loaded."""
    code = ("from extractor.read.limits import ReadLimits; "
            "from extractor.graph.build import DEFAULT_BASE, minter_for; "
            "import service, plankg.cli, store; "
            "print(ReadLimits().max_rows, DEFAULT_BASE)")
    env = {"PLANKG_MAX_ROWS": "3", "PLANKG_BASE_IRI": "https://elsewhere/", "PATH": "/usr/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True, timeout=120).stdout.split()
    assert out == ["100000", "https://w3id.org/plankg/id/"]
