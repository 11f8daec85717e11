"""GPU node pools (`corridor:gpuPools`), reservations (`corridor:reservations`) and zones."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from components.definition.base import SpecModel, satisfies, within

# AKS agent pool names are the strictest: 1 to 12 lowercase letters or digits, starting with a
# letter (https://learn.microsoft.com/azure/aks/create-node-pools#limitations); EKS node group
# and GKE node pool names accept these unchanged.
POOL_NAME = satisfies(
    lambda v: re.fullmatch(r"[a-z][a-z0-9]{0,11}", v) is not None,
    "must be 1 to 12 lowercase letters or digits, starting with a letter (AKS pool name rules)",
)
# The largest per-pool node limit of any cloud; each cloud's own bound is its profile's pool_limits.
NODES = within(0, 1000, "nodes", "the largest node-pool limit of any supported cloud")
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


class Network(SpecModel):
    """The network the cluster's nodes live in: created by corridor, or an existing one."""

    cidr: str = "10.40.0.0/16"
    """IPv4 range of the network corridor creates; private node subnets are carved from it.
    Default `10.40.0.0/16`. Ignored when `existingSubnetIds` is set."""

    private_endpoint: bool = False
    """Give the Kubernetes API a private endpoint only (EKS private access only, GKE private
    endpoint, AKS private cluster): nothing outside the cluster's network reaches it, so
    `pulumi up`, kubectl and anything corridor installs in the cluster must then run from inside
    that network (a runner in the VPC/VNet, or one peered or connected to it). Default false."""

    api_open_to_whole_internet: bool = False
    """Accept that `apiAccessCidrs` holds `0.0.0.0/0` or `::/0`, exposing the Kubernetes API's
    public endpoint to every address on the internet (it still needs credentials). Default false:
    such an entry is refused."""

    api_access_cidrs: list[str] = Field(default_factory=list, validate_default=True)
    """Ranges allowed to reach the Kubernetes API's public endpoint (EKS public access CIDRs,
    GKE master authorized networks, AKS authorized IP ranges): your CI runners' and operators'
    egress ranges. Required while the endpoint is public (`privateEndpoint: false`); must be
    empty with a private endpoint. No default: an API open to everyone is never assumed."""

    existing_subnet_ids: list[str] | None = None
    """Use these existing subnets instead of creating a network: AWS private subnet ids (one
    per zone, in `corridor:zones` order, with egress already routed), a GCP subnetwork self link (with secondary ranges
    named `pods` and `services`), or an Azure subnet resource id. Default: create a network."""

    @model_validator(mode="after")
    def _check(self) -> Network:
        import ipaddress

        try:
            network = ipaddress.ip_network(self.cidr)
        except ValueError as error:
            raise ValueError(f"cidr {self.cidr!r} is not an IPv4 network: {error}") from None
        if network.version != 4 or not network.is_private or network.prefixlen > 20:
            raise ValueError(f"cidr {self.cidr!r} must be a private IPv4 range of /20 or larger")
        if self.existing_subnet_ids is not None and not self.existing_subnet_ids:
            raise ValueError("existingSubnetIds must list at least one subnet when set")
        return self

    @field_validator("api_access_cidrs")
    @classmethod
    def _check_api_access(cls, cidrs: list[str], info: ValidationInfo) -> list[str]:
        # A field validator (not the model's) so problems name corridor:network.apiAccessCidrs;
        # the two switches it reads are declared above it, so they are validated first.
        import ipaddress

        private, open_to_all = info.data.get("private_endpoint"), info.data.get("api_open_to_whole_internet")
        if private and cidrs:
            raise ValueError("must be empty with privateEndpoint: true (the API then has no public endpoint)")
        if not private and not cidrs:
            raise ValueError(
                "is required while the API endpoint is public: list your CI runners' and operators' egress "
                "ranges (e.g. 203.0.113.0/24), or set network.privateEndpoint: true"
            )
        for cidr in cidrs:
            try:
                network = ipaddress.ip_network(cidr)
            except ValueError:
                raise ValueError(f"entry {cidr!r} is not a network such as 203.0.113.0/24") from None
            if network.prefixlen == 0 and not open_to_all:
                raise ValueError(
                    f"entry {cidr!r} opens the Kubernetes API to the whole internet; list narrower ranges, or set "
                    "network.apiOpenToWholeInternet: true to accept that risk"
                )
        return cidrs


Reservations = dict[Annotated[str, POOL_NAME], Reservation]
"""Reservations by pool name (`corridor:reservations`)."""
