"""Command line: python -m familiar.testing.person --seed 7 --out DIR [--anchor 2026-06-01]."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from familiar.testing.person.build import generate
from familiar.testing.person.world import DEFAULT_ANCHOR, DEFAULT_SEED


def main(argv: list[str] | None = None) -> int:
    """Generate a person and print a one-line summary."""
    parser = argparse.ArgumentParser(
        prog="python -m familiar.testing.person",
        description="Write a synthetic person's year of data and its manifest into a folder.",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"which person (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="output folder; replaced if it holds a generated person",
    )
    parser.add_argument(
        "--anchor",
        type=date.fromisoformat,
        default=DEFAULT_ANCHOR,
        help=f"the 'today' of the data, YYYY-MM-DD (default {DEFAULT_ANCHOR})",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        manifest = generate(args.out, seed=args.seed, anchor=args.anchor)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    broken = sum(1 for f in manifest.files.values() if f.broken)
    print(
        f"wrote {len(manifest.files)} files ({broken} broken), {len(manifest.facts)} facts "
        f"to {args.out} in {time.perf_counter() - started:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
