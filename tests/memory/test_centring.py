"""The stored vectors' mean that search centres its queries by (familiar.memory.centring)."""

from __future__ import annotations

import numpy as np

from familiar.memory.centring import MEAN_SAMPLE, Mean, centred, sample_mean


def test_the_mean_is_of_the_newest_rows_and_none_without_rows() -> None:
    assert sample_mean(np.zeros((0, 4), dtype=np.float32)) is None
    old = np.zeros((5, 4), dtype=np.float32)
    new = np.ones((MEAN_SAMPLE, 4), dtype=np.float32)
    mean = sample_mean(np.vstack([old, new]))
    assert mean is not None and mean.dtype == np.float32
    assert np.allclose(mean, 1.0)
    assert np.allclose(sample_mean(old[:3] + 2), 2.0)  # a small matrix: all of it


def test_a_mean_is_taken_again_once_a_tenth_more_items_came_or_some_went() -> None:
    mean = Mean(np.ones(4, dtype=np.float32), rows=1_000, mark=5_000)
    assert not mean.stale(5_000)
    assert not mean.stale(5_100)
    assert mean.stale(5_101)
    assert mean.stale(4_999)  # the newest items were removed (or the vectors dropped)
    assert Mean(None, rows=0, mark=0).stale(1)


def test_centring_moves_the_query_away_from_the_mean() -> None:
    query = np.array([1.0, 0.0], dtype=np.float32)
    mean = np.array([0.4, 0.4], dtype=np.float32)
    assert np.allclose(centred(query, mean, 0.25), [0.9, -0.1])
    assert np.allclose(centred(query, None, 0.25), query)
