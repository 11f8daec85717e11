"""Per-cloud region ids and the country each region's data centres are in.

Backed by `regions.json` (schema version, check date and a source per cloud). The loader uses it
to reject region typos with a suggestion; data-residency checks use the country codes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
DATA_FILE = Path(__file__).with_name("regions.json")


@dataclass(frozen=True)
class Region:
    """One region of one cloud."""

    cloud: str
    id: str
    country: str
    """ISO 3166-1 alpha-2 code of the country holding the region's data centres."""
    city: str


@cache
def _data() -> dict[str, Any]:
    data = json.loads(DATA_FILE.read_text())
    if data.get("schemaVersion") != SCHEMA_VERSION:
        raise RuntimeError(f"{DATA_FILE.name}: schemaVersion {data.get('schemaVersion')} != {SCHEMA_VERSION}")
    return data


def region_ids(cloud: str) -> tuple[str, ...]:
    """Every region id the catalog knows for `cloud`, sorted; empty for an unknown cloud."""
    return tuple(sorted(_data()["clouds"].get(cloud, {})))


def region(cloud: str, region_id: str) -> Region:
    """The catalog entry for one region; KeyError if the catalog does not know it."""
    row = _data()["clouds"][cloud][region_id]
    return Region(cloud=cloud, id=region_id, country=row["country"], city=row["city"])


def source(cloud: str) -> str:
    """Where the region list for `cloud` comes from."""
    return str(_data()["sources"][cloud])
