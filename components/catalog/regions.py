"""Per-cloud region ids, the country each region's data centres are in, and the region facts the
adapters build from: zones and dual-region pairs.

Backed by `regions.json` (schema version, check date and sources per cloud). The loader uses it
to reject region typos with a suggestion; data-residency checks use the country codes; Azure
storage and node pools use the zone lists (`zones`, `[]` for a region without zones, absent where
the catalog does not record a cloud's zones); GCS uses the dual-region pairs. The file is
validated when it is first read, and a malformed entry raises `CatalogDataError` naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from components.catalog.data import CatalogDataError, load

SCHEMA_VERSION = 2
DATA_FILE = Path(__file__).with_name("regions.json")

ZONE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
"""A zone id as a region lists it (Azure numbers its zones: `1`, `2`, `3`; OCI names its
availability domains `AD-1` to `AD-3`)."""
COUNTRY = re.compile(r"[A-Z]{2}")
DualRegionKind = Literal["predefined", "configurable"]
DUAL_REGION_KINDS: tuple[DualRegionKind, ...] = ("predefined", "configurable")
"""Predefined dual-regions first: they are matched first."""


@dataclass(frozen=True)
class Region:
    """One region of one cloud."""

    cloud: str
    id: str
    country: str
    """ISO 3166-1 alpha-2 code of the country holding the region's data centres."""
    city: str
    zones: tuple[str, ...] | None = None
    """The region's zones as the cloud names them; `()` for a region without zones; None where the
    catalog does not record the cloud's zones (see `zone_sources`)."""

    @property
    def has_zones(self) -> bool:
        """True when the catalog lists zones for the region (False when it lists none or does not know)."""
        return bool(self.zones)


@dataclass(frozen=True)
class DualRegion:
    """A storage location spanning two regions of one cloud (GCS: a predefined dual-region such
    as `NAM4`, or a location code such as `US` under which any two listed regions pair)."""

    cloud: str
    kind: DualRegionKind
    location: str
    """The bucket location: the predefined dual-region (`NAM4`) or the location code (`US`)."""
    regions: frozenset[str]
    """The pair (predefined), or every region that can pair with another under the code."""
    kms_location: str | None
    """Where the bucket's key must live; None where that is not settled."""

    def holds(self, pair: frozenset[str]) -> bool:
        """True when the two regions of `pair` form this dual-region."""
        return len(pair) == 2 and (pair == self.regions if self.kind == "predefined" else pair <= self.regions)


@cache
def _data() -> dict[str, Any]:
    data = load(DATA_FILE, SCHEMA_VERSION)
    _validate(data)
    return data


def _fail(entry: str, problem: str) -> CatalogDataError:
    return CatalogDataError(DATA_FILE, entry, problem)


def _sources(entry: str, value: object) -> None:
    """`value` must be a non-empty list of non-empty strings."""
    if not isinstance(value, list) or not value or not all(isinstance(s, str) and s.strip() for s in value):
        raise _fail(entry, "must be a non-empty list of sources (non-empty strings)")


def _validate(data: dict[str, Any]) -> None:
    """Refuse a file the accessors could misread, naming the first bad entry."""
    clouds = data.get("clouds")
    if not isinstance(clouds, dict) or not clouds:
        raise _fail("clouds", "must map each cloud to its regions")
    sources = data.get("sources")
    if not isinstance(sources, dict):
        raise _fail("sources", "must map each cloud to where its region list comes from")
    zone_sources = data.get("zoneSources", {})
    if not isinstance(zone_sources, dict):
        raise _fail("zoneSources", "must map each cloud whose zones are recorded to its sources")
    for cloud, rows in clouds.items():
        if not isinstance(sources.get(cloud), str) or not sources[cloud].strip():
            raise _fail(f"sources.{cloud}", "missing: every cloud's region list names its source")
        if not isinstance(rows, dict) or not rows:
            raise _fail(f"clouds.{cloud}", "must map region ids to {country, city}")
        zoned = cloud in zone_sources
        for region_id, row in rows.items():
            entry = f"clouds.{cloud}.{region_id}"
            if not isinstance(row, dict):
                raise _fail(entry, "must be an object with country and city")
            country, city = row.get("country"), row.get("city")
            if not isinstance(country, str) or not COUNTRY.fullmatch(country):
                raise _fail(f"{entry}.country", f"{country!r} is not an ISO 3166-1 alpha-2 code")
            if not isinstance(city, str) or not city.strip():
                raise _fail(f"{entry}.city", "missing: every region names its city")
            if "zones" in row:
                if not zoned:
                    raise _fail(f"{entry}.zones", f"zones listed but zoneSources.{cloud} names no source for them")
                _zones(f"{entry}.zones", row["zones"])
            elif zoned:
                raise _fail(
                    f"{entry}.zones",
                    f"missing: zoneSources.{cloud} records {cloud}'s zones, so every region lists them ([] for none)",
                )
    for cloud, zone_source in zone_sources.items():
        if cloud not in clouds:
            raise _fail(f"zoneSources.{cloud}", "names a cloud with no regions")
        if not isinstance(zone_source, dict):
            raise _fail(f"zoneSources.{cloud}", "must be an object with sources")
        _sources(f"zoneSources.{cloud}.sources", zone_source.get("sources"))
    dual = data.get("dualRegions", {})
    if not isinstance(dual, dict):
        raise _fail("dualRegions", "must map clouds to their dual-region locations")
    for cloud, section in dual.items():
        if cloud not in clouds:
            raise _fail(f"dualRegions.{cloud}", "names a cloud with no regions")
        if not isinstance(section, dict):
            raise _fail(f"dualRegions.{cloud}", "must be an object with sources and locations")
        _sources(f"dualRegions.{cloud}.sources", section.get("sources"))
        unknown_kinds = set(section) - {"sources", "notes", *DUAL_REGION_KINDS}
        if unknown_kinds:
            raise _fail(f"dualRegions.{cloud}", f"unknown keys {sorted(unknown_kinds)}")
        seen: set[str] = set()
        for kind in DUAL_REGION_KINDS:
            for index, location in enumerate(section.get(kind, [])):
                _dual_region(f"dualRegions.{cloud}.{kind}[{index}]", kind, location, clouds[cloud], seen)


