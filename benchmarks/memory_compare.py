"""familiar and chromadb searched side by side, for `benchmarks.memory`.

Each engine is searched by a worker process of its own (`python -m
benchmarks.memory_compare --worker familiar|chroma --data DIR`): it opens the built
store or collection, as a user's next command would, then answers one search at a time
over a pipe and times the search itself, inside the worker, so the pipe is not in the
numbers. Each worker's peak RSS (VmHWM) is its own engine's.

Every latency that two engines are compared on comes from turns taken one for one:
query i on one engine, then on the other, the engine that goes first alternating from
query to query, so a stall of the shared machine falls on both alike.

Where an engine's search effort can be set (HNSW efSearch), the run sweeps it and
records recall@10, p50 and p95 per setting, a recall/latency curve as ann-benchmarks
draws it, then compares the engines at equal recall (`equal_recall`):

- familiar's efSearch (`VectorCache.ef_search_override`) is swept where familiar
  searches through HNSW (unfiltered at 100k and 1M, the 10% filter at 1M), its
  settings taking turns among themselves: each searches every query once, each on a
  different query in a turn, so none finds the query's part of the graph warm from
  another. Its cheapest setting with chromadb's default recall then takes turns with
  chromadb's default, one for one, for the comparison;
- chromadb's `hnsw:search_ef` is read when a process first loads the collection's
  index (a `modify` afterwards does not reach it), so each of its settings gets a new
  worker, taking turns with familiar at its default setting. Only unfiltered searches
  are swept (about a millisecond each); its filtered searches (7-575 ms each) are not.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

import numpy as np

from benchmarks import memory as bench
from familiar.memory import ann

# efSearch values tried, besides each engine's default: those of this ladder within a
# range around the default (familiar 1/8x-4x, chromadb 1/4x-16x: its M is 16 against
# familiar's 32, so it needs more for the same recall) and more than 10% away from it,
# at least the rows the engine asks HNSW for.
LADDER = (16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048)
FAMILIAR_SWEEP = (1 / 8, 4.0)
CHROMA_SWEEP = (1 / 4, 16.0)


def ladder(default: int, low: float, high: float, floor: int) -> list[int]:
    """The efSearch settings tried around a default one, ascending, the default included."""
    near = default / 10
    tried = {v for v in LADDER if default * low <= v <= default * high and abs(v - default) > near}
    return sorted({v for v in tried if v >= floor} | {default})


# the workers ------------------------------------------------------------------------


class _Side(Protocol):
    def open(self, setting: int | None) -> dict[str, Any]:
        """Load the engine and search once; its default settings."""
        ...

    def search(self, name: str, i: int, setting: int | None) -> tuple[float, list[int]]:
        """Seconds and ids of query i under a named filter."""
        ...

    def close(self) -> None:
        """Release the engine."""
        ...


class _Familiar:
    """familiar's store; `setting` is the cache's efSearch override (None: its rules)."""

    def __init__(self, data: Path) -> None:
        self.queries = np.load(data / "queries.npy")
        self.store, self.mem = bench._familiar_open(data)
        self.filters = {name: bench._filters(name) for name in bench.FILTERS}
        self.cache: Any = None

    def open(self, setting: int | None) -> dict[str, Any]:
        t0 = time.perf_counter()
        self.mem.vector_search(bench.MODEL, self.queries[0], self.filters["none"], bench.K)
        first = time.perf_counter() - t0
        self.cache = self.mem.vector_cache(bench.MODEL)
        ef = {
            name: self.cache.search_ef(
                bench.K, None if filters.empty else len(self.mem.filtered_ids(filters))
            )
            for name, filters in self.filters.items()
        }
        return {"first_search_s": first, "ef": ef}

    def search(self, name: str, i: int, setting: int | None) -> tuple[float, list[int]]:
        self.cache.ef_search_override = setting
        t0 = time.perf_counter()
        hits = self.mem.vector_search(bench.MODEL, self.queries[i], self.filters[name], bench.K)
        return time.perf_counter() - t0, [h for h, _ in hits]

    def close(self) -> None:
        self.mem.close()
        self.store.close()


class _Chroma:
    """The chromadb collection; its efSearch is set once, before the index is loaded."""

    def __init__(self, data: Path) -> None:
        self.queries = np.load(data / "queries.npy")
        self.collection = bench._chroma(data).get_collection("bench")
        self.where = {name: where for name, (_, where) in bench.FILTERS.items()}

    def open(self, setting: int | None) -> dict[str, Any]:
        if setting is not None:
            self.collection.modify(configuration={"hnsw": {"ef_search": setting}})
        t0 = time.perf_counter()
        self.collection.query(query_embeddings=self.queries[:1], n_results=bench.K, include=[])
        first = time.perf_counter() - t0
        ef = int(self.collection.configuration["hnsw"]["ef_search"])
        return {"first_search_s": first, "ef": {"none": ef}}

    def search(self, name: str, i: int, setting: int | None) -> tuple[float, list[int]]:
        t0 = time.perf_counter()
        got = self.collection.query(
            query_embeddings=self.queries[i : i + 1],
            n_results=bench.K,
            where=self.where[name],
            include=[],
        )
        return time.perf_counter() - t0, [int(x) for x in got["ids"][0]]

    def close(self) -> None:
        """Nothing to release: the process ends."""


SIDES: dict[str, type[_Familiar] | type[_Chroma]] = {"familiar": _Familiar, "chroma": _Chroma}


def serve(engine: str, data: Path) -> None:
    """A worker: one JSON command a line on stdin, one JSON reply a line on the pipe."""
    channel = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, not into the replies
    side: _Side = SIDES[engine](data)
    while line := sys.stdin.readline():
        command = json.loads(line)
        op = command["op"]
        reply: dict[str, Any]
        if op == "open":
            reply = side.open(command.get("setting"))
        elif op == "search":
            seconds, ids = side.search(command["filter"], command["query"], command["setting"])
            reply = {"s": seconds, "ids": ids}
        elif op == "stop":
            side.close()
            reply = {"peak_rss_mb": bench._peak_rss_mb()}
        else:
            raise ValueError(op)
        channel.write(json.dumps(reply) + "\n")
        channel.flush()
        if op == "stop":
            return


class Worker:
    """A worker process, driven command by command."""

    def __init__(self, engine: str, data: Path, setting: int | None = None) -> None:
        self.engine = engine
        self._log = data / f"{engine}-worker.log"
        self._stderr = self._log.open("w")
        command = [sys.executable, "-m", "benchmarks.memory_compare"]
        self.proc = subprocess.Popen(
            [*command, "--worker", engine, "--data", str(data)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        self.opened = self.call("open", setting=setting)

    def call(self, op: str, **args: Any) -> dict[str, Any]:
        stdin, stdout = self._pipes()
        stdin.write(json.dumps({"op": op, **args}) + "\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            self.proc.wait()
            raise SystemExit(f"{self.engine} worker failed:\n{self._log.read_text()[-3000:]}")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        if self.proc.stdin is None or self.proc.stdout is None:
            raise RuntimeError("the worker has no pipes")
        return self.proc.stdin, self.proc.stdout

    def search(self, name: str, i: int, setting: int | None) -> tuple[float, list[int]]:
        reply = self.call("search", filter=name, query=i, setting=setting)
        return float(reply["s"]), [int(x) for x in reply["ids"]]

    def stop(self) -> float:
        """End the worker; its peak RSS in MB."""
        peak = float(self.call("stop")["peak_rss_mb"])
        self.proc.wait()
        self._stderr.close()
        return peak

    def kill(self) -> None:
        """End it without a word (after another failure)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._stderr.close()


