"""A short-lived connection to the user's MQTT broker: discover, read state, command, watch.

Each use connects, reads the retained discovery configs and states, and disconnects:
a personal assistant asks about devices now and then, and a fresh view is never stale.
Retained messages arrive right after subscribing; a quiet period with no new message
(or the time limit) ends the wait.
"""

from __future__ import annotations

import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode

from familiar.config import Settings
from familiar.errors import ExternalError, UserError
from familiar.integrations.home.discovery import Device, DiscoveryError, parse_config

QUIET = 0.25  # seconds without a new retained message: the broker has sent them all


@dataclass(frozen=True)
class BrokerConfig:
    """Where the broker is and how to log in."""

    host: str
    port: int
    prefix: str
    timeout: float
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def address(self) -> str:
        """host:port, for messages."""
        return f"{self.host}:{self.port}"


def broker_config(settings: Settings) -> BrokerConfig:
    """The configured broker; UserError says how to configure one."""
    if not settings.mqtt_broker:
        raise UserError(
            "no MQTT broker is configured; run `familiar config set mqtt_broker HOST:PORT`"
        )
    host, _, port = settings.mqtt_broker.rpartition(":")
    if not host or not port.isdigit():
        raise UserError(
            f"mqtt_broker {settings.mqtt_broker!r} must be HOST:PORT, e.g. 127.0.0.1:1883"
        )
    password = None
    if settings.mqtt_password_env:
        password = os.environ.get(settings.mqtt_password_env)
        if password is None:
            raise UserError(
                f"the MQTT password is read from ${settings.mqtt_password_env}, which is not set"
            )
    return BrokerConfig(
        host=host,
        port=int(port),
        prefix=settings.mqtt_discovery_prefix,
        timeout=settings.tool_timeout,
        username=settings.mqtt_username or None,
        password=password,
    )


@dataclass
class DeviceView:
    """A device with its last reported state ("" when it has reported none)."""

    device: Device
    state: str = ""


Message = tuple[str, bytes]


class HomeBroker:
    """One connection to the broker; use as a context manager."""

    def __init__(self, config: BrokerConfig) -> None:
        self.config = config
        self._client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"familiar-{uuid.uuid4().hex[:12]}"
        )
        if config.username:
            self._client.username_pw_set(config.username, config.password)
        self._connected = threading.Event()
        self._refused: str | None = None
        self._messages: queue.Queue[Message] = queue.Queue()
        self._client.on_connect = self._on_connect
        self._client.on_message = self._on_message

    def _on_connect(
        self, client: mqtt.Client, userdata: object, flags: object, code: ReasonCode, props: object
    ) -> None:
        if code.is_failure:
            self._refused = str(code)
        self._connected.set()

    def _on_message(self, client: mqtt.Client, userdata: object, msg: mqtt.MQTTMessage) -> None:
        self._messages.put((msg.topic, bytes(msg.payload)))

    def __enter__(self) -> HomeBroker:
        where = self.config.address
        try:
            self._client.connect(self.config.host, self.config.port, keepalive=30)
        except OSError as exc:
            raise ExternalError(
                f"cannot reach the MQTT broker at {where} ({exc.strerror or exc});"
                " is it running? check mqtt_broker"
            ) from None
        self._client.loop_start()
        if not self._connected.wait(self.config.timeout):
            self.close()
            raise ExternalError(f"the MQTT broker at {where} did not answer in time")
        if self._refused:
            self.close()
            raise ExternalError(f"the MQTT broker at {where} refused the login: {self._refused}")
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect and stop the network thread."""
        self._client.disconnect()
        self._client.loop_stop()

    def _drain(self, deadline: float) -> Iterator[Message]:
        """Messages until a quiet period or the deadline."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                yield self._messages.get(timeout=min(QUIET, left))
            except queue.Empty:
                return

    def devices(self, skipped: list[str] | None = None) -> list[DeviceView]:
        """Every discovered device with its retained state, by name."""
        deadline = time.monotonic() + self.config.timeout
        prefix = self.config.prefix
        self._client.subscribe([(f"{prefix}/+/+/config", 1), (f"{prefix}/+/+/+/config", 1)])
        found: dict[str, Device] = {}
        for topic, payload in self._drain(deadline):
            try:
                device = parse_config(topic, payload)
            except DiscoveryError as exc:
                if skipped is not None:
                    skipped.append(str(exc))
                continue
            key = topic.rsplit("/", 1)[0]
            if device is None:
                found.pop(key, None)
            else:
                found[key] = device
        views = {d.state_topic: DeviceView(d) for d in found.values() if d.state_topic}
        stateless = [DeviceView(d) for d in found.values() if not d.state_topic]
        if views:
            self._client.subscribe([(t, 1) for t in views])
            for topic, payload in self._drain(deadline):
                view = views.get(topic)
                if view is not None:
                    view.state = view.device.meaning(payload.decode("utf-8", "replace"))
        return sorted([*views.values(), *stateless], key=lambda v: v.device.name.lower())

    def command(self, device: Device, action: str, confirm_within: float = 2.0) -> str:
        """Send `action` to a device; returns the state it reports afterwards ("" if none)."""
        if action not in device.actions:
            can = ", ".join(device.actions) or "nothing (it is read-only)"
            raise UserError(f"{device.name} cannot {action}; it can: {can}")
        assert device.command_topic is not None
        if device.state_topic:
            self._client.subscribe(device.state_topic, 1)
            list(self._drain(time.monotonic() + QUIET))  # the retained, old state
        info = self._client.publish(device.command_topic, device.payload(action), qos=1)
        try:
            info.wait_for_publish(self.config.timeout)
        except (RuntimeError, ValueError) as exc:
            raise ExternalError(f"the command to {device.name} was not sent: {exc}") from None
        if not info.is_published():
            raise ExternalError(f"the broker did not confirm the command to {device.name}")
        if not device.state_topic:
            return ""
        deadline = time.monotonic() + confirm_within
        while time.monotonic() < deadline:
            try:
                topic, payload = self._messages.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if topic == device.state_topic:
                return device.meaning(payload.decode("utf-8", "replace"))
        return ""

    def watch(
        self,
        on_change: Callable[[Device, str, str], None],
        stop: threading.Event,
    ) -> None:
        """Call `on_change(device, old, new)` for each state change until `stop` is set."""
        views = {v.device.state_topic: v for v in self.devices() if v.device.state_topic}
        while not stop.is_set():
            try:
                topic, payload = self._messages.get(timeout=0.2)
            except queue.Empty:
                continue
            view = views.get(topic)
            if view is None:
                continue
            new = view.device.meaning(payload.decode("utf-8", "replace"))
            if new != view.state:
                old, view.state = view.state, new
                on_change(view.device, old, new)


@contextmanager
def open_broker(settings: Settings) -> Iterator[HomeBroker]:
    """Connect to the configured broker for the duration of a `with` block."""
    with HomeBroker(broker_config(settings)) as broker:
        yield broker
