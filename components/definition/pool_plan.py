"""The pool plan: every decision about one GPU pool, made once while the stack is validated.

`plan_pools` resolves each `corridor:gpuPools` entry to its machine through the cloud's profile
(the accelerator catalog, or the provider's nodes where corridor was handed a cluster), checks
that the cloud sells the machine in the pool's purchase mode, and decides its reservation, zone,
fabric and compact placement through the cloud's profile. The result is a frozen `PoolPlan` per
pool that the adapters only translate into their cloud's resources, so no cloud decides the
fabric or the zone again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from components.catalog import accelerators
from components.definition.errors import Problem
from components.definition.gpu import GpuPool, Reservation

if TYPE_CHECKING:
    # Types only: the catalog imports `components.definition` while it loads.
    from components.catalog.accelerators import Offering
    from components.clouds.profile import CloudProfile


@dataclass(frozen=True)
class PoolPlan:
    """One GPU pool, decided: what it runs on, where, and how it is bought and linked."""

    pool: GpuPool
    """The pool as configured."""
    offering: Offering
    """The catalog machine that carries `pool.gpusPerNode` of `pool.accelerator` on this cloud."""
    reservation: Reservation | None
    """The reservation the pool consumes; None unless `pool.capacity` is `reserved`."""
    zone: str | None
    """The one zone the pool runs in: the reservation's, else the cloud profile's choice
    (`CloudProfile.gpu_zone`); None where the cloud places the pool itself."""
    fabric: bool
    """Attach the machine's fast fabric: asked for (`interconnect: auto`), useful (the pool can
    span nodes) and present on the machine."""
    compact_placement: bool
    """Place the pool's nodes close together (placement group, compact policy), as the cloud's
    profile decides for this fabric and reservation (`CloudProfile.compact_placement`)."""
    catalog_unknowns: tuple[str, ...]
    """Facts the catalog does not know about this pool (`accelerators.unknown_facts`)."""

    @property
    def capacity(self) -> str:
        """The purchase mode: `onDemand`, `spot` or `reserved`."""
        return self.pool.capacity


def wants_fabric(pool: GpuPool, offering: Offering) -> bool:
    """Attach the machine's fast fabric: asked for (`auto`), useful (the pool can span nodes),
    and present on the machine."""
    return pool.interconnect == "auto" and pool.multi_node and offering.interconnect != "none"


def plan_pools(values: Mapping[str, Any], profile: CloudProfile) -> tuple[tuple[PoolPlan, ...], list[Problem]]:
    """A plan per pool of `values["gpu_pools"]` (validated values by field name), and every
    problem met resolving them. A pool with a problem gets no plan."""
    pools: list[GpuPool] = values.get("gpu_pools") or []
    reservations: Mapping[str, Reservation] = values.get("reservations") or {}
    plans: list[PoolPlan] = []
    problems: list[Problem] = []
    for index, pool in enumerate(pools):
        path = f"corridor:gpuPools[{index}]"
        try:
            offer = profile.offering_for(pool)
        except accelerators.CatalogError as error:
            problems.append(Problem(f"{path}.{error.field}", str(error)))
            continue
        pool_problems = _check_sold(path, profile.cloud, pool, offer)
        unknowns = tuple(accelerators.unknown_facts(offer, pool.capacity))
        if not pool_problems and values.get("strict_catalog"):
            pool_problems += [
                Problem(
                    path,
                    f"corridor:strictCatalog is on and the catalog does not know {fact}; "
                    "choose a pool the catalog confirms, or add the fact with its source to the catalog",
                )
                for fact in unknowns
            ]
        problems += pool_problems
        if pool_problems:
            continue
        reservation = reservations.get(pool.name) if pool.capacity == "reserved" else None
        fabric = wants_fabric(pool, offer)
        plans.append(
            PoolPlan(
                pool=pool,
                offering=offer,
                reservation=reservation,
                zone=reservation.zone
                if reservation is not None and reservation.zone
                else profile.gpu_zone(values.get("region") or "", values.get("zones")),
                fabric=fabric,
                compact_placement=fabric and profile.compact_placement(offer, reservation),
                catalog_unknowns=unknowns,
            )
        )
    return tuple(plans), problems


def _check_sold(path: str, cloud: str, pool: GpuPool, offer: Offering) -> list[Problem]:
    """The cloud sells `offer` in the pool's purchase mode, unless the catalog does not know."""
    sold = {"onDemand": offer.on_demand, "spot": offer.spot, "reserved": offer.reserved}
    if sold[pool.capacity] is not False:
        return []
    modes = [mode for mode, ok in sold.items() if ok]
    return [
        Problem(
            f"{path}.capacity",
            f"{cloud} does not sell {offer.machine_type} ({pool.accelerator}) as {pool.capacity}; "
            f"sold as: {', '.join(modes) or 'nothing known'} (source: {_cite(offer.source)})",
        )
    ]


def _cite(source: str) -> str:
    """The part of a catalog source a message can quote: its first link, else the whole note."""
    link = re.search(r"https?://[^\s,;)]+", source)
    return link.group(0) if link else source
