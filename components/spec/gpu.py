"""GPU node pools (`corridor:gpuPools`), reservations (`corridor:reservations`) and zones."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import model_validator

from components.spec.base import SpecModel, satisfies, within

# AKS agent pool names are the strictest: 1 to 12 lowercase letters or digits, starting with a
# letter (https://learn.microsoft.com/azure/aks/create-node-pools#limitations); EKS node group
# and GKE node pool names accept these unchanged.
POOL_NAME = satisfies(
    lambda v: re.fullmatch(r"[a-z][a-z0-9]{0,11}", v) is not None,
    "must be 1 to 12 lowercase letters or digits, starting with a letter (AKS pool name rules)",
)
# EKS managed node groups and AKS user pools allow up to 1000 nodes; GKE node pools more.
NODES = within(0, 1000, "nodes", "EKS and AKS node-pool limits")
GPUS = within(1, 8, "GPUs", "the largest catalog machines carry 8")

Capacity = Literal["onDemand", "spot", "reserved"]
Interconnect = Literal["auto", "none"]
ReservationKind = Literal[
    "capacityReservation", "capacityBlock", "reservation", "flexStart", "capacityReservationGroup"
]


class GpuPool(SpecModel):
    """One autoscaling pool of identical GPU nodes, tainted so only GPU workloads land on it."""

    name: Annotated[str, POOL_NAME]
    """Pool name, used in node-pool names and the `corridor.dev/pool` label. Required."""

    accelerator: str
    """Canonical accelerator: `H100`, `H200`, `B200`, `GB200`, `A100-80GB`, `L40S` or `L4`
    (see `components/catalog/accelerators.json`). Required."""

    gpus_per_node: Annotated[int, GPUS]
    """GPUs on each node; with `accelerator` it selects the machine type from the catalog.
    Required."""

    machine_type: str | None = None
    """Pin one catalog machine where several carry the same GPUs (e.g. GCP `a3-highgpu-8g`
    instead of `a3-megagpu-8g`). Default: the catalog's best-connected, then smallest, match."""

    min_nodes: Annotated[int, NODES] = 0
    """Fewest nodes the autoscaler keeps. Default 0: an idle pool costs nothing."""

    max_nodes: Annotated[int, NODES]
    """Most nodes the autoscaler may add; max GPUs = maxNodes x gpusPerNode. Required."""

    capacity: Capacity = "onDemand"
    """Purchase mode: `onDemand`, `spot` (preemptible, cheapest) or `reserved` (consumes the
    pool's entry in `corridor:reservations`). Default `onDemand`."""

    interconnect: Interconnect = "auto"
    """`auto`: attach the machine's fast fabric (EFA, GPUDirect, InfiniBand) and compact
    placement when the pool can span more than one node; `none`: plain networking.
    Default `auto`."""

    @model_validator(mode="after")
    def _check(self) -> GpuPool:
        if self.min_nodes > self.max_nodes:
            raise ValueError(f"minNodes ({self.min_nodes}) must not exceed maxNodes ({self.max_nodes})")
        if self.max_nodes == 0:
            raise ValueError("maxNodes must be at least 1")
        return self

    @property
    def multi_node(self) -> bool:
        """True when the pool can hold more than one node, so a fabric between nodes matters."""
        return self.max_nodes > 1


class Reservation(SpecModel):
    """Reserved capacity a `reserved` pool consumes. Cloud- and region-specific, so per stack."""

    kind: ReservationKind
    """AWS: `capacityReservation` (On-Demand Capacity Reservation) or `capacityBlock`
    (Capacity Block for ML); GCP: `reservation` (Compute Engine reservation) or `flexStart`
    (Dynamic Workload Scheduler, no id); Azure: `capacityReservationGroup`. Required."""

    id: str | None = None
    """AWS `cr-...` id, GCP reservation name, or Azure capacity reservation group resource id.
    Required for every kind except `flexStart`."""

    zone: str | None = None
    """Zone the reservation holds capacity in (AWS reservations and GCP reservations are
    zonal); the pool's nodes are placed only there. Required for AWS and GCP reservations."""

    @model_validator(mode="after")
    def _check(self) -> Reservation:
        if self.kind != "flexStart" and not self.id:
            raise ValueError(f"id is required for a {self.kind}")
        if self.kind == "flexStart" and self.id:
            raise ValueError("a flexStart reservation has no id")
        return self


Reservations = dict[Annotated[str, POOL_NAME], Reservation]
"""Reservations by pool name (`corridor:reservations`)."""
