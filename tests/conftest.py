"""Shared fixtures: real pipelines and real extractions, built once per session."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from extractor import Extractor
from extractor.language.pipeline import PipelineInfo, load_pipeline
from plankg.app import Plankg
from service import create_app
from tests.service_support import corpus_plankg

pytest_plugins = ["tests.conftest_oxigraph", "tests.conftest_virtuoso"]

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
MOESSINGEN = CORPUS / "moessingen-integrationskonzept-status-2021-03-01.tsv"
log = logging.getLogger(__name__)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Assert that the block takes less than ``seconds`` of wall-clock time. Only for tests
    marked ``timing``, which CI runs apart from the rest, on an otherwise idle machine."""
    started = time.monotonic()
    yield
    took = time.monotonic() - started
    assert took < seconds, f"took {took:.2f} s, limit {seconds:g} s"


def _modes() -> list[str]:
    """Pipelines to run the language tests in: always the plain rule-based one, then
    rule-based with HanTa tags, then a statistical spaCy model, where each is installed."""
    modes = ["rule-based"]
    try:
        import HanTa  # noqa: F401

        modes.append("rule-based+hanta")
    except ImportError:
        pass
    modes.append("statistical")
    return modes


_PIPELINES: dict[str, tuple] = {}


def pipeline_for(mode: str) -> tuple:
    if mode not in _PIPELINES:
        if mode == "statistical":
            from plankg.config import Config

            nlp, info = load_pipeline(Config.load().spacy_model, statistical=True, hanta=False)
            if info.mode != "statistical":
                pytest.skip("no statistical German spaCy model installed "
                            "(set PLANKG_SPACY_MODEL or install de_core_news_md)")
        else:
            nlp, info = load_pipeline(statistical=False, hanta=mode.endswith("hanta"))
        _PIPELINES[mode] = (nlp, info)
    return _PIPELINES[mode]


@pytest.fixture(scope="session", params=_modes())
def pipeline(request) -> tuple:
    nlp, info = pipeline_for(request.param)
    return nlp, info


@pytest.fixture(scope="session")
def extractor(pipeline) -> Extractor:
    nlp, info = pipeline
    return Extractor(nlp, info)


@pytest.fixture(scope="session")
def rule_based_extractor() -> Extractor:
    nlp, info = pipeline_for("rule-based")
    return Extractor(nlp, info)


def pytest_report_header(config) -> list[str]:
    lines = []
    for mode in _modes():
        try:
            _, info = pipeline_for(mode)
        except pytest.skip.Exception as exc:
            lines.append(f"plankg pipeline {mode}: not available ({exc.msg})")
            continue
        assert isinstance(info, PipelineInfo)
        lines.append(f"plankg pipeline {mode}: {info}")
    return lines


# --- the service over the corpus, loaded once per session into an on-disk store --------

@pytest.fixture(scope="session")
def plankg_app(tmp_path_factory: pytest.TempPathFactory) -> Plankg:
    return corpus_plankg(tmp_path_factory)


@pytest.fixture(scope="session")
def web_app(plankg_app: Plankg) -> Flask:
    web = create_app(app=plankg_app)
    web.testing = True
    return web


@pytest.fixture()
def client(web_app: Flask) -> FlaskClient:
    return web_app.test_client()


@pytest.fixture()
def listener() -> Iterator:
    """A listener on 127.0.0.1 that counts connections: did the server call out?"""
    from tests.abuse_support import Listener

    lst = Listener()
    yield lst
    lst.close()