def _zones(entry: str, zones: object) -> None:
    if not isinstance(zones, list):
        raise _fail(entry, "must be a list of zone ids ([] for a region without zones)")
    for zone in zones:
        if not isinstance(zone, str) or not ZONE_ID.fullmatch(zone):
            raise _fail(entry, f"{zone!r} is not a zone id (lowercase letters, digits, '-')")
    if len(set(zones)) != len(zones):
        raise _fail(entry, f"lists a zone twice: {zones}")


def _dual_region(entry: str, kind: str, location: object, regions: dict[str, Any], seen: set[str]) -> None:
    if not isinstance(location, dict):
        raise _fail(entry, "must be an object with location, regions and kmsLocation")
    code = location.get("location")
    if not isinstance(code, str) or not code.strip():
        raise _fail(entry, "missing its location")
    entry = f"{entry} ({code})"
    if code in seen:
        raise _fail(entry, "location listed twice")
    seen.add(code)
    members = location.get("regions")
    if not isinstance(members, list) or not all(isinstance(member, str) for member in members):
        raise _fail(f"{entry}.regions", "must be a list of region ids")
    if len(set(members)) != len(members):
        raise _fail(f"{entry}.regions", f"lists a region twice: {members}")
    if kind == "predefined" and len(members) != 2:
        raise _fail(f"{entry}.regions", f"a predefined dual-region is a pair of two regions, not {len(members)}")
    if kind == "configurable" and len(members) < 2:
        raise _fail(f"{entry}.regions", "a location code needs at least two regions to pair")
    unknown = [member for member in members if member not in regions]
    if unknown:
        raise _fail(f"{entry}.regions", f"{', '.join(unknown)} is not a known region")
    kms = location.get("kmsLocation")
    if kms is not None and (not isinstance(kms, str) or not kms.strip()):
        raise _fail(f"{entry}.kmsLocation", "must be a location or null (not settled)")


def region_ids(cloud: str) -> tuple[str, ...]:
    """Every region id the catalog knows for `cloud`, sorted; empty for an unknown cloud."""
    return tuple(sorted(_data()["clouds"].get(cloud, {})))


def region(cloud: str, region_id: str) -> Region:
    """The catalog entry for one region; KeyError if the catalog does not know it."""
    row = _data()["clouds"][cloud][region_id]
    zones = row.get("zones")
    return Region(
        cloud=cloud,
        id=region_id,
        country=row["country"],
        city=row["city"],
        zones=None if zones is None else tuple(zones),
    )


def known_zones(cloud: str, region_id: str) -> tuple[str, ...]:
    """The zones the catalog records for a region; empty where it has none, or where the
    catalog does not know the region or its cloud's zones."""
    if region_id not in region_ids(cloud):
        return ()
    return region(cloud, region_id).zones or ()


def source(cloud: str) -> str:
    """Where the region list for `cloud` comes from."""
    return str(_data()["sources"][cloud])


def zone_sources(cloud: str) -> tuple[str, ...]:
    """Where the zone lists of `cloud`'s regions come from; empty where the catalog records none."""
    return tuple(_data().get("zoneSources", {}).get(cloud, {}).get("sources", ()))


def dual_regions(cloud: str) -> tuple[DualRegion, ...]:
    """The dual-region locations of `cloud`, predefined ones first (they are matched first);
    empty for a cloud without."""
    section = _data().get("dualRegions", {}).get(cloud, {})
    return tuple(
        DualRegion(
            cloud=cloud,
            kind=kind,
            location=location["location"],
            regions=frozenset(location["regions"]),
            kms_location=location.get("kmsLocation"),
        )
        for kind in DUAL_REGION_KINDS
        for location in section.get(kind, [])
    )


def dual_region_sources(cloud: str) -> tuple[str, ...]:
    """Where `cloud`'s dual-region pairs come from; empty for a cloud without."""
    return tuple(_data().get("dualRegions", {}).get(cloud, {}).get("sources", ()))
