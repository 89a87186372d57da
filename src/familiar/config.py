"""Settings, declared once, and where familiar keeps its files.

The config file is TOML in the user's config folder; data (the store, notes, models)
lives in the user's data folder. `FAMILIAR_CONFIG_DIR`, `FAMILIAR_DATA_DIR` and
`FAMILIAR_MODELS_DIR` override the folders (tests point them at temporary ones).
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from familiar.errors import UserError
from familiar.fileio import atomic_write_text
from familiar.integrations.sources import SourceEntry

APP = "familiar"


class ModelEntry(BaseModel):
    """A model the user added: a GGUF file, an OpenAI-compatible endpoint or a hub file."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["gguf", "openai", "hub"]
    path: str | None = Field(None, description="GGUF file (kind gguf, or where a hub file lives)")
    url: str | None = Field(None, description="base URL of an OpenAI-compatible API (kind openai)")
    model: str | None = Field(None, description="model name sent to the endpoint (kind openai)")
    api_key_env: str | None = Field(
        None, description="environment variable holding the API key; never the key itself"
    )
    repo: str | None = Field(None, description="model-hub repository (kind hub)")
    file: str | None = Field(None, description="file inside the hub repository (kind hub)")
    sha256: str | None = Field(None, description="expected sha256 of the file, if known")


class Settings(BaseModel):
    """Every setting familiar reads; the field descriptions are the documentation."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    model: str = Field(
        "qwen2.5-coder-0.5b",
        description="the model used for requests: a bundled name or one from [models]",
    )
    timezone: str = Field("", description="IANA time zone, e.g. Europe/Lisbon; empty: system")
    context_size: int = Field(4096, ge=512, le=131072, description="model context in tokens")
    threads: int = Field(
        0,
        ge=0,
        le=256,
        description="CPU threads for the local model; 0: the CPUs free at each request",
    )
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="sampling temperature")
    max_steps: int = Field(6, ge=1, le=50, description="model steps per request")
    max_answer_tokens: int = Field(400, ge=16, le=8192, description="tokens per model output")
    tool_timeout: float = Field(30.0, gt=0, le=3600, description="seconds a tool may run")
    remote_timeout: float = Field(60.0, gt=0, le=3600, description="seconds per remote call")
    remote_retries: int = Field(3, ge=0, le=10, description="retries of a failed remote call")
    allow_tools: list[str] = Field(
        default_factory=list,
        description="external-effect tools that run without asking when no argument is untrusted",
    )
    mcp_serve: list[str] = Field(
        default_factory=lambda: ["current_time"],
        description="tools `familiar mcp serve` offers to other MCP clients (memory: add recall)",
    )
    notes_dir: str = Field("", description="folder of Markdown notes; empty: DATA/notes")
    embedder: str = Field(
        "minilm", description="memory's embedder: minilm, or onnx:FOLDER for another ONNX model"
    )
    store_url: str = Field(
        "",
        description="a PostgreSQL server for the whole store, e.g. postgresql://me@host/familiar"
        " (password from PGPASSWORD or ~/.pgpass); empty: the local SQLite file",
    )
    memory_context_tokens: int = Field(
        600, ge=0, le=32768, description="tokens of each request's context given to memory"
    )
    location: str = Field(
        "", description="where you usually are, e.g. 'Lisbon, Portugal' (given to the model)"
    )
    mqtt_broker: str = Field(
        "", description="smart home: the MQTT broker as HOST:PORT; empty: none"
    )
    mqtt_username: str = Field("", description="smart home: the MQTT user name, if it needs one")
    mqtt_password_env: str = Field(
        "", description="smart home: the environment variable that holds the MQTT password"
    )
    mqtt_discovery_prefix: str = Field(
        "homeassistant", description="smart home: Home Assistant's MQTT discovery prefix"
    )
    # ~105 tokens a tool (measured on realistic MCP-like tools): 15 take ~1,600 of 4,096
    max_prompt_tools: int = Field(
        15,
        ge=1,
        le=1000,
        description="tools a prompt offers; with more enabled: the built-in ones and the closest",
    )
    selected_tools: int = Field(
        5, ge=0, le=100, description="tools picked per request when more than max_prompt_tools"
    )
    models: dict[str, ModelEntry] = Field(default_factory=dict, description="models you added")
    sources: dict[str, SourceEntry] = Field(
        default_factory=dict, description="calendar, contacts, mail, notes and document sources"
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r}; use e.g. Europe/Lisbon") from None
        return value

    @field_validator("store_url")
    @classmethod
    def _postgres_url(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError(
                f"{redact_url(value)!r} is not a PostgreSQL URL; use postgresql://USER@HOST/DB"
                " or leave it empty for the local SQLite file"
            )
        return value


_URL_PASSWORD = re.compile(r"^(\w+://[^:/@?#]*):[^@/?#]+@")
_PARAM_PASSWORD = re.compile(r"(password=)[^&\s]*", re.IGNORECASE)


def url_has_password(url: str) -> bool:
    """True if a connection URL carries a password (which belongs in PGPASSWORD or ~/.pgpass)."""
    return bool(_URL_PASSWORD.search(url) or _PARAM_PASSWORD.search(url))


def redact_url(url: str) -> str:
    """The URL with any password replaced by ***, safe to print."""
    return _PARAM_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1:***@", url))


SIMPLE_KEYS = [name for name in Settings.model_fields if name not in ("models", "sources")]


class Paths(BaseModel):
    """The folders familiar uses."""

    config_dir: Path
    data_dir: Path
    models_dir: Path

    @property
    def config_file(self) -> Path:
        """The TOML config file."""
        return self.config_dir / "config.toml"

    @property
    def db_file(self) -> Path:
        """The store: one SQLite file."""
        return self.data_dir / "familiar.db"

    @property
    def cache_dir(self) -> Path:
        """Derived caches (saved prompt prefixes); safe to delete."""
        return self.data_dir / "cache"


def default_paths() -> Paths:
    """Folders from the environment, else the platform's per-user folders."""
    config_dir = Path(
        os.environ.get("FAMILIAR_CONFIG_DIR") or platformdirs.user_config_dir(APP)
    ).expanduser()
    data_dir = Path(
        os.environ.get("FAMILIAR_DATA_DIR") or platformdirs.user_data_dir(APP)
    ).expanduser()
    models_dir = Path(os.environ.get("FAMILIAR_MODELS_DIR") or data_dir / "models").expanduser()
    return Paths(config_dir=config_dir, data_dir=data_dir, models_dir=models_dir)


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "config"
    return f"{where}: {err['msg'].removeprefix('Value error, ')}"


