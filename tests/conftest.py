from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import gxopen

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def seed_doc() -> dict[str, Any]:
    """The seed example as JSON-shaped data (a fresh copy each test)."""
    doc: dict[str, Any] = json.loads(gxopen.example_json(), parse_float=Decimal)
    return doc


@pytest.fixture
def seed() -> gxopen.Report:
    return gxopen.load_example()
