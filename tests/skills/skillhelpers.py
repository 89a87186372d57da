"""Third-party skill packages written to disk as pip would install them (a dist-info)."""

from __future__ import annotations

import importlib.metadata
import textwrap
from collections.abc import Callable
from pathlib import Path

from familiar.skills import SkillRegistry

MakeRegistry = Callable[[], SkillRegistry]

GOOD = '''
from familiar.kernel.tools import tool
from familiar.security.policy import Effect
from familiar.skills import Skill


@tool(effect=Effect.READ, permissions=["network.fetch"])
def weather(city: str) -> str:
    """{doc}

    Args:
        city: the city's name
    """
    return f"sunny in {{city}}"


SKILL = Skill(
    name="acme-weather", description="Weather reports.", tools=(weather,), version="{version}"
)
'''


def write_plugin(
    site: Path,
    package: str,
    module_source: str,
    *,
    entry: str | None = None,
    version: str = "1.0",
) -> None:
    """Install a one-module distribution `package` exposing `entry` in familiar.skills."""
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{package}.py").write_text(textwrap.dedent(module_source))
    info = site / f"{package}-{version}.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(
        f"[familiar.skills]\n{package} = {entry or package + ':SKILL'}\n"
    )


def good_plugin(
    site: Path, *, doc: str = "Tell the weather in a city.", version: str = "1.0"
) -> None:
    """The well-behaved weather skill."""
    write_plugin(site, "acme_weather", GOOD.format(doc=doc, version=version), version=version)


def entry_points_in(site: Path) -> list[importlib.metadata.EntryPoint]:
    """The familiar.skills entry points of the distributions installed in `site`."""
    points = []
    for dist in importlib.metadata.distributions(path=[str(site)]):
        points.extend(dist.entry_points.select(group="familiar.skills"))
    return points
