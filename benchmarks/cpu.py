"""How busy a process and its descendants are, read from /proc (Linux), without psutil."""

from __future__ import annotations

import os
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds used) of a live process, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the name may hold spaces and parentheses
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds used so far by ``root`` and every live descendant, by pid."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            stats[int(entry.name)] = stat
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    used, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            used[pid] = stats[pid][1]
            todo.extend(children.get(pid, []))
    return used


def busy_cores(root: int, window: float = 0.5) -> float:
    """Cores kept busy by the tree over the next ``window`` seconds (1.0: one full core)."""
    before = tree_cpu(root)
    time.sleep(window)
    after = tree_cpu(root)
    spent = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
    return max(0.0, spent) / window


def seconds_until_idle(root: int, *, threshold: float = 0.1, window: float = 0.5,
                       limit: float = 60.0) -> float | None:
    """Seconds until the tree uses less than ``threshold`` cores over one window; None if
    it is still busy after ``limit`` seconds."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if busy_cores(root, window) < threshold:
            return time.monotonic() - started - window
    return None
