"""A real mosquitto on loopback and a small fleet of devices that behave like real ones."""

from __future__ import annotations

import getpass
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def mosquitto(folder: Path, password: str | None = None) -> Iterator[int]:
    """Run mosquitto on 127.0.0.1 (with one user when `password` is given); yields its port."""
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(binary).exists():
        raise RuntimeError("mosquitto is not installed; `make install-services` installs it")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    # run as whoever runs the tests: as root, mosquitto would drop to a user that cannot
    # read the test's private folder
    lines = [f"listener {port} 127.0.0.1", "persistence false", f"user {getpass.getuser()}"]
    if password is None:
        lines.append("allow_anonymous true")
    else:
        passwords = folder / "passwords"
        passwords.write_text("")
        subprocess.run(["mosquitto_passwd", "-b", str(passwords), "familiar", password], check=True)
        passwords.chmod(0o600)
        lines += ["allow_anonymous false", f"password_file {passwords}"]
    conf = folder / "mosquitto.conf"
    conf.write_text("\n".join(lines) + "\n")
    proc = subprocess.Popen(
        [binary, "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    raise RuntimeError(f"mosquitto did not start: {out}") from None
                time.sleep(0.05)
        yield port
    finally:
        proc.terminate()
        proc.wait(5)
        if proc.stdout is not None:
            proc.stdout.close()


FLEET: dict[str, dict[str, Any]] = {
    "homeassistant/light/kitchen_ceiling/config": {
        "name": "Kitchen Ceiling Light",
        "stat_t": "home/kitchen_ceiling/state",
        "cmd_t": "home/kitchen_ceiling/set",
        "uniq_id": "kc1",
    },
    "homeassistant/light/kitchen_counter/config": {
        "~": "home/kitchen_counter",
        "name": "Kitchen Counter Light",
        "stat_t": "~/state",
        "cmd_t": "~/set",
        "schema": "json",
    },
    "homeassistant/light/bedroom/config": {
        "name": "Bedroom Lamp",
        "state_topic": "home/bedroom/state",
        "command_topic": "home/bedroom/set",
    },
    "homeassistant/lock/hall/front_door/config": {
        "name": "Front Door",
        "state_topic": "home/front_door/state",
        "command_topic": "home/front_door/set",
    },
    "homeassistant/sensor/living_temp/config": {
        "name": "Living Room Temperature",
        "state_topic": "home/living/temp",
        "unit_of_measurement": "°C",
        "dev_cla": "temperature",
    },
    "homeassistant/camera/porch/config": {"name": "Porch Camera", "topic": "home/porch"},
    "homeassistant/switch/broken/config": "not json",
}

INITIAL = {
    "home/kitchen_ceiling/state": "ON",
    "home/kitchen_counter/state": json.dumps({"state": "ON", "brightness": 200}),
    "home/bedroom/state": "OFF",
    "home/front_door/state": "UNLOCKED",
    "home/living/temp": "21.5",
}

# what each device does when commanded: command topic -> state topic, payload -> state
BEHAVIOUR = {
    "home/kitchen_ceiling/set": "home/kitchen_ceiling/state",
    "home/kitchen_counter/set": "home/kitchen_counter/state",
    "home/bedroom/set": "home/bedroom/state",
    "home/front_door/set": "home/front_door/state",
}
_LOCK_STATES = {"LOCK": "LOCKED", "UNLOCK": "UNLOCKED"}


class Fleet:
    """Publishes discovery configs and states (retained), and obeys commands like devices."""

    def __init__(self, port: int, password: str | None = None) -> None:
        self.commands: list[tuple[str, str]] = []
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="test-fleet")
        if password is not None:
            self.client.username_pw_set("familiar", password)
        self.client.on_message = self._on_command
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        self.client.subscribe([(t, 1) for t in BEHAVIOUR])
        for topic, config in FLEET.items():
            payload = config if isinstance(config, str) else json.dumps(config)
            self.client.publish(topic, payload, qos=1, retain=True).wait_for_publish(5)
        for topic, state in INITIAL.items():
            self.publish_state(topic, state)

    def publish_state(self, topic: str, payload: str) -> None:
        """Report a state the way a device does: retained."""
        self.client.publish(topic, payload, qos=1, retain=True).wait_for_publish(5)

    def _on_command(self, client: mqtt.Client, userdata: object, msg: mqtt.MQTTMessage) -> None:
        payload = msg.payload.decode()
        self.commands.append((msg.topic, payload))
        if payload.startswith("{"):
            payload = json.loads(payload)["state"]
            state = json.dumps({"state": payload})
        else:
            state = _LOCK_STATES.get(payload, payload)
        threading.Thread(target=self.publish_state, args=(BEHAVIOUR[msg.topic], state)).start()

    def close(self) -> None:
        """Disconnect."""
        self.client.disconnect()
        self.client.loop_stop()
