"""Pytest plugin: a real Virtuoso Open Source 7 server for the session, on loopback.

Debian's ``virtuoso-opensource`` package gives ``virtuoso-t`` (the server) and ``isql-vt``
(its SQL client); scripts/test.sh installs it where it may. The server gets a fresh
database in a temporary folder, its SQL and HTTP ports on 127.0.0.1 only, and is stopped
after the session. Virtuoso's /sparql endpoint runs as the SQL user "SPARQL", which may
not write; the fixture grants it SPARQL_UPDATE (on loopback, for the tests only — see the
README for a server others can reach).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

_START_TIMEOUT = 120.0
_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_answering(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: "
                               f"{log.read_text(errors='replace')[-2000:]}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet
            pass
        time.sleep(0.25)
    raise RuntimeError(f"Virtuoso did not answer at {url} within {_START_TIMEOUT:g} s")


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start Virtuoso with a fresh database; yield its SPARQL endpoint URL
    (http://127.0.0.1:PORT/sparql)."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if server is None or isql is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource; "
                    "scripts/test.sh does so where it runs as root)")
    workdir = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(_INI.format(dir=workdir, sql_port=sql_port, http_port=http_port),
                   encoding="utf-8")
    log = workdir / "server.log"
    url = f"http://127.0.0.1:{http_port}/sparql"
    with log.open("wb") as log_file:
        process = subprocess.Popen([server, "+foreground", "+configfile", str(ini)],
                                   cwd=workdir, stdout=log_file, stderr=subprocess.STDOUT)
    try:
        _wait_until_answering(process, url, log)
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba",
                        'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
