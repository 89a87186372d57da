"""The vector leg's query, moved away from what every stored item has in common.

Sentence embeddings of one person's memory share a large common direction: the mean
of the synthetic person's 1,655 item vectors (unit length each) has length 0.53. An
item close to that mean (a table of amounts, a mail that is mostly its headers, a
recurring newsletter) is fairly close to every query, and such "hubs" take places in
the top five that the item answering the question needed. So search's vector leg
ranks by the inner product with `centred(query)`, the query less CENTRE_WEIGHT times
the mean of the stored vectors: an item's cosine with the query, less a fixed share of
its likeness to everything else. The similarity reported stays the plain cosine (the
context builder compares it with a threshold chosen for cosines), and the store's
`vector_search` without `centre` is the plain nearest-neighbour search that the
memory benchmark's recall is measured on. The tool selector centres its tools'
vectors for the same reason (familiar.kernel.tool_select).

Measured on the synthetic person (`python -m benchmarks.retrieval`, see
benchmarks/README.md), recall@5 of the written questions, tune / held: hybrid 0.735 /
0.912 -> 0.765 / 0.912, vector 0.676 / 0.912 -> 0.706 / 0.912; the manifest's
questions unchanged. On "tune", hybrid was the same or better for every weight from
0.1 to 0.5; 0.25 is in the middle of that range (not its best point, 0.4).

Both backends take the mean of the newest MEAN_SAMPLE vectors (all of them in a
smaller store): the tail of the SQLite cache's matrix, an index range in PostgreSQL,
so a large store does not read every vector for it. PostgreSQL, which has no cache
file to key it by, keeps it per process and takes it again once a tenth as many items
as it was taken from have been added since (`Mean`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CENTRE_WEIGHT = 0.25
MEAN_SAMPLE = 10_000


def sample_mean(matrix: np.ndarray) -> np.ndarray | None:
    """The mean of a matrix's last MEAN_SAMPLE rows (the newest vectors); None if empty."""
    if len(matrix) == 0:
        return None
    return np.asarray(matrix[-MEAN_SAMPLE:].mean(axis=0, dtype=np.float64), dtype=np.float32)


@dataclass(frozen=True)
class Mean:
    """A mean taken from `rows` vectors when the newest item id was `mark`."""

    vector: np.ndarray | None
    rows: int
    mark: int

    def stale(self, mark: int) -> bool:
        """True once the items added since (by id) are a tenth of the rows it came from."""
        return mark < self.mark or 10 * (mark - self.mark) > self.rows


def centred(query: np.ndarray, mean: np.ndarray | None, weight: float) -> np.ndarray:
    """The query to rank items by: moved away from the stored vectors' mean by `weight`."""
    q = np.asarray(query, dtype=np.float32).reshape(-1)
    if mean is None:
        return q
    return np.asarray(q - weight * mean, dtype=np.float32)
