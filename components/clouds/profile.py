"""What a cloud profile is: everything corridor knows about one cloud before any resource exists.

Each cloud's `components/clouds/<cloud>/profile.py` defines one frozen `CloudProfile` as
`PROFILE`; `components.clouds.registry` finds it by cloud id. The neutral validator
(`components/definition/checks.py`) reads the profile's data (placement keys, zone rules, reservation
kinds, reserved pool names, pool limits) and calls its `validate` and `validate_reservation`
hooks for the cloud's own rules, so it never names a cloud.

Imports no provider SDK, and nothing that does: profiles are loaded while a stack's config is
validated, before a cloud package is chosen. It imports `components.definition` (for `Problem`), so
`components.definition` refers to profiles only through the registry, which loads them when asked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from components.capabilities import Capability
from components.catalog import accelerators, regions
from components.catalog.accelerators import Offering
from components.clouds.features import API_ACCESS_CIDRS, EXISTING_NETWORK, SEVERAL_EXISTING_SUBNETS
from components.definition.base import SpecModel
from components.definition.errors import Problem, did_you_mean
from components.definition.gpu import GpuPool, Reservation
from components.naming import NameRule

if TYPE_CHECKING:
    from components.definition.stack import StackSpec

PlacementT = TypeVar("PlacementT", bound=SpecModel)


@dataclass(frozen=True)
class SupportedReservation:
    """One kind of reserved capacity a cloud sells, as `corridor:reservations.<pool>.kind`."""

    description: str
    """What corridor wires for it."""
    zonal: bool
    """True when the reservation holds capacity in one zone that it must name (`zone` required
    and one of `corridor:zones`); False when it names no zone, or the cloud's profile checks its
    optional zone itself."""


@dataclass(frozen=True)
class PoolLimits:
    """How many GPU pools and nodes one cluster of a cloud takes, by its documented quotas."""

    gpu_pools: int
    """GPU pools per cluster: the cloud's node-pool limit less corridor's system pool."""
    nodes_per_pool: int
    """Nodes one GPU pool may scale to (`maxNodes`)."""
    nodes_per_cluster: int | None
    """Nodes one cluster may hold: the GPU pools' `maxNodes` together must stay within it (the
    system pool needs a few more); None where no limit is documented."""
    source: str
    """Where the numbers come from."""


@dataclass(frozen=True)
class Telemetry:
    """How the cloud is named in telemetry, by the OpenTelemetry semantic conventions.
    https://opentelemetry.io/docs/specs/semconv/attributes-registry/cloud/"""

    provider: str
    """`cloud.provider`: a well-known value (`aws`, `gcp`, `azure`, ...)."""
    platform: str | None
    """`cloud.platform` of the Kubernetes service (`aws_eks`, `gcp_kubernetes_engine`, `azure.aks`;
    the conventions mix `_` and `.`); None where the conventions name no platform (a provider's
    own Kubernetes), and the attribute is left out rather than invented."""


GpuRuntimeInstaller = Literal["nothing", "device-plugin", "gpu-operator"]


@dataclass(frozen=True)
class GpuRuntime:
    """What the in-cluster layer installs so pods can use the GPUs, given what the cloud's nodes
    already have. Never a second driver: a node whose image or service installs the driver gets
    at most the device plugin."""

    installs: GpuRuntimeInstaller
    """`nothing` (the cloud runs driver and device plugin), `device-plugin` (the node has the
    driver and container toolkit), `gpu-operator` (a cluster corridor did not create)."""
    reason: str
    """Why, in the cloud's terms, with a link."""
    installs_driver: bool = False
    """With `gpu-operator`: the operator installs the NVIDIA driver too. Only where the nodes
    have none: two drivers on one node fight over the kernel module."""


@dataclass(frozen=True)
class StandingCosts:
    """What a region stack of this cloud runs around the clock beside its GPU pools, counted the
    way the cloud's builders create it, for the cost estimate (`components/costs.py`). Each cloud
    declares it in its own `costs.py`; tests/unit/test_costs.py checks it against the plans."""

    system_machine: str | None
    """The system pool's machine type (priced on demand); None where corridor creates none."""
    system_nodes: int
    """System nodes that always run: the pool's minimum (or fixed) size."""
    nat_gateways: Literal["per-zone", "one", "none"]
    """NAT gateways corridor creates: one per zone of the cluster, one per region, or none."""
    keys_per_region: int
    """Customer-managed keys in each of `region` and `drRegion`."""
    vaults_per_region: int = 0
    """Key containers billed by the hour in each of the two regions (OCI's virtual private vault)."""
    control_plane: bool = True
    """True when corridor creates a managed control plane billed by the hour."""
    single_bucket_constructions: frozenset[str] = frozenset()
    """Replication constructions in which one bucket holds both regions' copies, billed once at the
    `object-storage-dual-region` price with no replication transfer (GCS dual-region)."""
    note: str = ""
    """What the estimate leaves out on this cloud, for a reader (e.g. public IPs, NAT capacity units)."""


