"""An MCP server as a skill: added, reviewed, enabled, called through the dispatcher, pinned."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from mcphelpers import FAKE, StartHttp
from typer.testing import CliRunner

from familiar.app import build_app
from familiar.cli.main import app as cli
from familiar.clock import fixed_clock
from familiar.config import Paths, Settings
from familiar.kernel.agent import Request
from familiar.models.scripted import ScriptedModel, Step, call
from familiar.testing.confirm import Answers

runner = CliRunner()
NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


def skills(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["skills", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def add_fake(variant_file: Path) -> None:
    variant_file.write_text("1")
    code, out = skills(
        "add-mcp",
        "fake",
        "--env",
        f"FAKE_MCP_VARIANT_FILE={variant_file}",
        "--",
        sys.executable,
        str(FAKE),
    )
    assert code == 0, out


def ask(
    paths: Paths, steps: list[Step], answers: Answers, text: str
) -> tuple[str, ScriptedModel, list[str]]:
    model = ScriptedModel(steps)
    fam = build_app(
        paths=paths,
        settings=Settings(tool_timeout=60),
        model=model,
        clock=fixed_clock(NOW),
        confirmer=answers,
    )
    try:
        result = fam.agent().run(Request(text))
        errors = [s.error or "" for s in fam.store.steps(result.run_id) if s.kind == "tool"]
        return result.answer, model, errors
    finally:
        fam.close()


def offered(paths: Paths) -> list[str]:
    fam = build_app(paths=paths, clock=fixed_clock(NOW))
    try:
        return [t.name for t in fam.tools]
    finally:
        fam.close()


def test_an_mcp_server_becomes_a_skill_that_is_off_until_reviewed(
    isolated_folders: Paths, tmp_path: Path
) -> None:
    add_fake(tmp_path / "variant")
    code, out = skills("list")
    [row] = [line for line in out.splitlines() if "│ fake " in line]
    assert "disabled" in row and "mcp" in row and "fake_echo" in row and "mcp.call" in row
    assert not any(name.startswith("fake_") for name in offered(isolated_folders))

    code, out = skills("enable", "fake", "--yes")
    assert code == 0, out
    names = offered(isolated_folders)
    assert {"fake_echo", "fake_weather", "fake_get_forecast_v2"} <= set(names)

    answer, model, _ = ask(
        isolated_folders,
        [call("fake_echo", text="hi there", times=2), "It said hi there twice."],
        Answers(True),  # an MCP tool is an external action: the user is asked
        "echo 'hi there' twice",
    )
    assert answer == "It said hi there twice."
    shown = model.requests[1].messages[-1].content
    assert 'trust="untrusted"' in shown and "hi there hi there" in shown


def test_a_changed_definition_is_refused_and_off_until_approved_again(
    isolated_folders: Paths, tmp_path: Path
) -> None:
    variant = tmp_path / "variant"
    add_fake(variant)
    assert skills("enable", "fake", "--yes")[0] == 0
    variant.write_text("2")  # the server was upgraded: weather's description changed

    _, _, errors = ask(
        isolated_folders,
        [call("fake_weather", city="Porto"), "Not done."],
        Answers(True),
        "what's the weather in Porto?",
    )
    assert "MCP server fake changed the definition of weather since you approved it" in errors[0]

    code, out = skills("refresh", "fake")
    assert code == 0, out
    assert "fake_weather (changed)" in out
    assert "Changed tools are off until you review them" in out
    names = offered(isolated_folders)
    assert "fake_weather" not in names and "fake_echo" in names
    code, out = skills("info", "fake")
    assert "its definition changed since you approved it" in out

    assert skills("enable", "fake", "--yes")[0] == 0
    assert "fake_weather" in offered(isolated_folders)


def test_a_server_that_cannot_start_is_not_added(isolated_folders: Paths) -> None:
    code, out = skills("add-mcp", "ghost", "--", "/nonexistent/mcp-server")
    assert code == 1 and "Traceback" not in out
    assert out.startswith("error: ") and len(out.strip().splitlines()) == 1
    assert "ghost" not in skills("list")[1]


def test_a_crashing_tool_is_an_error_for_the_model_and_the_rest_works(
    isolated_folders: Paths, tmp_path: Path
) -> None:
    add_fake(tmp_path / "variant")
    assert skills("enable", "fake", "--yes")[0] == 0
    assert skills("disable", "fake", "--tool", "fake_hang")[0] == 0
    assert "fake_hang" not in offered(isolated_folders)
    _, _, errors = ask(
        isolated_folders,
        [call("fake_crash"), call("current_time"), "done"],
        Answers(True),
        "crash the fake server, then tell me the time",
    )
    assert errors[0].startswith("fake_crash failed: MCP server fake could not run crash")
    assert errors[1] == ""  # familiar's own tool still runs


def test_remove_forgets_the_server_but_not_builtin_skills(
    isolated_folders: Paths, tmp_path: Path
) -> None:
    add_fake(tmp_path / "variant")
    assert skills("remove", "fake") == (0, "removed fake\n")
    assert "fake" not in skills("list")[1]
    code, out = skills("remove", "memory")
    assert code == 1 and "memory is a builtin skill; disable it" in out


def test_an_http_server_is_added_by_url_and_called(
    isolated_folders: Paths, start_http: StartHttp
) -> None:
    server = start_http()
    assert server.url is not None
    code, out = skills("add-mcp", "web", "--url", server.url)
    assert code == 0, out
    assert "web_echo" in out and "Enable it with `familiar skills enable web`" in out
    assert skills("enable", "web", "--yes")[0] == 0
    answer, model, errors = ask(
        isolated_folders,
        [call("web_echo", text="over http"), "ok"],
        Answers(True),
        "echo 'over http'",
    )
    assert errors == [""] and answer == "ok"
    assert "over http" in model.requests[1].messages[-1].content
