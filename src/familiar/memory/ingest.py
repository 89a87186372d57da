"""Indexing files into memory: each file parsed, chunked, stored and FTS-indexed in one commit.

Embedding is not done here: new chunks join the embedding backlog
(`Memory.embed_backlog`), so a file is found by BM25 as soon as its commit is done,
and a run stopped at any point (Ctrl-C, a crash, SIGKILL) keeps every file committed
before it; the next run skips those (same size and mtime, or same content hash) and
goes on with the rest.

What is indexed: Markdown, plain text, HTML and PDF, found by walking the folders
given (hidden files and folders such as .git or .obsidian are not walked; symlinked
folders are not followed). Everything else is tried as text and skipped with a reason
if it is not: binary, empty, larger than MAX_TEXT_BYTES (10 MiB; PDF: MAX_PDF_BYTES,
50 MiB), not UTF-8/UTF-16, unreadable, damaged or encrypted. Skipped files are kept
in the store with their reason (`familiar memory stats`). A file indexed earlier that
has disappeared from a folder being ingested is removed from memory.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from familiar.errors import UserError
from familiar.memory.chunking import chunk_sections
from familiar.memory.parsers import SkipFile, file_format, parse
from familiar.memory.records import NewDocument
from familiar.memory.store import MemoryStore

MAX_TEXT_BYTES = 10 * 1024 * 1024
MAX_PDF_BYTES = 50 * 1024 * 1024

OnFile = Callable[[Path, str], None]
"""Told each file and what happened to it: new, changed, unchanged, forgotten, skipped."""


@dataclass
class IngestReport:
    """What one ingest run did."""

    files: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def chunks_per_second(self) -> float:
        """Parse + chunk + store + index throughput."""
        return self.chunks / self.seconds if self.seconds > 0 else 0.0


def default_source(root: Path) -> str:
    """The source name for files under a root: the folder's name ("notes", "letters")."""
    folder = root if root.is_dir() else root.parent
    name = re.sub(r"[^a-z0-9_-]+", "-", folder.name.lower()).strip("-")
    return name or "files"


def _walk(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder) / name


def find_files(roots: Sequence[Path]) -> list[tuple[Path, Path]]:
    """(root, file) pairs for every file to consider, in a stable order."""
    pairs: list[tuple[Path, Path]] = []
    for root in roots:
        if not root.exists() and not root.is_symlink():
            raise UserError(f"no such file or folder: {root}")
        pairs.extend((root, path) for path in _walk(root))
    return pairs


def _check(path: Path) -> os.stat_result:
    """The file's stat if it is worth reading; SkipFile otherwise."""
    try:
        st = path.stat()
    except OSError as exc:
        raise SkipFile(f"unreadable: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise SkipFile("not a regular file")
    if st.st_size == 0:
        raise SkipFile("empty file")
    limit = MAX_PDF_BYTES if file_format(path) == "pdf" else MAX_TEXT_BYTES
    if st.st_size > limit:
        raise SkipFile(
            f"too large: {st.st_size / 2**20:.1f} MiB (limit {limit // 2**20} MiB for this type)"
        )
    return st


class Ingestor:
    """Indexes files into a MemoryStore, one committed file at a time."""

    def __init__(self, store: MemoryStore, clock: Callable[[], datetime], tz: tzinfo) -> None:
        self.store = store
        self.clock = clock
        self.tz = tz

    def run(
        self,
        roots: Sequence[Path],
        *,
        source: str | None = None,
        on_start: Callable[[int], None] | None = None,
        on_file: OnFile | None = None,
    ) -> IngestReport:
        """Index every file under the roots; only new or changed files are parsed."""
        roots = [Path(os.path.abspath(Path(r).expanduser())) for r in roots]
        pairs = find_files(roots)
        if on_start is not None:
            on_start(len(pairs))
        report = IngestReport()
        t0 = time.perf_counter()
        seen: set[str] = set()
        for root, path in pairs:
            status = self.file(path, source or default_source(root), report)
            seen.add(str(path))
            if on_file is not None:
                on_file(path, status)
        for root in roots:
            if root.is_dir():
                for known in self.store.document_paths(str(root) + os.sep):
                    if known not in seen and not os.path.lexists(known):
                        self.store.remove_document(known)
                        report.removed += 1
        report.seconds = time.perf_counter() - t0
        return report

    def file(self, path: Path, source: str, report: IngestReport) -> str:
        """Index one file if it is new or changed; returns what happened to it."""
        report.files += 1
        key = str(path)
        known = self.store.document_state(key)
        try:
            st = _check(path)
            if known and known.size == st.st_size and known.mtime_ns == st.st_mtime_ns:
                report.unchanged += 1
                return "forgotten" if known.forgotten else "unchanged"
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise SkipFile(f"unreadable: {exc.strerror or exc}") from None
            digest = hashlib.sha256(data).hexdigest()
            if known and known.sha256 == digest:
                self.store.touch_document(known.id, st.st_size, st.st_mtime_ns)
                report.unchanged += 1
                return "forgotten" if known.forgotten else "unchanged"
            parsed = parse(path, data, self.tz)
            chunks = chunk_sections(parsed.sections, parsed.title)
            if not chunks:
                raise SkipFile("no text to index")
        except SkipFile as skip:
            return self._skip(path, str(skip), known is not None, report)
        except Exception as exc:  # a parser library failing on one file must not stop the run
            return self._skip(
                path, f"could not parse ({type(exc).__name__}: {exc})", known is not None, report
            )
        modified = datetime.fromtimestamp(st.st_mtime, UTC)
        doc = NewDocument(
            path=key,
            source=source,
            format=parsed.format,
            title=parsed.title,
            size=st.st_size,
            mtime_ns=st.st_mtime_ns,
            sha256=digest,
            created_at=parsed.created_at or modified,
            modified_at=modified,
            tags=parsed.tags,
            chunks=tuple(chunks),
        )
        report.chunks += self.store.put_document(doc, self.clock())
        if known is None:
            report.new += 1
            return "new"
        report.changed += 1
        return "changed"

    def _skip(self, path: Path, reason: str, was_indexed: bool, report: IngestReport) -> str:
        if was_indexed:
            self.store.remove_document(str(path))  # its old text no longer matches the file
        try:
            size: int | None = path.stat().st_size
        except OSError:
            size = None
        self.store.record_skip(str(path), reason, size, self.clock())
        report.skipped.append((str(path), reason))
        return "skipped"
