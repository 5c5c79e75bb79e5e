"""The fuzzing budget shared by the property tests (Hypothesis).

In the normal test run every property runs a fixed, derandomized set of examples (a second or
so each), so that a run is repeatable. For a nightly run, set ``BADGEPRESS_FUZZ_SECONDS``:
each property then runs batch after batch of examples, each batch from its own seed
(``BADGEPRESS_FUZZ_SEED`` plus the batch number, so a failure names a seed to replay), until
that many seconds have passed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, seed, settings

#: Seconds each property runs for in a nightly run (0: the normal, fixed run).
FUZZ_SECONDS = float(os.environ.get("BADGEPRESS_FUZZ_SECONDS", "0") or 0)
FUZZ_SEED = int(os.environ.get("BADGEPRESS_FUZZ_SEED", "0") or 0)

_COMMON: dict[str, Any] = {
    "deadline": None, "database": None, "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                              HealthCheck.filter_too_much],
}


def budget(examples: int) -> settings:
    """Settings for a property: ``examples`` derandomized examples in the normal run, batches
    of them from fresh seeds in a nightly run (see :func:`run`).
    """
    if FUZZ_SECONDS:
        return settings(max_examples=examples, derandomize=False, **_COMMON)
    return settings(max_examples=examples, derandomize=True, **_COMMON)


def run(prop: Callable[[], None]) -> None:
    """Run the Hypothesis property ``prop`` once (normal run) or for ``FUZZ_SECONDS``."""
    if not FUZZ_SECONDS:
        prop()
        return
    end = time.monotonic() + FUZZ_SECONDS
    batch = 0
    while time.monotonic() < end:
        seed(FUZZ_SEED + batch)(prop)
        prop()
        batch += 1
