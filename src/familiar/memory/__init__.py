"""Long-term memory: profile facts, timeline, documents and episodes, recalled fast and right.

`open_memory(...)` gives the `Memory` the rest of familiar uses; `MemoryStore` is the
interface a database backend implements (SQLite in `familiar.memory.sqlite`).
"""

from familiar.memory.core import Memory, Remembered, open_memory
from familiar.memory.embedder import Embedder, make_embedder
from familiar.memory.records import Fact, FactChange, Filters, Forgotten, MemoryItem, NewItem
from familiar.memory.search import Hit
from familiar.memory.store import MemoryStore

__all__ = [
    "Embedder",
    "Fact",
    "FactChange",
    "Filters",
    "Forgotten",
    "Hit",
    "Memory",
    "MemoryItem",
    "MemoryStore",
    "NewItem",
    "Remembered",
    "make_embedder",
    "open_memory",
]
