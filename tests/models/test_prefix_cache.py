"""The saved-prefix files: keys, and refusing anything that does not match.

These tests never reach llama.cpp: every refusal happens before a state is loaded, so
no context is needed (`ctx=None`). Loading and saving real states is covered in
test_llama.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import llama_cpp

from familiar.models.prefix_cache import PrefixCache, model_identity, tokens_hash

TOKENS = [151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13]


def _cache(folder: Path, model: str = "sha256:abc", n_ctx: int = 4096) -> PrefixCache:
    return PrefixCache(folder, model=model, n_ctx=n_ctx)


def _plant(cache: PrefixCache, tokens: list[int], record: dict[str, object] | None) -> Path:
    state, meta = cache.paths(tokens)
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_bytes(b"not really a llama state")
    if record is not None:
        meta.write_text(json.dumps(record))
    return state


def test_key_covers_model_version_context_and_prefix(tmp_path: Path) -> None:
    key = _cache(tmp_path).key(TOKENS)
    assert key["model"] == "sha256:abc"
    assert key["llama_cpp"] == llama_cpp.__version__
    assert key["n_ctx"] == 4096
    assert key["prefix"] == tokens_hash(TOKENS)
    names = {
        _cache(tmp_path).paths(TOKENS)[0],
        _cache(tmp_path, model="sha256:def").paths(TOKENS)[0],
        _cache(tmp_path, n_ctx=2048).paths(TOKENS)[0],
        _cache(tmp_path).paths(TOKENS[:-1])[0],
    }
    assert len(names) == 4


def test_model_identity_prefers_the_verified_hash(tmp_path: Path) -> None:
    path = tmp_path / "m.gguf"
    path.write_bytes(b"GGUF0000")
    assert model_identity(path, "ABC") == "sha256:abc"
    before = model_identity(path, None)
    assert before.startswith("file:8:")
    os.utime(path, ns=(1, 1))
    assert model_identity(path, None) != before


def test_missing_state_is_a_miss(tmp_path: Path) -> None:
    assert not _cache(tmp_path).load(None, TOKENS)


def test_state_without_record_is_deleted(tmp_path: Path) -> None:
    # What a crash between the state's rename and the record's write leaves behind.
    cache = _cache(tmp_path)
    state = _plant(cache, TOKENS, None)
    assert not cache.load(None, TOKENS)
    assert not state.exists()


def test_record_with_another_key_is_refused(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    other = _cache(tmp_path, n_ctx=2048).key(TOKENS)
    state = _plant(cache, TOKENS, {"key": other, "sha256": "0" * 64})
    assert not cache.load(None, TOKENS)
    assert not state.exists() and not state.with_suffix(".json").exists()


def test_changed_contents_are_refused(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    state = _plant(cache, TOKENS, {"key": cache.key(TOKENS), "sha256": "0" * 64})
    assert not cache.load(None, TOKENS)
    assert not state.exists()


def test_unreadable_record_is_refused(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    state, meta = cache.paths(TOKENS)
    _plant(cache, TOKENS, None)
    meta.write_text("{half a record")
    assert not cache.load(None, TOKENS)
    assert not state.exists() and not meta.exists()
