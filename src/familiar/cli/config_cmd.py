"""`familiar config`: show and change settings in the TOML config file."""

from __future__ import annotations

import tomli_w
import typer
from rich.markup import escape

from familiar.cli.console import console, new_app
from familiar.config import (
    SIMPLE_KEYS,
    Settings,
    default_paths,
    load_settings,
    redact_url,
    save_settings,
    set_setting,
)
from familiar.integrations.sources import redacted

app = new_app("Show and change settings.")


@app.command()
def show() -> None:
    """Print the effective settings (file values over defaults) and where the file is."""
    paths = default_paths()
    settings = load_settings(paths)
    console.print(f"[dim]# {paths.config_file}[/dim]")
    console.print(f"[dim]# data: {paths.data_dir}  models: {paths.models_dir}[/dim]")
    shown = settings.model_dump(exclude_none=True)
    shown["store_url"] = redact_url(settings.store_url)
    shown["sources"] = {name: redacted(entry) for name, entry in shown["sources"].items()}
    console.print(escape(tomli_w.dumps(shown)))


@app.command("set")
def set_(
    key: str = typer.Argument(..., help=f"one of: {', '.join(SIMPLE_KEYS)}"),
    value: str = typer.Argument(..., help="the new value (lists: comma-separated)"),
) -> None:
    """Change one setting; the file is rewritten atomically."""
    paths = default_paths()
    settings = set_setting(load_settings(paths), key, value)
    save_settings(paths, settings)
    console.print(f"{key} = {escape(redact_url(repr(getattr(settings, key))))}")


@app.command()
def keys() -> None:
    """List every setting with its default and meaning."""
    for name, info in Settings.model_fields.items():
        default = info.default_factory() if info.default_factory else info.default  # type: ignore[call-arg]
        console.print(
            f"[bold]{name}[/bold] = {escape(repr(default))}  {escape(info.description or '')}"
        )
