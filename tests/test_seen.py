"""plan._seen.Seen: the compact hash -> first row map of the duplicate notices, checked
against a dict."""

from __future__ import annotations

import random
import sys

from badgepress.plan._seen import Seen


def test_seen_answers_as_a_dict_would_through_every_growth():
    rnd = random.Random(7)
    seen, model = Seen(4), {}
    for i in range(60_000):
        # big hashes, negative ones, small ones that collide in a small table, and repeats
        key = (rnd.getrandbits(64) if i % 3 else rnd.randrange(-3000, 3000)) - (1 << 63) * (
            i % 7 == 0)
        norm = (key & ((1 << 64) - 1)) or 1
        assert seen.first(key, i + 2) == model.get(norm)
        model.setdefault(norm, i + 2)
    assert len(seen) == len(model) > 40_000


def test_zero_and_its_64_bit_twin_are_one_key():
    seen = Seen()
    assert seen.first(0, 2) is None
    assert seen.first(1, 3) == 2  # 0 is stored as 1 (0 marks an empty slot)
    assert seen.first(-1, 4) is None and seen.first((1 << 64) - 1, 5) == 4


def test_an_entry_costs_tens_of_bytes_not_a_hundred():
    seen = Seen()
    for i in range(100_000):
        seen.first(hash(("name", i)), i + 2)
    size = sys.getsizeof(seen._keys) + sys.getsizeof(seen._rows)
    assert size / len(seen) < 50