# taking turns -------------------------------------------------------------------------


@dataclass
class Runs:
    """One engine's settings in one pass: per setting, per query, seconds and ids."""

    worker: Worker
    settings: list[int | None]
    budgeted: bool  # chromadb: stops when its share of the run's budget is spent
    seconds: list[dict[int, float]] = field(default_factory=list)
    found: list[dict[int, list[int]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.seconds = [{} for _ in self.settings]
        self.found = [{} for _ in self.settings]


def take_turns(name: str, engines: Sequence[Runs], n: int, until: float, finish: bool) -> int:
    """Search queries 0..n-1 under a named filter, the engines taking turns.

    In turn i each engine searches once per setting, the engine that goes first
    alternating and each engine's settings in an order that rotates; setting j of
    S searches query (i + j * n // S) mod n, so every setting searches every query once
    and no two settings search the same query in one turn. A budgeted engine stops
    once the turns left would end after `until` (the others' time per turn so far
    counted); then the others go on alone to the last query if `finish`, else stop too.
    Returns how many turns the budgeted engines took part in.
    """
    for runs in engines:  # warm-up, not counted
        for setting in runs.settings:
            for i in range(min(bench.WARMUP, n)):
                runs.worker.search(name, i, setting)
    budgeted_turns, others_s = n, 0.0
    for i in range(n):
        if budgeted_turns == n and i:
            left = others_s / i * (n - i) if finish else 0.0
            if time.time() + left > until:
                budgeted_turns = i
                if not finish:
                    break
        for runs in engines if i % 2 == 0 else engines[::-1]:
            if runs.budgeted and budgeted_turns < n:
                continue
            t0 = time.perf_counter()
            count = len(runs.settings)
            for step in range(count):
                j = (i + step) % count
                query = (i + j * (n // count)) % n
                seconds, ids = runs.worker.search(name, query, runs.settings[j])
                runs.seconds[j][query] = seconds
                runs.found[j][query] = ids
            if not runs.budgeted:
                others_s += time.perf_counter() - t0
    return budgeted_turns


def stats(
    runs: Runs, j: int, truth: Sequence[Sequence[int]], only: int | None = None
) -> dict[str, Any]:
    """p50, p95 and recall@10 of setting j over the queries it searched (or the first `only`)."""
    queries = sorted(q for q in runs.seconds[j] if only is None or q < only)
    return {
        **bench._percentiles([runs.seconds[j][q] for q in queries]),
        "recall": bench._recall([runs.found[j][q] for q in queries], [truth[q] for q in queries]),
        "queries": len(queries),
    }


STATS = ("p50_ms", "p95_ms", "recall", "queries")


def compared(point: dict[str, Any]) -> dict[str, Any]:
    """A familiar point's numbers on the queries chromadb searched beside it."""
    same: dict[str, Any] = point.get("same_queries", point)
    return same


# one size -------------------------------------------------------------------------------


def faster(f: dict[str, Any], c: dict[str, Any]) -> bool:
    """familiar's p50 lower and its p95 no higher."""
    return bool(f["p50_ms"] < c["p50_ms"] and f["p95_ms"] <= c["p95_ms"])


def _view(numbers: dict[str, Any], setting: int | None) -> dict[str, Any]:
    return {"setting": setting, **{k: numbers[k] for k in STATS}}


@dataclass
class _Size:
    """One size's searches as they are made: workers, truth, what each pass found."""

    data: Path
    queries: int
    deadline: float
    log: Any
    truth: dict[str, list[list[int]]]
    familiar: Worker
    chroma: Worker | None = None
    # familiar's settings per filter: None is its default, whose efSearch is `ef[name]`
    ef: dict[str, int | None] = field(default_factory=dict)
    sweeps: dict[str, Runs] = field(default_factory=dict)
    curves: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    vector: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def setting(self, name: str, value: int | None) -> int | None:
        return self.ef[name] if value is None else value


def compare(
    data: Path, queries: int, deadline: float, with_chroma: bool, log: Any
) -> dict[str, Any]:
    """Search both engines on a built size: defaults, curves, equal-recall verdicts.

    1. familiar's efSearch sweep, alone (its settings taking turns), where it has one.
    2. Both engines at default settings, taking turns, filter by filter: chromadb's
       turns for each get an equal share of the time left before `deadline`.
    3. Where familiar's cheapest setting with chromadb's default recall is not its
       default: that setting and chromadb's default, taking turns again.
    4. chromadb's unfiltered sweep, a worker per setting, while time is left.
    Without chromadb (it did not finish inserting) familiar is searched alone (1, 2).
    """
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    workers: list[Worker] = []
    try:
        familiar = Worker("familiar", data)
        workers.append(familiar)
        size = _Size(data, queries, deadline, log, truth, familiar, ef=familiar.opened["ef"])
        _familiar_sweeps(size)
        if with_chroma:
            size.chroma = Worker("chroma", data)
            workers.append(size.chroma)
        _defaults(size)
        out: dict[str, Any] = {
            "familiar": {"first_search_s": familiar.opened["first_search_s"]},
            "chroma": {},
            "curves": size.curves,
        }
        if size.chroma is not None:
            chroma = size.chroma
            matched = _matched(size)
            out["chroma"]["first_search_s"] = chroma.opened["first_search_s"]
            out["chroma"]["search_ef"] = chroma.opened["ef"]["none"]
            out["chroma"]["query_peak_rss_mb"] = chroma.stop()
            workers.remove(chroma)
            out["chroma"]["sweep"] = _chroma_sweep(size)
            out["equal_recall"] = {
                name: equal_recall(size.curves[name], matched[name]) for name in bench.FILTERS
            }
        for engine in ("familiar", "chroma"):
            if engine in size.vector:
                out[engine]["vector"] = size.vector[engine]
        out["familiar"]["query_peak_rss_mb"] = familiar.stop()
        workers.remove(familiar)
        return out
    finally:
        for worker in workers:
            worker.kill()


def _familiar_sweeps(size: _Size) -> None:
    """familiar's curve on each HNSW path, its settings taking turns among themselves."""
    for name in bench.FILTERS:
        default = size.ef[name]
        if default is None:
            continue  # an exact search: no knob
        floor = bench.K + ann.HNSW_OVERFETCH  # the rows familiar asks HNSW for
        settings: list[int | None] = [None]
        settings += [v for v in ladder(default, *FAMILIAR_SWEEP, floor) if v != default]
        shown = ", ".join(str(s) for s in settings if s is not None)
        size.log.print(f"[dim]  {name}: familiar alone at {default} (default), {shown}[/dim]")
        runs = Runs(size.familiar, settings, budgeted=False)
        take_turns(name, [runs], size.queries, math.inf, finish=True)
        size.sweeps[name] = runs
        points = [
            {
                "setting": size.setting(name, s),
                "default": s is None,
                **stats(runs, j, size.truth[name]),
            }
            for j, s in enumerate(settings)
        ]
        size.curves[name] = {"familiar": sorted(points, key=lambda p: p["setting"]), "chroma": []}


def _defaults(size: _Size) -> None:
    """Both engines at their default settings, taking turns, filter by filter."""
    size.vector["familiar"] = {}
    if size.chroma is not None:
        size.vector["chroma"] = {}
    size.log.print("[dim]  default settings, taking turns[/dim]")
    left = len(bench.FILTERS)
    for name in bench.FILTERS:
        truth = size.truth[name]
        mine = Runs(size.familiar, [None], budgeted=False)
        engines = [mine]
        if size.chroma is not None:
            engines.append(Runs(size.chroma, [None], budgeted=True))
        until = time.time() + (size.deadline - time.time()) / left
        left -= 1
        turns = take_turns(name, engines, size.queries, until, finish=True)
        point = {"setting": size.ef[name], **stats(mine, 0, truth)}
        if turns < size.queries:
            point["same_queries"] = stats(mine, 0, truth, only=turns)
        size.vector["familiar"][name] = point
        curve = size.curves.setdefault(
            name, {"familiar": [{**point, "default": True}], "chroma": []}
        )
        if size.chroma is not None:
            theirs = stats(engines[1], 0, truth)
            size.vector["chroma"][name] = theirs
            curve["chroma"].append(
                {
                    "setting": size.chroma.opened["ef"]["none"],
                    "default": True,
                    **theirs,
                    "familiar": {k: compared(point)[k] for k in STATS},
                }
            )


def _cheapest(size: _Size, name: str, recall: float, first: int) -> tuple[bool, int | None]:
    """Whether a familiar setting has at least `recall` on the first queries, and the
    lowest that has (None: its default). Its searches give the same ids whenever run."""
    truth = size.truth[name]
    runs = size.sweeps.get(name)
    if runs is None:  # no knob: the default is the only setting
        return compared(size.vector["familiar"][name])["recall"] >= recall, None
    reach = [
        s for j, s in enumerate(runs.settings) if stats(runs, j, truth, first)["recall"] >= recall
    ]
    if not reach:
        return False, None
    return True, min(reach, key=lambda s: size.setting(name, s) or 0)


def _matched(size: _Size) -> dict[str, dict[str, Any]]:
    """Per filter, familiar at chromadb's default recall against chromadb's default.

    Where familiar's cheapest setting reaching that recall is its default, the default
    turns answer; otherwise that setting takes turns with chromadb's default again.
    """
    chroma = size.chroma
    assert chroma is not None
    c_ef = chroma.opened["ef"]["none"]
    out: dict[str, dict[str, Any]] = {}
    needed: dict[str, int] = {}
    for name in bench.FILTERS:
        theirs = size.vector["chroma"][name]
        reached, pick = _cheapest(size, name, theirs["recall"], theirs["queries"])
        mine = compared(size.vector["familiar"][name])
        if not reached:
            out[name] = {"familiar": None, "chroma": _view(theirs, c_ef), "turns": "defaults"}
        elif pick is None:
            out[name] = {
                "familiar": _view(mine, size.ef[name]),
                "chroma": _view(theirs, c_ef),
                "turns": "defaults",
            }
        else:
            needed[name] = pick
    left = len(needed)
    for name, setting in needed.items():
        size.log.print(f"[dim]  {name}: familiar at {setting} and chromadb's default[/dim]")
        mine_runs = Runs(size.familiar, [setting], budgeted=False)
        their_runs = Runs(chroma, [None], budgeted=True)
        until = time.time() + (size.deadline - time.time()) / left
        left -= 1
        turns = take_turns(name, [mine_runs, their_runs], size.queries, until, finish=False)
        out[name] = {
            "familiar": _view(stats(mine_runs, 0, size.truth[name], turns), setting),
            "chroma": _view(stats(their_runs, 0, size.truth[name]), c_ef),
            "turns": "matched",
        }
    return out


def equal_recall(
    curves: dict[str, list[dict[str, Any]]], matched: dict[str, Any]
) -> dict[str, Any]:
    """The two comparisons at equal recall for one size and filter, and the verdict.

    At chromadb's default setting (recall R): familiar at its cheapest setting with
    recall >= R, from turns with that default (`matched`). At familiar's default
    setting (recall F): chromadb at its cheapest setting with recall >= F, against
    familiar's default from the same turns; none when no setting tried reaches F.
    familiar is faster at equal recall when it is faster (p50 lower, p95 no higher)
    in the first, and in the second unless chromadb reaches no F there.
    """
    mine = matched["familiar"]
    at_chroma = {**matched, "faster": bool(mine and faster(mine, matched["chroma"]))}
    ones = [p for p in curves["chroma"] if p["recall"] >= p["familiar"]["recall"]]
    theirs = min(ones, key=lambda p: p["setting"]) if ones else None
    f_default = next(p for p in curves["familiar"] if p["default"])
    c_default = next(p for p in curves["chroma"] if p["default"])
    at_familiar: dict[str, Any] = {
        "familiar": _view(c_default["familiar"], f_default["setting"]),  # the default turns
        "chroma": None,
        "faster": None,
        "chroma_best_recall": max(p["recall"] for p in curves["chroma"]),
    }
    if theirs is not None:
        at_familiar["familiar"] = _view(theirs["familiar"], f_default["setting"])
        at_familiar["chroma"] = _view(theirs, theirs["setting"])
        at_familiar["faster"] = faster(theirs["familiar"], theirs)
    verdict = at_chroma["faster"] and at_familiar["faster"] is not False
    return {"at_chroma_default": at_chroma, "at_familiar_default": at_familiar, "faster": verdict}


def _chroma_sweep(size: _Size) -> dict[str, Any]:
    """chromadb's unfiltered searches at other efSearch settings, each with a new worker.

    Each setting takes turns with familiar at its default setting, whose numbers are
    kept beside it. A setting is started only when the last one's time is still left.
    """
    truth = size.truth["none"]
    curve = size.curves["none"]
    default = curve["chroma"][0]["setting"]
    settings = [v for v in ladder(default, *CHROMA_SWEEP, bench.K) if v != default]
    size.log.print(f"[dim]  none: chromadb at {', '.join(map(str, settings))}[/dim]")
    last_s, tried = 0.0, []
    for setting in settings:
        if time.time() + last_s > size.deadline:
            break
        t0 = time.perf_counter()
        worker = Worker("chroma", size.data, setting)
        try:
            mine = Runs(size.familiar, [None], budgeted=False)
            theirs = Runs(worker, [setting], budgeted=True)
            turns = take_turns("none", [mine, theirs], size.queries, size.deadline, finish=False)
            worker.stop()
        except BaseException:
            worker.kill()
            raise
        curve["chroma"].append(
            {
                "setting": setting,
                "default": False,
                **stats(theirs, 0, truth),
                "familiar": stats(mine, 0, truth, only=turns),
                "first_search_s": worker.opened["first_search_s"],
            }
        )
        tried.append(setting)
        last_s = time.perf_counter() - t0
    curve["chroma"].sort(key=lambda p: p["setting"])
    return {"settings": tried, "cut": len(tried) < len(settings)}


def main() -> None:
    """Run a worker (the driver is `compare`, called by benchmarks.memory)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worker", choices=sorted(SIDES), required=True)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    serve(args.worker, args.data)


if __name__ == "__main__":
    main()
