"""How many CPU threads the local model should use for the next request.

llama.cpp splits each matrix product evenly across its threads and waits for the
slowest, so a thread that shares a core with another busy process stalls all of them.
Measured with the 0.5B model on 2 cores (100 tokens of prefill and 30 decoded after a
700-token prefix, median of 4): idle, 2 threads 0.40 s and 1 thread 0.75 s; with one
busy process elsewhere 1.23 s against 0.75 s; with two, 11.9 s against 1.14 s. So with
the `threads` setting at 0 the model uses the cores nobody else is running on, counted
just before each request (`benchmarks/load.py` measures the effect).
"""

from __future__ import annotations

import os
from pathlib import Path


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def runnable_elsewhere(proc: Path = Path("/proc")) -> int:
    """Threads of other processes running or ready to run now; 0 where /proc is absent."""
    try:
        stat = (proc / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0
    try:
        running = next(
            int(line.split()[1]) for line in stat.splitlines() if line.startswith("procs_running")
        )
    except (StopIteration, IndexError, ValueError):
        return 0
    # procs_running counts this process's own threads too: the one reading, and llama.cpp
    # workers still spinning after the previous request.
    own = 0
    try:
        tasks = list((proc / "self" / "task").iterdir())
    except OSError:
        tasks = []
    for task in tasks:
        try:
            fields = (task / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue  # the thread ended meanwhile
        own += fields.rpartition(")")[2].split()[:1] == ["R"]
    return max(0, running - own)


def free_threads(cpus: int, busy: int) -> int:
    """Threads for llama.cpp: one per CPU that `busy` other runnable threads leave free."""
    return max(1, cpus - busy)


def threads_now() -> int:
    """Threads for the next request: the CPUs this process may use that others leave free.

    The count of runnable threads is machine-wide, and all of them are taken to be on
    this process's CPUs: when the affinity mask is smaller than the machine that may
    give too few threads (a slower request), never too many (a stalled one).
    """
    return free_threads(usable_cpus(), runnable_elsewhere())
