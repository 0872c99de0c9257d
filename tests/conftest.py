"""Shared fixtures: paths to test data, the optional ../shared folder, scratch stores."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_a8102f37ba11d2f7.txt"


@pytest.fixture
def seed_path() -> Path:
    """The founding page from ../shared; tests using it skip where it is absent."""
    if not SEED.exists():
        pytest.skip("../shared/seed is not present")
    return SEED


@pytest.fixture
def republished() -> Path:
    """Our own seed-shaped page: suffix, repeated title, credit line, share line, related tail."""
    return FIXTURES / "republished.txt"


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "marsad.db")
