"""Azure availability zones: which regions have them, and why each node pool is placed so.

The one place that knows Azure's zone rules, used by storage (ZRS or LRS) and by the cluster and
GPU pools (zone spread or pin). The system pool's zones are decided here; a GPU pool's one zone
is decided at validation (`PoolPlan.zone`, from the profile's `gpu_zone`) and only explained
here. Imports no provider SDK.

A region with availability zones has at least three, which a subscription sees as the logical
zones `1`, `2` and `3` (availability-zones-overview.md, "Physical and logical availability
zones"); a region without zones has none to name. `corridor:zones` is optional on
Azure, so when it is unset and the region has zones corridor uses all three itself: otherwise the
AKS system pool would sit wherever Azure puts a regional scale set, and one zone's outage could
take every system node down in a region whose storage is zone-redundant.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.catalog import regions
from components.definition import StackSpec
from components.definition.pool_plan import PoolPlan

# Which regions have availability zones, and their logical zones, are catalog data: each Azure
# region's `zones` in components/catalog/regions.json (`["1", "2", "3"]`, or `[]` for none), with
# the sources under `zoneSources.azure` (Microsoft's region list, page dated 2025-09-23:
# https://learn.microsoft.com/azure/reliability/availability-zones-region-support, source
# MicrosoftDocs/reliability-docs articles/reliability/regions-list.md; logical zones:
# https://learn.microsoft.com/azure/reliability/availability-zones-overview#physical-and-logical-availability-zones).
# Regions marked "coming soon", and any region the catalog does not know, are treated as having
# no zones: their storage accounts get LRS (creating a ZRS account in a region without zones
# fails, while LRS is valid everywhere) and their node pools are not pinned to zones (a zonal
# scale set in a region without zones fails the same way). UAE North has zones; UAE Central has
# none.
REGIONS_WITH_ZONES: frozenset[str] = frozenset(
    region_id for region_id in regions.region_ids("azure") if regions.region("azure", region_id).has_zones
)


@dataclass(frozen=True)
class Placement:
    """The zones one node pool is given (None: none given, Azure places it) and why."""

    zones: list[str] | None
    reason: str


def region_zones(region: str) -> tuple[str, ...]:
    """The logical zones of `region` per the catalog; empty where it has none or is not known."""
    return regions.known_zones("azure", region)


def has_zones(region: str) -> bool:
    """True when `region` has availability zones (per the region catalog, `REGIONS_WITH_ZONES`)."""
    return region in REGIONS_WITH_ZONES


def cluster_zones(spec: StackSpec) -> list[str] | None:
    """The stack's zones: `corridor:zones` when set, else all of the region's zones, else None."""
    if spec.zones:
        return list(spec.zones)
    return list(region_zones(spec.region)) if has_zones(spec.region) else None


def system_placement(spec: StackSpec) -> Placement:
    """The AKS system pool: spread over every zone of the stack, or unpinned without zones."""
    zones = cluster_zones(spec)
    if zones is None:
        return Placement(
            None,
            f"unpinned: {spec.region} has no availability zones, so Azure places the system nodes "
            "and, with no zone to spread over, one datacenter's outage can take them all down",
        )
    source = "corridor:zones" if spec.zones else f"every zone of {spec.region}; corridor:zones is unset"
    return Placement(
        zones,
        f"spread: one scale set over zones {', '.join(zones)} ({source}), "
        "so one zone's outage leaves system nodes running",
    )


def gpu_placement(spec: StackSpec, plan: PoolPlan) -> Placement:
    """A GPU agent pool in the plan's one zone, or unpinned where the region has no zones.

    One zone because a capacity reservation group holds its capacity in the zone it names and the
    InfiniBand fabric of an ND pool does not span zones; pools without a fabric follow the same
    rule, so a workload's zonal disk can always attach to the pool's nodes. The plan's zone is the
    reservation's, else the first of `corridor:zones`, else the region's first zone
    (`AzureProfile.gpu_zone`); this only says which of those it is.
    """
    zone = plan.zone
    if zone is None:
        reason = f"unpinned: {spec.region} has no availability zones, so Azure places the scale set"
        if plan.fabric:
            reason += "; InfiniBand still links the VMs of the pool's one scale set"
        return Placement(None, reason)
    reservation = plan.reservation
    if reservation is not None and reservation.zone == zone:
        return Placement([zone], f"one zone: the capacity reservation group holds capacity in zone {zone}")
    source = (
        f"zone {zone} is the first of corridor:zones"
        if spec.zones
        else f"zone {zone} is the first zone of {spec.region} (corridor:zones is unset)"
    )
    if plan.fabric:
        return Placement([zone], f"one zone: InfiniBand does not span zones; {source}")
    return Placement(
        [zone], f"one zone: corridor keeps each GPU pool in one zone (a zonal disk attaches only in its zone); {source}"
    )
