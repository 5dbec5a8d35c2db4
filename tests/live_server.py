"""A real `plankg serve` process for end-to-end tests, started and stopped in one place."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def plankg_env(**variables: str) -> dict[str, str]:
    """The test process's environment with plankg settings; never a stray store."""
    env = {**os.environ, **variables}
    if "PLANKG_STORE" not in variables:
        env.pop("PLANKG_STORE", None)
    return env


def plankg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the command line as users do, in a process of its own."""
    return subprocess.run([sys.executable, "-m", "plankg.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@dataclass
class LiveServer:
    url: str
    port: int
    store: Path
    env: dict[str, str]
    log: Path
    process: subprocess.Popen

    def alive(self) -> bool:
        return self.process.poll() is None


@contextmanager
def plankg_serve(store: Path, env: dict[str, str], log: Path, *, port: int | None = None,
                 threads: int = 4) -> Iterator[LiveServer]:
    """Start `plankg serve` on 127.0.0.1, wait until it answers, stop it afterwards."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "plankg.cli", "serve", "--store", str(store),
             "--host", "127.0.0.1", "--port", str(port), "--threads", str(threads)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"plankg serve exited with {process.returncode}:\n"
                            f"{log.read_text()[-3000:]}")
            try:
                if requests.get(f"{url}/openapi.json", timeout=5).status_code == 200:
                    break
            except requests.RequestException:  # not listening yet, or slow to answer at first
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"plankg serve did not answer within 60 s:\n"
                            f"{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield LiveServer(url, port, store, env, log, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
