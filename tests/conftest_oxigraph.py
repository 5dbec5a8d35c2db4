"""Pytest plugin: a real Oxigraph SPARQL server for the session.

Register it in tests/conftest.py with ``pytest_plugins = ["tests.conftest_oxigraph"]``
(or run pytest with ``-p tests.conftest_oxigraph``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

_START_TIMEOUT = 30.0


def oxigraph_executable() -> str | None:
    """The `oxigraph` CLI from the `oxigraph` PyPI package: beside this interpreter, or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    return shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_answering(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"oxigraph serve exited with {process.returncode}: {log.read_text()[-2000:]}"
            )
        try:
            response = requests.get(f"{base_url}/query", params={"query": "ASK {}"}, timeout=5)
            if response.status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or slow to answer at first
            pass
        time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not answer at {base_url} within {_START_TIMEOUT} s")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start `oxigraph serve` on 127.0.0.1 with a fresh on-disk store; yield its base URL
    (http://127.0.0.1:PORT, with /query, /update and /store beneath)."""
    executable = oxigraph_executable()
    if executable is None:
        pytest.skip("the `oxigraph` server is not installed (pip install 'oxigraph>=0.5,<0.6')")
    workdir = tmp_path_factory.mktemp("oxigraph")
    log = workdir / "server.log"
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                executable,
                "serve",
                "--location",
                str(workdir / "store"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_answering(process, base_url, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
