"""One generated person per test session, shared by every test in this folder."""

from __future__ import annotations

import pytest

from familiar.testing.person import generate
from familiar.testing.person.lookup import GeneratedPerson


@pytest.fixture(scope="session")
def person(tmp_path_factory: pytest.TempPathFactory) -> GeneratedPerson:
    """The default person (seed 7, default anchor)."""
    root = tmp_path_factory.mktemp("person") / "seed7"
    generate(root)
    return GeneratedPerson.load(root)
