"""A real broker per test module, a fleet of devices on it, and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from homehelpers import Fleet, mosquitto

from familiar.config import Settings


@pytest.fixture(scope="module")
def broker_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """mosquitto on 127.0.0.1; the tests fail (never skip) if it cannot start."""
    with mosquitto(tmp_path_factory.mktemp("mosquitto")) as port:
        yield port


@pytest.fixture
def fleet(broker_port: int) -> Iterator[Fleet]:
    """The devices, with their initial states published afresh for each test."""
    devices = Fleet(broker_port)
    yield devices
    devices.close()


@pytest.fixture
def home_settings(broker_port: int) -> Settings:
    """Settings with the broker configured and short time limits."""
    return Settings(mqtt_broker=f"127.0.0.1:{broker_port}", tool_timeout=5, timezone="UTC")
