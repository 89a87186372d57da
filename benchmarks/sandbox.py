"""Benchmarks run as a new user would: the installed models, fresh config and data."""

from __future__ import annotations

import os
import tempfile


def new_user() -> None:
    """Point familiar at the installed models and at new temporary config and data folders.

    A config folder already set in the environment is kept (to benchmark a setting).
    """
    from familiar.config import default_paths

    os.environ.setdefault("FAMILIAR_MODELS_DIR", str(default_paths().models_dir))
    os.environ.setdefault("FAMILIAR_CONFIG_DIR", tempfile.mkdtemp(prefix="familiar-bench-cfg-"))
    os.environ["FAMILIAR_DATA_DIR"] = tempfile.mkdtemp(prefix="familiar-bench-")
