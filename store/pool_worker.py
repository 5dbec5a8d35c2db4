"""One killable query worker process of store/pool.py, and how much CPU it used.

The process runs store/query_worker.py as a plain script (it imports nothing of the
package, so that a replacement is ready quickly; the API lane's workers import the store
layer's questions at start, as they answer them whole); it talks over a socket pair with
pickled tuples, and is killed (SIGKILL) when its query runs out of time. Each reply
carries the process's CPU time, so a query is charged without reading /proc.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

from store.errors import StoreError

log = logging.getLogger(__name__)

WORKER_SCRIPT = Path(__file__).with_name("query_worker.py")
FOREGROUND, API, BACKGROUND = "foreground", "api", "background"
LANES = (FOREGROUND, API, BACKGROUND)
# nice 19: 1.5 % of the CPU weight of a normal process, so that the quick questions of the
# foreground (and the web process that asks them) win the CPU whenever they want it; a
# long query runs on what they leave, which on a busy machine is little.
LOW_PRIORITY = 19
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Worker:
    """One worker process and its end of the socket."""

    def __init__(self, store_path: Path, memory_bytes: int, lane: str = FOREGROUND) -> None:
        background = lane == BACKGROUND
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-I", str(WORKER_SCRIPT), str(theirs.fileno()), str(store_path),
             str(memory_bytes), str(LOW_PRIORITY if background else 0),
             "1" if lane == API else "0"],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, close_fds=True)
        theirs.close()
        self.conn = Connection(ours.detach())
        self.lane = lane
        self.background = background  # started at low priority, for heavy clients
        self.niced = background
        self.last_used = time.monotonic()
        # The CPU seconds the process had used when it sent its last reply.
        self.cpu_total = 0.0
        if not self.conn.poll(30) or (ready := self.conn.recv())[1:] != (("ready",),):
            self.kill()
            raise StoreError("a query worker did not start")
        self.cpu_total = ready[0]

    def reply(self) -> tuple:
        """The worker's answer to the job it was sent (it is ready: poll first)."""
        self.cpu_total, answer = self.conn.recv()
        return answer

    def cpu_seconds(self) -> float | None:
        """CPU seconds the process has used (Linux /proc), None if it cannot be read."""
        try:
            text = Path(f"/proc/{self.process.pid}/stat").read_text()
        except OSError:
            return None
        fields = text[text.rindex(")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def lower_priority(self) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, LOW_PRIORITY)
            self.niced = True
        except OSError:  # it has just ended: the caller finds out from the socket
            pass

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log.warning("query worker %d did not end after SIGKILL", self.process.pid)
        self.conn.close()


def cpu_used(worker: Worker, cpu_before: float | None, wall: float) -> float:
    """The CPU seconds the worker spent since ``cpu_before``; ``wall`` if unknown (no
    /proc, or the worker is gone: killed at the limit, it was busy all along)."""
    cpu_now = worker.cpu_seconds() if cpu_before is not None else None
    return wall if cpu_now is None else max(0.0, cpu_now - cpu_before)
