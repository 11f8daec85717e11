"""A provider's Kubernetes cluster as validation sees it: what corridor can and cannot do there.

Many regional and neocloud providers in Southeast Asia and the Middle East hand over a ready
cluster rather than a cloud API. corridor then creates no control plane, network, nodes, keys or
buckets: it reaches the cluster through the kubeconfig the provider gave (a secret), installs the
GPU runtime and the observability agents, and maps each `corridor:gpuPools` entry onto the
provider's GPU nodes by a node selector. Everything the provider controls is declared
`unsupported` below with the reason, so a stack asking for it fails validation and says what to
do instead. Where it is (region, countries, the provider's name) comes from the stack, not from
a catalog: corridor cannot know a provider's regions. Imports no provider SDK.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from components.capabilities import Capability
from components.catalog import accelerators
from components.catalog.accelerators import Offering
from components.clouds.features import (
    FLOW_LOGS,
    GPU_NODE_TAINT,
    IMAGE_ADMISSION,
    NODE_MINIMUM,
    RECOVERY,
    RESERVED_CAPACITY,
    SPOT_CAPACITY,
    ZONES,
)
from components.clouds.profile import CloudProfile, GpuRuntime, PoolLimits, Telemetry
from components.definition.base import SECRET, SpecModel, satisfies
from components.definition.errors import Problem, did_you_mean
from components.definition.gpu import POOL_NAME, GpuPool
from components.definition.identity import LABEL_KEY, LABEL_VALUE, TAG_VALUE, TAG_VALUE_RULE, TagValue
from components.definition.storage import COUNTRY

if TYPE_CHECKING:
    from components.definition.stack import StackSpec

LabelKey = Annotated[str, satisfies(lambda v: re.fullmatch(LABEL_KEY, v) is not None, "must be a Kubernetes label key")]
LabelValue = Annotated[
    str, satisfies(lambda v: re.fullmatch(LABEL_VALUE, v) is not None, "must be a Kubernetes label value")
]
NodeSelector = Annotated[
    dict[LabelKey, LabelValue],
    satisfies(lambda v: bool(v), "must name at least one label: an empty selector would match every node"),
]

GpuDriver = Literal["preinstalled", "operator"]


class KubernetesPlacement(SpecModel):
    """Where a provider's cluster is and how corridor reaches it (stack keys `corridor:<field>`)."""

    kubeconfig: Annotated[str, SECRET, Field(min_length=1)]
    """The kubeconfig the provider handed over, whole (`pulumi config set --secret
    corridor:kubeconfig < kubeconfig.yaml`). Its current context is the cluster corridor installs
    into, with the rights to create a namespace, a PriorityClass, cluster roles and CRDs (the GPU
    Operator's). A secret: refused in clear text; never in the plan, the state or an output in
    clear. Required."""

    provider: TagValue
    """The provider's name as a slug (`sea-gpu-cloud`): the stack's `cloud` tag and every
    metric's `cloud.provider`, so bills and dashboards group by who runs the GPUs. Required."""

    countries: dict[TagValue, Annotated[str, COUNTRY]]
    """ISO 3166-1 alpha-2 country of `corridor:region` and of `corridor:drRegion`, by region
    name (`{riyadh-1: SA, jeddah-1: SA}`): what `corridor:residency` is checked against, because
    no catalog knows a provider's regions. Required, with both regions."""

    cluster_name: TagValue | None = None
    """The cluster's name as the provider knows it: `k8s.cluster.name` on every metric. Default
    `<provider>-<region>`."""

    gpu_node_selectors: dict[Annotated[str, POOL_NAME], NodeSelector] = Field(default_factory=dict)
    """For each `corridor:gpuPools` entry, the labels that pick the provider's nodes of that pool
    (`{train: {node.kubernetes.io/instance-type: gpu-h100-8}}`): the GPU agents run on nodes
    matching any pool's selector, and workloads select the pool the same way. Required for every
    pool; an entry naming no pool is refused. Default none (a stack without GPU pools)."""

    gpu_driver: GpuDriver = "preinstalled"
    """`preinstalled`: the provider's node image ships the NVIDIA driver, and the GPU Operator adds
    the container toolkit and device plugin only; `operator`: the nodes have no driver and the
    GPU Operator installs it. Ask the provider: two drivers on one node fight over the kernel
    module. Default `preinstalled`, the usual GPU node image, which fails safe (pods find no GPU
    until you switch) rather than loading a second driver."""


