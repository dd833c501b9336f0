import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold" / "seeds.json"


@pytest.fixture(scope="session")
def seed_files():
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def gold():
    if not GOLD.is_file():
        pytest.skip(f"gold annotation not found at {GOLD}")
    return {r["file"]: r for r in json.loads(GOLD.read_text(encoding="utf-8"))}
