"""Cheap, seeded randomness for the generator (it draws a few hundred numbers a case)."""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class FastRandom(random.Random):
    """``random.Random`` with float-based ``randint`` and ``choice``: deterministic for a
    seed, several times cheaper than the exact versions, and just as good for demo data."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):  # noqa: ANN001, ANN201
        return seq[int(self.random() * len(seq))]


class Weighted(Generic[T]):
    """Values with weights, drawn by one ``random()`` and a bisection."""

    def __init__(self, *pairs: tuple[T, int]) -> None:
        self.values = tuple(value for value, _ in pairs)
        self.cumulative = tuple(accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect(self.cumulative, rng.random() * self.cumulative[-1])]
