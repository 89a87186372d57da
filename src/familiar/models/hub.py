"""Downloading a GGUF file from a model hub, for users who have a network (optional extra).

`huggingface_hub` honours `HF_ENDPOINT` (a mirror or a test server) and `HF_TOKEN`.
The file is downloaded into a temporary folder beside its destination and moved into
place, so no second copy stays in the hub's own cache.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from familiar.errors import ExternalError, UserError
from familiar.models.catalog import is_gguf, sha256_file

HubDownload = Callable[..., str]
"""`hf_hub_download`'s shape: keyword arguments repo_id, filename, local_dir; returns a path."""

_REPO = re.compile(r"^[\w.-]+/[\w.-]+$")


def parse_hub_ref(ref: str) -> tuple[str, str]:
    """Split `hub:OWNER/REPO/FILE.gguf` (or without `hub:`) into repository and file."""
    body = ref.removeprefix("hub:")
    owner, _, rest = body.partition("/")
    repo, _, file = rest.partition("/")
    if not (owner and repo and file):
        raise UserError(
            f"{ref!r} is not a hub file; write hub:OWNER/REPO/FILE.gguf, "
            "e.g. hub:Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
        )
    check_ref(f"{owner}/{repo}", file)
    return f"{owner}/{repo}", file


def check_ref(repo: str, file: str) -> None:
    """Refuse repository and file names that cannot be right before going to the network."""
    if not _REPO.match(repo):
        raise UserError(f"{repo!r} is not a hub repository; write OWNER/REPO")
    if not file.lower().endswith(".gguf") or ".." in file.split("/"):
        raise UserError(f"{file!r} is not a GGUF file in the repository; give its path, *.gguf")


def default_name(file: str) -> str:
    """A model name from the file, e.g. `qwen2.5-coder-1.5b-instruct-q4_k_m`."""
    stem = Path(file).name[: -len(".gguf")]
    return re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-") or "hub-model"


def _hf_hub_download() -> HubDownload:
    try:
        module = importlib.import_module("huggingface_hub")
    except ImportError:
        raise UserError(
            "downloading from a model hub needs huggingface_hub: pip install 'familiar[hub]'"
        ) from None
    download: HubDownload = module.hf_hub_download
    return download


def download(repo: str, file: str, dest: Path, *, fetch: HubDownload | None = None) -> str:
    """Fetch `file` of `repo` to `dest` (a GGUF); return its sha256."""
    fetch = fetch or _hf_hub_download()
    dest.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".hub-", dir=dest.parent))
    try:
        try:
            # read at call time: the library reads HF_ENDPOINT only when first imported
            endpoint = (
                {"endpoint": os.environ["HF_ENDPOINT"]} if os.environ.get("HF_ENDPOINT") else {}
            )
            got = Path(fetch(repo_id=repo, filename=file, local_dir=str(scratch), **endpoint))
        except (UserError, ExternalError):
            raise
        except Exception as exc:  # the hub library raises many kinds; all are outside
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise ExternalError(
                f"could not download {file} from {repo} ({reason}); check the names, "
                "your network, and HF_ENDPOINT/HF_TOKEN if you use them"
            ) from None
        if not is_gguf(got):
            raise ExternalError(f"{file} from {repo} is not a GGUF file; nothing was kept")
        sha256 = sha256_file(got)
        os.replace(got, dest)
        return sha256
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
