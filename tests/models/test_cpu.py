"""Choosing the local model's thread count from the CPUs other processes leave free."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from familiar.models.cpu import free_threads, runnable_elsewhere, threads_now, usable_cpus


def test_threads_are_the_cpus_others_leave_free_and_never_zero() -> None:
    assert free_threads(8, 0) == 8
    assert free_threads(8, 3) == 5
    assert free_threads(2, 2) == 1
    assert free_threads(2, 40) == 1
    assert usable_cpus() >= 1


def fake_proc(root: Path, running: int, own_states: list[str]) -> Path:
    (root / "self" / "task").mkdir(parents=True)
    (root / "stat").write_text(f"cpu  1 2 3\nprocs_running {running}\nprocs_blocked 0\n")
    for tid, state in enumerate(own_states, 1):
        task = root / "self" / "task" / str(tid)
        task.mkdir()
        # a command name may hold spaces and parentheses; the state follows the last ")"
        task.joinpath("stat").write_text(f"{tid} (llama (worker) x) {state} 1 1 1\n")
    return root


def test_this_process_running_threads_are_not_counted(tmp_path: Path) -> None:
    assert runnable_elsewhere(fake_proc(tmp_path, 5, ["R", "S", "R", "D"])) == 3
    # the sample may see more of our threads running than the kernel counted a moment ago
    assert runnable_elsewhere(fake_proc(tmp_path / "b", 1, ["R", "R"])) == 0


def test_without_proc_nothing_counts_as_busy(tmp_path: Path) -> None:
    assert runnable_elsewhere(tmp_path / "absent") == 0


def test_busy_processes_elsewhere_are_counted_and_leave_one_thread() -> None:
    count = usable_cpus()
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        time.sleep(0.3)  # started and spinning: runnable at every sample from now on
        assert min(runnable_elsewhere() for _ in range(20)) >= count
        assert threads_now() == 1
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
