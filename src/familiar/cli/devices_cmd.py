"""`familiar devices`: smart-home devices on the MQTT broker, and recording their changes."""

from __future__ import annotations

import threading

from rich.markup import escape
from rich.table import Table

from familiar.app import build_app
from familiar.cli.console import console, err_console, new_app
from familiar.integrations.home.broker import open_broker
from familiar.integrations.home.timeline import record_changes

app = new_app("Smart-home devices (MQTT, Home Assistant discovery).")


@app.command("list")
def list_devices() -> None:
    """Every device the broker announces, with its state and what it can do."""
    fam = build_app()
    try:
        skipped: list[str] = []
        with open_broker(fam.settings) as broker:
            views = broker.devices(skipped)
        table = Table("device", "kind", "state", "can")
        for view in views:
            table.add_row(
                escape(view.device.name),
                view.device.component,
                escape(view.state or "-"),
                ", ".join(view.device.actions) or "-",
            )
        console.print(table)
        for reason in skipped:
            err_console.print(f"[yellow]skipped:[/yellow] {escape(reason)}", soft_wrap=True)
    finally:
        fam.close()


@app.command()
def watch() -> None:
    """Record every device state change on memory's timeline until Ctrl-C."""
    fam = build_app()
    stop = threading.Event()
    try:
        with open_broker(fam.settings) as broker:
            err_console.print(
                f"recording device changes from {fam.settings.mqtt_broker}; Ctrl-C stops"
            )
            record_changes(broker, fam.memory, stop)
    finally:
        stop.set()
        fam.close()
