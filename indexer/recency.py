"""The "relevance, newer first" order: relevance, with recently published documents lifted.

COI must be current (a decision relies on the situation now), yet the most relevant report of
three years ago should still beat a passing mention from last week. So recency multiplies the
relevance score rather than replacing it: a document published today counts up to
``1 + RECENCY_WEIGHT`` times, the lift halving every :data:`HALF_LIFE_YEARS`; undated documents
are neither lifted nor pushed down. (The same shape as the exponential decay functions of
Elasticsearch's ``function_score``.)
"""

from __future__ import annotations

from datetime import date

import numpy as np

RECENCY_WEIGHT = 1.0
"""How much a document published today gains: its score counts up to twice."""
HALF_LIFE_YEARS = 2.0
"""After this long, a document keeps half of the lift (a quarter after twice as long)."""
_DAYS_PER_YEAR = 365.25


def recency_boost(published: np.ndarray, today: date) -> np.ndarray:
    """The factor for each ``published`` date (``yyyymmdd`` integers; 0 means undated)."""
    age_years = _years(today.year * 10000 + today.month * 100 + today.day) - _years(published)
    lift = RECENCY_WEIGHT * 0.5 ** (np.maximum(age_years, 0.0) / HALF_LIFE_YEARS)
    return np.where(published > 0, 1.0 + lift, 1.0)


def _years(yyyymmdd: np.ndarray | int) -> np.ndarray:
    """A date as fractional years (months of equal length: close enough for a decay)."""
    value = np.asarray(yyyymmdd, dtype=np.float64)
    year, month, day = value // 10000, value // 100 % 100, value % 100
    return year + (month - 1) / 12 + (day - 1) / _DAYS_PER_YEAR
