"""How long the fuzz tests run: ``GXOPEN_FUZZ=10`` (as ``.ci/run`` sets) multiplies their examples by 10."""

from __future__ import annotations

import os

from hypothesis import settings


def fuzz_examples(n: int | None = None) -> int:
    """``n`` examples (default: the profile's), times ``GXOPEN_FUZZ``."""
    profile = settings.default
    base = n if n is not None else (profile.max_examples if profile is not None else 100)
    return base * max(1, int(os.environ.get("GXOPEN_FUZZ", "1")))