NAME = "kubernetes"


@dataclass(frozen=True)
class KubernetesProfile(CloudProfile):
    """Regions, countries and telemetry from the stack; GPU nodes by the stack's selectors."""

    def region_ids(self) -> tuple[str, ...]:
        return ()  # no catalog: any region the stack names (region_problem)

    def region_problem(self, region: str) -> str | None:
        if re.fullmatch(TAG_VALUE, region):
            return None
        return f"'{region}' must be {TAG_VALUE_RULE}: the region name is the stack's region tag"

    def country_of(self, region: str, placement: SpecModel | None) -> str | None:
        if not isinstance(placement, KubernetesPlacement):
            return None
        return placement.countries.get(region)

    def offering_for(self, pool: GpuPool) -> Offering:
        """The provider's node as far as the stack describes it: its GPUs from the pool, their
        memory and CPU architecture from the catalog's accelerator, nothing bought (on demand,
        from the provider), and no fabric corridor attaches (`interconnect: none`)."""
        same = [row for row in accelerators.offerings() if row.accelerator == pool.accelerator]
        if not same:
            known = accelerators.accelerators()
            raise accelerators.CatalogError(
                "accelerator",
                f"'{pool.accelerator}' is not an accelerator{did_you_mean(pool.accelerator, known)}; "
                f"known: {', '.join(known)}",
            )
        row = same[0]
        return Offering(
            accelerator=pool.accelerator,
            cloud=self.cloud,
            machine_type=pool.machine_type or f"{pool.accelerator} x{pool.gpus_per_node} node",
            gpus=pool.gpus_per_node,
            gpu_memory_gib=row.gpu_memory_gib,
            vcpus=None,
            memory_gib=None,
            cpu_arch=row.cpu_arch,
            interconnect="none",
            interconnect_count=None,
            driver="provider node image",
            on_demand=True,
            spot=None,
            reserved=None,
            source="the provider's existing nodes, picked by corridor:gpuNodeSelectors",
        )

    def telemetry_of(self, spec: StackSpec) -> Telemetry:
        return Telemetry(provider=spec.placement_as(KubernetesPlacement).provider, platform=None)

    def gpu_runtime_of(self, spec: StackSpec) -> GpuRuntime:
        installs_driver = spec.placement_as(KubernetesPlacement).gpu_driver == "operator"
        return GpuRuntime(self.gpu_runtime.installs, self.gpu_runtime.reason, installs_driver=installs_driver)

    def gpu_node_terms(self, spec: StackSpec) -> list[dict[str, Any]] | None:
        """One term per pool, each requiring every label of its selector (terms are ORed,
        expressions within a term ANDed); empty without pools."""
        selectors = spec.placement_as(KubernetesPlacement).gpu_node_selectors
        return [
            {
                "matchExpressions": [
                    {"key": key, "operator": "In", "values": [value]}
                    for key, value in sorted(selectors[pool.name].items())
                ]
            }
            for pool in spec.gpu_pools
        ]

    def validate(self, values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
        problems = super().validate(values, supplied)
        network = values.get("network")
        if network is not None and network.existing_subnet_ids is not None:
            problems.append(
                Problem(
                    "corridor:network.existingSubnetIds",
                    "does not apply on kubernetes: the provider's cluster is already in its network; remove it",
                )
            )
        placement = values.get("placement")
        if not isinstance(placement, KubernetesPlacement):
            return problems  # its own problems are reported
        for key, name in (("region", "region"), ("drRegion", "dr_region")):
            region = values.get(name)
            if region is None or self.region_problem(region) is not None:
                continue  # missing or malformed: reported by its own check
            if region not in placement.countries:
                problems.append(
                    Problem(
                        "corridor:countries",
                        f"must give the country of corridor:{key} ('{region}') as an ISO 3166-1 alpha-2 code, "
                        f"e.g. {{{region}: SA}}",
                    )
                )
        pools = [pool.name for pool in values.get("gpu_pools") or []]
        for index, pool in enumerate(pools):
            if pool not in placement.gpu_node_selectors:
                problems.append(
                    Problem(
                        f"corridor:gpuPools[{index}]",
                        f"has no node selector: add corridor:gpuNodeSelectors.{pool} with the labels of the "
                        "provider's nodes of this pool",
                    )
                )
        for name in sorted(set(placement.gpu_node_selectors) - set(pools)):
            problems.append(
                Problem(f"corridor:gpuNodeSelectors.{name}", f"names no pool; pools: {', '.join(pools) or 'none'}")
            )
        return problems


_PROVIDER_OWNS_NODES = "the provider creates and sells the nodes; corridor maps pools onto them and buys nothing"

PROFILE = KubernetesProfile(
    cloud=NAME,
    placement=KubernetesPlacement,
    # corridor's Kubernetes provider is explicit (the loader refuses `kubernetes:*` config for every cloud).
    provider_namespaces=(),
    name_rules={},  # corridor names no resource of the provider's
    capabilities=(Capability.ATTACHED_CLUSTER, Capability.GPU_POOLS),
    zones_required=False,
    reservation_kinds={},
    pool_limits=PoolLimits(
        gpu_pools=100,
        nodes_per_pool=1000,
        nodes_per_cluster=5000,
        source="Kubernetes supports up to 5000 nodes per cluster "
        "(https://kubernetes.io/docs/setup/best-practices/cluster-large/); a pool is only a node selector, "
        "so the pool count is corridor's own bound",
    ),
    telemetry=Telemetry(provider=NAME, platform=None),  # per stack: telemetry_of
    gpu_runtime=GpuRuntime(
        "gpu-operator",
        "corridor did not create these nodes and cannot know their image: the NVIDIA GPU Operator adds the "
        "container toolkit and device plugin, and the driver only with corridor:gpuDriver: operator "
        "(https://docs.nvidia.com/datacenter/cloud-native/gpu-operator/latest/getting-started.html)",
    ),
    unsupported={
        Capability.KEYS: "the provider's cluster comes with no key service corridor can reach; encryption at rest "
        "is the provider's. Keep data that needs customer-managed keys on a cloud stack",
        Capability.STORAGE: "the provider's cluster comes with no object storage corridor can reach; list no buckets "
        "(acknowledge them in corridor:dropFromBaseline) and replicate data from a cloud stack",
        Capability.BUDGETS: "the provider bills its cluster under its own contract and exposes no budget service "
        "corridor can reach; track spend with the provider and remove corridor:budgets",
        ZONES: "the provider places its nodes; corridor creates none, so it pins no zone. Remove corridor:zones",
        SPOT_CAPACITY: f"{_PROVIDER_OWNS_NODES}; use capacity: onDemand and buy spot capacity from the provider",
        RESERVED_CAPACITY: f"{_PROVIDER_OWNS_NODES}; use capacity: onDemand and reserve with the provider",
        NODE_MINIMUM: "the provider decides how many nodes exist and runs the autoscaler, if any; use minNodes: 0 "
        "and set maxNodes to the nodes the provider gives the pool",
        IMAGE_ADMISSION: "corridor installs no admission controller on a provider's cluster; ask the provider "
        "for one, or set imageAdmission: off",
        GPU_NODE_TAINT: "corridor cannot taint nodes it did not create; ask the provider to taint GPU nodes "
        "nvidia.com/gpu:NoSchedule (corridor's agents tolerate it)",
        FLOW_LOGS: "the provider owns the network; ask the provider for flow logs",
        RECOVERY: "corridor replicates nothing on a provider's cluster, so there is no replica to recover onto; "
        "point a new kubernetes stack at the provider's cluster in the other region instead",
    },
)
