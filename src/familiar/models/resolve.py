"""From the configured model name to a ready `ChatModel`."""

from __future__ import annotations

import difflib
import hashlib
import os
from pathlib import Path

from familiar.config import ModelEntry, Paths, Settings
from familiar.errors import UserError
from familiar.models.base import ChatModel
from familiar.models.catalog import BUNDLED, default_sidecar, model_file, verify


def model_names(settings: Settings) -> list[str]:
    """Every name `familiar models use` accepts: bundled first, then the user's."""
    return [*BUNDLED, *(n for n in sorted(settings.models) if n not in BUNDLED)]


def unknown_model(name: str, settings: Settings) -> UserError:
    """The one-line error for a name that is neither bundled nor added."""
    names = model_names(settings)
    near = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    hint = f"did you mean {near[0]!r}? " if near else ""
    return UserError(
        f"unknown model {name!r}; {hint}models: {', '.join(names)} "
        "(add one with `familiar models use NAME --gguf PATH` or `--url URL`)"
    )


def sidecar_for(paths: Paths, path: Path) -> Path:
    """Where the verification record of `path` is kept."""
    # beside files in the models folder; never inside the user's own folders
    if path.parent.resolve() == paths.models_dir.resolve():
        return default_sidecar(path)
    key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    return paths.cache_dir / "verified" / f"{key}.json"


def api_key(name: str, entry: ModelEntry) -> str | None:
    """The endpoint's key from the environment variable the entry names."""
    if not entry.api_key_env:
        return None
    key = os.environ.get(entry.api_key_env)
    if not key:
        raise UserError(
            f"model {name!r} needs its API key in ${entry.api_key_env}, which is not set; "
            f"export {entry.api_key_env}=... and try again"
        )
    return key


def model_path(name: str, settings: Settings, paths: Paths) -> tuple[Path, str | None]:
    """The GGUF file of a bundled, local or hub model, checked, and its known sha256."""
    bundled = BUNDLED.get(name)
    if bundled is not None:
        path = model_file(paths.models_dir, name)
        if not path.is_file():
            raise UserError(f"model {name} is not assembled; run `familiar models pull {name}`")
        verify(path, bundled.sha256, fix=f"run `familiar models pull {name}` to fetch it again")
        return path, bundled.sha256
    entry = settings.models.get(name)
    if entry is None:
        raise unknown_model(name, settings)
    if entry.kind == "openai" or not entry.path:
        raise UserError(f"model {name!r} has no local file (kind {entry.kind})")
    path = Path(entry.path).expanduser()
    if not path.is_file():
        fix = (
            f"run `familiar models pull {name}`"
            if entry.kind == "hub"
            else f"fix it with `familiar models use {name} --gguf PATH`"
        )
        raise UserError(f"model {name!r}: file {path} does not exist; {fix}")
    if entry.sha256:
        verify_entry(name, entry, path, paths)
    return path, entry.sha256


def verify_entry(name: str, entry: ModelEntry, path: Path, paths: Paths) -> None:
    """Check an added model's file against the sha256 pinned in its entry."""
    if not entry.sha256:
        return
    fix = (
        f"run `familiar models pull {name}` to fetch it again"
        if entry.kind == "hub"
        else f"replace the file or register it again with `familiar models use {name} --gguf`"
    )
    verify(path, entry.sha256, fix=fix, sidecar=sidecar_for(paths, path))


def open_model(settings: Settings, paths: Paths) -> ChatModel:
    """The model `settings.model` names: bundled, a local GGUF, a hub file or an endpoint."""
    name = settings.model
    entry = settings.models.get(name) if name not in BUNDLED else None
    if entry is not None and entry.kind == "openai":
        from familiar.models.openai_compat import OpenAICompatModel

        if not entry.url or not entry.model:
            raise UserError(
                f"model {name!r} needs a URL and a model name; "
                f"run `familiar models use {name} --url URL --model-name M`"
            )
        return OpenAICompatModel(
            entry.url,
            entry.model,
            api_key=api_key(name, entry),
            api_key_env=entry.api_key_env,
            timeout=settings.remote_timeout,
            retries=settings.remote_retries,
            name=name,
            context=settings.context_size,
        )
    path, sha256 = model_path(name, settings, paths)
    from familiar.models.llama import LlamaModel  # loads llama_cpp: only when needed

    return LlamaModel(
        path,
        name=name,
        sha256=sha256,
        context_size=settings.context_size,
        threads=settings.threads,
        cache_dir=paths.cache_dir / "prefix",
    )