OPEN_TO_ALL = frozenset({"0.0.0.0/0", "::/0"})
"""The `apiAccessCidrs` that admit everyone: the only list a cloud declaring `API_ACCESS_CIDRS`
unsupported can honour on a public endpoint."""


@dataclass(frozen=True)
class CloudProfile:
    """One cloud, as validation sees it. Subclass it per cloud only to add the cloud's own rules
    (`validate`, `validate_reservation`) and its zone names (`zone_pattern`)."""

    cloud: str
    """The cloud id, `corridor:cloud`, and the name of its folder under `components/clouds/`."""

    placement: type[SpecModel]
    """The cloud's placement model: the stack keys that say where on this cloud the stack lives
    (a GCP project, an Azure subscription), one field per key (`gcp_project` is
    `corridor:gcpProject`). Its keys are required on this cloud and rejected on every other; the
    validated value is `StackSpec.placement_as(<model>)`. An empty model: the cloud places a
    stack by its credentials and `corridor:region` alone."""

    provider_namespaces: tuple[str, ...]
    """Config namespaces of the cloud's provider packages (`aws`, `azure-native`). corridor's
    providers are explicit and never read them, so a stack setting one is told so."""

    name_rules: Mapping[str, NameRule]
    """Physical-name rules by kind of name (`s3_bucket`, `agent_pool`), with the documented
    limits they come from; `naming.physical_name` applies them."""

    capabilities: tuple[Capability, ...]
    """What `RegionStack` builds on this cloud, each by the adapter builder of that name
    (`components.capabilities`). A cloud that creates no cluster or keys leaves them out."""

    zones_required: bool
    """True when `corridor:zones` is required (and then needs at least two zones)."""

    reservation_kinds: Mapping[str, SupportedReservation]
    """Reservation kinds the cloud supports, by `corridor:reservations.<pool>.kind`."""

    pool_limits: PoolLimits
    """Bounds on GPU pools and nodes per cluster, by the cloud's documented quotas."""

    telemetry: Telemetry
    """The cloud's `cloud.provider` and `cloud.platform` in every metric."""

    gpu_runtime: GpuRuntime
    """What the observability layer installs for the GPUs on this cloud's nodes."""

    gpu_node_tolerations: tuple[Mapping[str, str], ...] = ()
    """Tolerations for taints the cloud itself puts on some GPU nodes (beyond corridor's GPU
    taint), so agents that must run on every GPU node do."""

    reserved_pool_names: tuple[str, ...] = ()
    """GPU pool names the cloud's adapter already uses for its own pools."""

    standing_costs: StandingCosts | None = None
    """What a stack runs around the clock beside its GPU pools, for the cost estimate; None where
    corridor creates nothing billed (a provider's cluster: the provider's contract prices it)."""

    unsupported: Mapping[str, str] = field(default_factory=dict)
    """Neutral features this cloud cannot realise, by feature, with the reason: a capability it
    leaves out (`storage`, `gpuPools`) or a feature such as `SEVERAL_EXISTING_SUBNETS`. Asking
    for one fails at validation with this reason; the neutral rules for each feature are in
    `validate` and `checks._check_capabilities`."""

    def region_ids(self) -> tuple[str, ...]:
        """Every region id of the cloud: the region catalog's (components/catalog/regions.json)."""
        return regions.region_ids(self.cloud)

    def region_problem(self, region: str) -> str | None:
        """Why `region` is not a region of this cloud, or None when it is. Default: it is not
        one of `region_ids()`."""
        known = self.region_ids()
        return None if region in known else f"'{region}' is not a region of {self.cloud}{did_you_mean(region, known)}"

    def country_of(self, region: str, placement: SpecModel | None) -> str | None:
        """ISO 3166-1 alpha-2 country of a region that passed `region_problem`, for
        `corridor:residency`; None when the stack does not say (`placement`: the stack's
        validated placement, None where it did not validate). Default: the region catalog's."""
        return regions.region(self.cloud, region).country

    def offering_for(self, pool: GpuPool) -> Offering:
        """The machine that carries `pool`'s GPUs: the accelerator catalog's, raising
        `accelerators.CatalogError` for a machine the catalog does not have."""
        return accelerators.offering(pool.accelerator, self.cloud, pool.gpus_per_node, pool.machine_type)

    def telemetry_of(self, spec: StackSpec) -> Telemetry:
        """How one stack of this cloud is named in telemetry and in its `cloud` tag. Default:
        `telemetry`, the same for every stack."""
        return self.telemetry

    def gpu_runtime_of(self, spec: StackSpec) -> GpuRuntime:
        """What the observability layer installs for one stack's GPUs. Default: `gpu_runtime`."""
        return self.gpu_runtime

    def gpu_node_terms(self, spec: StackSpec) -> list[dict[str, Any]] | None:
        """Node-selector terms (Kubernetes `nodeSelectorTerms`, any one matching) that pick this
        stack's GPU nodes for the GPU agents; None: the nodes corridor creates, which carry the
        accelerator label."""
        return None

    @property
    def placement_keys(self) -> tuple[str, ...]:
        """The placement model's config keys, without `corridor:`."""
        return tuple(field.alias or name for name, field in self.placement.model_fields.items())

    def recovery_placement(self, source_placement: Mapping[str, Any], region: str) -> dict[str, Any]:
        """Placement settings a recovery stack in `region` must have of its own rather than share
        with its source (`source_placement`, the source's placement keys without `corridor:`);
        `corridor dr plan` writes them. Default: none, everything is shared."""
        return {}

    def gpu_zone(self, region: str, zones: list[str] | None) -> str | None:
        """The zone of a GPU pool that no reservation places: the first of `corridor:zones`,
        because GPU fabrics do not span zones and cross-zone traffic is billed; None when the
        stack has no zones and the cloud places the pool itself."""
        return zones[0] if zones else None

    def compact_placement(self, offering: Offering, reservation: Reservation | None) -> bool:
        """Whether a pool that gets its fabric is also placed compactly (a placement group or
        policy). Default: yes."""
        return True

    def zone_pattern(self, region: str) -> str:
        """A regular expression every zone name of `region` matches in full."""
        raise NotImplementedError(f"{type(self).__name__} must give its zone pattern")

    def validate(self, values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
        """The cloud's own whole-stack checks: (validated values by field name, config keys the
        user supplied). The base implements the rules of the `unsupported` features; a profile
        that adds rules calls it too."""
        network = values.get("network")
        problems: list[Problem] = []
        if (
            network is not None
            and API_ACCESS_CIDRS in self.unsupported
            and not network.private_endpoint
            and not (network.api_open_to_whole_internet and set(network.api_access_cidrs) <= OPEN_TO_ALL)
        ):
            problems.append(
                Problem(
                    "corridor:network.apiAccessCidrs",
                    f"{self.cloud} cannot do {API_ACCESS_CIDRS}: {self.unsupported[API_ACCESS_CIDRS]}",
                )
            )
        existing = network.existing_subnet_ids if network is not None else None
        if existing is not None and EXISTING_NETWORK in self.unsupported:
            problems.append(
                Problem(
                    "corridor:network.existingSubnetIds",
                    f"{self.cloud} cannot do {EXISTING_NETWORK}: {self.unsupported[EXISTING_NETWORK]}",
                )
            )
        elif existing is not None and SEVERAL_EXISTING_SUBNETS in self.unsupported and len(existing) != 1:
            problems.append(
                Problem(
                    "corridor:network.existingSubnetIds",
                    f"must list exactly one subnet on {self.cloud}; got {len(existing)}",
                )
            )
        return problems

    def validate_reservation(self, path: str, reservation: Reservation, zones: list[str]) -> list[Problem]:
        """The cloud's checks of one reservation of a kind it supports, at `path`
        (`corridor:reservations.<pool>`), against the stack's `corridor:zones` (possibly empty).
        The base checks a zonal kind's zone."""
        if not self.reservation_kinds[reservation.kind].zonal:
            return []
        if reservation.zone is None:
            return [Problem(f"{path}.zone", f"is required: a {reservation.kind} holds capacity in one zone")]
        if zones and reservation.zone not in zones:
            return [Problem(f"{path}.zone", f"'{reservation.zone}' is not one of corridor:zones ({', '.join(zones)})")]
        return []


def region_prefixed(region: str, separator: str) -> str:
    """A zone pattern for clouds whose zone names are the region, `separator` and a letter."""
    return rf"{re.escape(region)}{re.escape(separator)}[a-z]"
