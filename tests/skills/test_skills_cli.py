"""`familiar skills` in a real process, with a plugin installed on its path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from skillhelpers import good_plugin, write_plugin

from familiar.app import build_app
from familiar.clock import fixed_clock
from familiar.config import Paths
from familiar.kernel.agent import Request
from familiar.models.scripted import ScriptedModel, call


def familiar(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(site), COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "familiar", "skills", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_list_enable_and_disable_a_plugin_from_the_command_line(
    site: Path, isolated_folders: Paths
) -> None:
    good_plugin(site)
    write_plugin(site, "broken_import", "import not_a_module_anywhere\n")
    listed = familiar(site, "list")
    assert listed.returncode == 0, listed.stderr
    rows = {line.split("│")[1].strip(): line for line in listed.stdout.splitlines() if "│" in line}
    assert "disabled" in rows["acme-weather"] and "network.fetch" in rows["acme-weather"]
    assert "broken" in rows["broken_import"] and "ModuleNotFoundError" in rows["broken_import"]
    assert "enabled" in rows["memory"]

    refused = familiar(site, "enable", "acme-weather")
    assert refused.returncode == 1
    assert "network.fetch: fetch pages and data from the internet" in refused.stderr
    assert refused.stderr.strip().splitlines()[-1] == (
        "error: enabling a skill needs your yes; add --yes to grant it"
    )
    assert "Traceback" not in refused.stderr

    granted = familiar(site, "enable", "acme-weather", "--yes")
    assert granted.returncode == 0, granted.stderr
    assert "enabled" in granted.stdout and "weather" in granted.stdout

    broken = familiar(site, "enable", "broken_import", "--yes")
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert "is broken and cannot be enabled" in broken.stderr

    off = familiar(site, "disable", "acme-weather")
    assert off.returncode == 0 and "disabled" in off.stdout


def test_a_disabled_skills_tool_cannot_be_called_whatever_the_model_says(
    isolated_folders: Paths,
) -> None:
    from datetime import UTC, datetime

    fam = build_app(
        paths=isolated_folders,
        model=ScriptedModel([call("create_reminder", text="x", when="tomorrow 6pm"), "ok"]),
        clock=fixed_clock(datetime(2026, 11, 26, 12, tzinfo=UTC)),
    )
    try:
        fam.skills.disable("reminders")
        agent = fam.agent()
        assert "create_reminder" not in [t.name for t in agent.tools]
        result = agent.run(Request("remind me to x tomorrow at 6pm"))
        assert fam.store.reminders() == []
        [step] = [s for s in fam.store.steps(result.run_id) if s.kind == "tool"]
        assert step.decision == "deny: unknown tool"
        model = fam.model
        assert isinstance(model, ScriptedModel)
        offered = [t.name for t in model.requests[0].tools]
        assert "create_reminder" not in offered
    finally:
        fam.close()