def load_settings(paths: Paths) -> Settings:
    """Read the config file; a missing file means defaults."""
    path = paths.config_file
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"{path} is not valid TOML ({exc}); fix or delete it") from None
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        raise UserError(
            f"{path}: {_first_error(exc)}; fix it or run `familiar config set`"
        ) from None


def save_settings(paths: Paths, settings: Settings) -> None:
    """Write the config file atomically, leaving out values equal to the defaults."""
    data = settings.model_dump(exclude_defaults=True, exclude_none=True)
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(paths.config_file, tomli_w.dumps(data))


def parse_setting(key: str, value: str) -> Any:
    """Turn the text of `familiar config set KEY VALUE` into the field's type."""
    if key not in SIMPLE_KEYS:
        raise UserError(f"unknown setting {key!r}; settings: {', '.join(SIMPLE_KEYS)}")
    annotation = Settings.model_fields[key].annotation
    if annotation == list[str]:
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def set_setting(settings: Settings, key: str, value: str) -> Settings:
    """A copy of `settings` with one value changed and validated."""
    parsed = parse_setting(key, value)
    if key == "store_url" and url_has_password(value):
        raise UserError(
            "store_url must not hold a password: the config file is plain text; set PGPASSWORD"
            " or put it in ~/.pgpass (libpq reads both) and give the URL without it"
        )
    data = settings.model_dump()
    data[key] = parsed
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise UserError(f"invalid value for {_first_error(exc)}") from None
