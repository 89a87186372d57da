"""The KV cache of a prompt prefix, saved to disk so a new process does not recompute it.

A prefix (the system text plus the tool schemas, see llama.py) takes seconds to evaluate
on a small CPU; llama.cpp's own state file holds its KV cache and loads in milliseconds.
Each saved prefix is two files in `cache_dir`:

- `<digest>.state`: written by `llama_state_save_file` (the tokens and the KV cache);
- `<digest>.json`: the full key and the sha256 of the state file.

`digest` hashes the key: the model file's identity, the llama.cpp version, the context
size and the prefix's tokens. A file is used only when its key matches, its bytes hash
to the recorded value, llama.cpp loads it and the tokens inside equal the prefix;
anything else deletes it and the caller recomputes. The state file is written to a
temporary name and renamed, and the JSON after it, so a crash leaves at worst a state
file without a matching record, which is never loaded.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import llama_cpp

from familiar.fileio import atomic_write_text

log = logging.getLogger(__name__)

FORMAT = 1  # bump when the files' meaning changes
KEEP = 4  # saved prefixes kept per cache folder (~16 MB each at 1,300 tokens); older go


def model_identity(path: Path, sha256: str | None) -> str:
    """What identifies the weights: the verified sha256, else the file's size and mtime."""
    if sha256:
        return f"sha256:{sha256.lower()}"
    # No verified hash (a file the user pointed at): size + mtime changes whenever the file
    # is replaced or rewritten, which is what matters for a cache, without hashing 0.5-5 GB
    # on every start.
    stat = path.stat()
    return f"file:{stat.st_size}:{stat.st_mtime_ns}"


def tokens_hash(tokens: Sequence[int]) -> str:
    """sha256 of a token sequence."""
    return hashlib.sha256(
        b"".join(t.to_bytes(4, "little", signed=True) for t in tokens)
    ).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class PrefixCache:
    """Saves and restores the KV state of prompt prefixes for one model and context size."""

    def __init__(self, folder: Path, *, model: str, n_ctx: int) -> None:
        self.folder = folder
        self._base = {
            "format": FORMAT,
            "model": model,
            "llama_cpp": llama_cpp.__version__,
            "n_ctx": n_ctx,
        }

    def key(self, tokens: Sequence[int]) -> dict[str, Any]:
        """The full key of a prefix."""
        return {**self._base, "prefix": tokens_hash(tokens), "n_tokens": len(tokens)}

    def paths(self, tokens: Sequence[int]) -> tuple[Path, Path]:
        """Where the state file and its record for `tokens` live."""
        digest = hashlib.sha256(json.dumps(self.key(tokens), sort_keys=True).encode()).hexdigest()
        stem = self.folder / digest[:32]
        return stem.with_suffix(".state"), stem.with_suffix(".json")

    def _discard(self, state: Path, record: Path, why: str) -> None:
        log.warning("prefix cache %s: %s; recomputing", state.name, why)
        state.unlink(missing_ok=True)
        record.unlink(missing_ok=True)

    def load(self, ctx: Any, tokens: Sequence[int]) -> bool:
        """Load the saved state of `tokens` into `ctx`; False (and no file left) if unusable.

        On False the context's memory may have been touched: the caller must clear it.
        """
        state, record = self.paths(tokens)
        if not state.exists():
            record.unlink(missing_ok=True)
            return False
        try:
            meta = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._discard(state, record, "no valid record")
            return False
        if not isinstance(meta, dict) or meta.get("key") != self.key(tokens):
            self._discard(state, record, "key differs")
            return False
        if meta.get("sha256") != _file_sha256(state):
            self._discard(state, record, "contents changed")
            return False
        capacity = len(tokens) + 1
        out = (llama_cpp.llama_token * capacity)()
        n_out = ctypes.c_size_t(0)
        if not llama_cpp.llama_state_load_file(
            ctx, str(state).encode(), out, capacity, ctypes.byref(n_out)
        ):
            self._discard(state, record, "llama.cpp could not load it")
            return False
        if list(out[: n_out.value]) != list(tokens):
            self._discard(state, record, "tokens differ")
            return False
        with contextlib.suppress(OSError):
            os.utime(state)  # recently used: kept by the pruning in save()
        return True

    def save(self, ctx: Any, tokens: Sequence[int]) -> bool:
        """Save `ctx`, which must hold exactly `tokens`, as the state of that prefix."""
        state, record = self.paths(tokens)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".state.tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            array = (llama_cpp.llama_token * len(tokens))(*tokens)
            if not llama_cpp.llama_state_save_file(ctx, str(tmp).encode(), array, len(tokens)):
                log.warning("prefix cache: llama.cpp could not save the state")
                return False
            with tmp.open("rb+") as handle:
                os.fsync(handle.fileno())
            checksum = _file_sha256(tmp)
            os.replace(tmp, state)
        except OSError as exc:
            log.warning("prefix cache: cannot write %s (%s)", state, exc)
            return False
        finally:
            tmp.unlink(missing_ok=True)
        try:
            atomic_write_text(record, json.dumps({"key": self.key(tokens), "sha256": checksum}))
            self._prune(keep=state)
        except OSError as exc:
            log.warning("prefix cache: cannot write %s (%s)", record, exc)
            return False
        return True

    def _prune(self, keep: Path) -> None:
        # Each prefix is ~12 KB per token on a 0.5B model; keep only the most recent few.
        dated = []
        for path in self.folder.glob("*.state"):
            with contextlib.suppress(OSError):  # another process may be pruning too
                dated.append((path.stat().st_mtime, path))
        for _, old in sorted(dated, reverse=True)[KEEP:]:
            if old != keep:
                old.unlink(missing_ok=True)
                old.with_suffix(".json").unlink(missing_ok=True)
        now = time.time()
        for stale in self.folder.glob(".*.state.tmp"):
            # Left by a crash; an hour's margin spares another process's save in progress.
            with contextlib.suppress(OSError):
                if now - stale.stat().st_mtime > 3600:
                    stale.unlink()
