"""The contract every cloud adapter implements, and the neutral results it returns.

Capability components (`KeyManagement`, ...) own identity: type token, logical names, outputs.
Adapters own the cloud: which resources realise a capability and with which inputs. The
docstrings here are the contract; implementations only comment on deviations and cloud limits.
Imports no provider SDK.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pulumi

from components import tagging
from components.catalog.accelerators import Offering
from components.definition import StackSpec
from components.definition.gpu import GpuPool

GPU_TAINT_KEY = "nvidia.com/gpu"
GPU_TAINT_VALUE = "present"
GPU_TAINT_EFFECT = "NoSchedule"
GPU_TAINT = f"{GPU_TAINT_KEY}={GPU_TAINT_VALUE}:{GPU_TAINT_EFFECT}"
"""The taint on every GPU node, so only pods that tolerate it (GPU workloads, GPU agents) land
there and an idle CPU pod never keeps a GPU node from scaling to zero."""


Zones = pulumi.Output[list[str] | None]
"""Zones a node pool's nodes may run in, read back from the very resource inputs that place
them (an AKS pool's `availabilityZones`, a GKE pool's `nodeLocations`, the zones of the subnets
an EKS node group uses); resolves to None where the resources leave placement to the cloud."""


def zones_of(value: pulumi.Input[Sequence[str] | None] | None) -> Zones:
    """`value` (a resource's zone list output, or a list of zone outputs) as a neutral `Zones`."""
    return pulumi.Output.from_input(value).apply(lambda zones: list(zones) if zones is not None else None)


@dataclass(frozen=True)
class RegionContext:
    """What every adapter method needs to know about the stack it builds."""

    spec: StackSpec
    project: str
    stack: str

    @property
    def scope(self) -> str:
        """Seed for globally unique physical names (`naming.physical_name`)."""
        return f"{self.project}/{self.stack}"

    def tags(self) -> dict[str, str]:
        """The stack's tag schema, normalised for this stack's cloud."""
        return tagging.for_cloud(self.spec.cloud, tagging.standard_tags(self.spec, self.stack))


@dataclass(frozen=True)
class KeyRef:
    """One customer-managed key, as other capabilities of the same cloud consume it."""

    id: pulumi.Output[str]
    """What the cloud's services take as the key reference: AWS key ARN, GCP crypto key id,
    Azure versionless key URI."""
    region: str
    """Region the key lives in."""
    key: pulumi.CustomResource
    """The key resource itself, to depend on it or read cloud-specific attributes."""
    container: pulumi.CustomResource | None = None
    """The key ring (GCP) or vault (Azure) holding the key; None on AWS."""


@dataclass(frozen=True)
class KeysResult:
    """The stack's keys: one in `region`, one usable in `drRegion`."""

    primary: KeyRef
    replica: KeyRef


@dataclass(frozen=True)
class BucketResult:
    """One neutral bucket as realised on a cloud: the same fields everywhere."""

    bucket: str
    """The neutral name from `corridor:storage.buckets[].name`."""
    primary_name: pulumi.Output[str]
    """Physical name of the primary copy (S3/GCS bucket, Azure `account/container`)."""
    primary_url: pulumi.Output[str]
    """URL a client uses for the primary copy (`s3://...`, `gs://...`, `https://...`)."""
    primary_region: str
    primary_key_id: pulumi.Output[str]
    """The stack key that encrypts the primary copy."""
    replica_name: pulumi.Output[str] | None
    replica_url: pulumi.Output[str] | None
    replica_region: str | None
    """Where the replica lives; for a GCS dual-region both regions hold the one bucket."""
    replica_key_id: pulumi.Output[str] | None
    replication: str
    """The construction, e.g. `s3-crr-rtc`, `gcs-dual-region-turbo`, `gcs-cross-bucket`,
    `azure-object-replication`; `none` when replication is off."""
    rpo: str
    """The recovery point the construction promises, as the cloud documents it: `15m`, or
    `none-documented` where the cloud gives no bound."""

    def outputs(self) -> dict[str, object]:
        return {
            "primaryName": self.primary_name,
            "primaryUrl": self.primary_url,
            "primaryRegion": self.primary_region,
            "primaryKeyId": self.primary_key_id,
            "replicaName": self.replica_name,
            "replicaUrl": self.replica_url,
            "replicaRegion": self.replica_region,
            "replicaKeyId": self.replica_key_id,
            "replication": self.replication,
            "rpo": self.rpo,
        }


@dataclass(frozen=True)
class ClusterResult:
    """The region's managed Kubernetes cluster, in neutral terms plus the adapter's own handle."""

    name: pulumi.Output[str]
    """The cluster's physical name."""
    endpoint: pulumi.Output[str]
    """API server URL."""
    kubeconfig: pulumi.Output[str]
    """A kubeconfig for the cluster, always a secret Output."""
    version_policy: str
    """How the Kubernetes version is chosen and upgraded, in a sentence (e.g. "GKE REGULAR
    release channel")."""
    secrets_key_id: pulumi.Output[str]
    """The stack key that envelope-encrypts Kubernetes Secrets."""
    system_zones: Zones
    """Zones of the CPU system nodes, from the system pool's own placement inputs."""
    system_zone_reason: str
    """Why the system nodes are placed so, in a sentence starting `spread:` or `unpinned:`."""
    native: Any = None
    """Adapter-private objects node pools need (cluster resource, subnets, roles)."""


@dataclass(frozen=True)
class NodePoolResult:
    """One GPU pool as realised: the same fields on every cloud."""

    machine_type: str
    node_labels: dict[str, str]
    """Kubernetes labels every node of the pool carries."""
    taints: list[str]
    """Kubernetes taints, `key=value:Effect`."""
    min_nodes: int
    max_nodes: int
    gpus_per_node: int
    capacity: str
    """How capacity is bought, with the cloud wiring, e.g. `capacity-block cr-0abc (launch template)`."""
    interconnect: str
    """Fabric attached, e.g. `efa x32, cluster placement group`, or `none`."""
    driver: str
    """How the NVIDIA driver gets onto the node, e.g. `EKS AMI AL2023_x86_64_NVIDIA`."""
    zones: Zones
    """Zones the pool's nodes run in, from the pool resource's own placement inputs; None where
    the plan leaves placement to the cloud."""
    zone_reason: str
    """Why the pool is placed so, in a sentence starting `one zone:`, `spread:` or `unpinned:`,
    e.g. "one zone: EFA and the cluster placement group do not span zones; ..."."""
    in_cluster: list[str] = field(default_factory=list)
    """What the user must still install in the cluster for the pool to be fully usable."""
    catalog_unknowns: list[str] = field(default_factory=list)
    """Facts about the machine that the accelerator catalog leaves unknown and that matter for
    this pool (`accelerators.unknown_facts`); set by the neutral `GpuNodePool`, not adapters."""

    @property
    def max_gpus(self) -> int:
        return self.max_nodes * self.gpus_per_node

    def outputs(self) -> dict[str, object]:
        return {
            "machineType": self.machine_type,
            "nodeLabels": self.node_labels,
            "taints": self.taints,
            "minNodes": self.min_nodes,
            "maxNodes": self.max_nodes,
            "gpusPerNode": self.gpus_per_node,
            "maxGpus": self.max_gpus,
            "capacity": self.capacity,
            "interconnect": self.interconnect,
            "driver": self.driver,
            "inCluster": self.in_cluster,
            "zones": self.zones,
            "zoneReason": self.zone_reason,
            "catalogUnknowns": self.catalog_unknowns,
        }


def wants_fabric(pool: GpuPool, offering: Offering) -> bool:
    """Attach the machine's fast fabric: asked for (`auto`), useful (the pool can span nodes),
    and present on the machine."""
    return pool.interconnect == "auto" and pool.multi_node and offering.interconnect != "none"


def stateful(opts: pulumi.ResourceOptions) -> pulumi.ResourceOptions:
    """`opts` plus the protection every stateful resource gets.

    `protect` makes `pulumi destroy` and any replacement fail until a human unprotects the
    resource; `retain_on_delete` means that even then Pulumi only forgets it and never calls the
    cloud's delete. Losing a key or a bucket loses data, so both are on and there is no switch.
    """
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(protect=True, retain_on_delete=True))


class CloudAdapter(abc.ABC):
    """Everything a cloud provides to corridor. One instance per region stack."""

    cloud: ClassVar[str]
    """Registry key; equals the package name under `components/clouds/`."""

    def __init__(self, context: RegionContext) -> None:
        self.context = context

    @property
    def spec(self) -> StackSpec:
        return self.context.spec

    @abc.abstractmethod
    def providers(self, opts: pulumi.ResourceOptions) -> dict[str, pulumi.ProviderResource]:
        """Create the stack's explicit providers, keyed by package name (`{"aws": ...}`).

        Called once, by `RegionStack`; every resource of the stack inherits these through
        `ResourceOptions(providers=...)`. DR-region resources set their region per resource.
        """

    def foundation(self, name: str, opts: pulumi.ResourceOptions) -> None:  # noqa: B027
        """Create what every capability of the stack shares (e.g. an Azure resource group).

        Default: nothing.
        """

    @abc.abstractmethod
    def key_management(self, name: str, opts: pulumi.ResourceOptions) -> KeysResult:
        """Create a symmetric customer-managed key in `region` that rotates every
        `keys.rotationDays`, and a key usable in `drRegion` for replicas; both protected, with a
        `keys.deletionWindowDays` recovery window. Children are named `name` or `name-*`."""

    @abc.abstractmethod
    def replicated_storage(self, name: str, keys: KeysResult, opts: pulumi.ResourceOptions) -> list[BucketResult]:
        """For each bucket in `storage.buckets`: a versioned copy in `region` encrypted with
        `keys.primary`, public access blocked, TLS only, noncurrent versions expiring after
        `storage.noncurrentVersionDays`, replicated (when `storage.replication`) to `drRegion`
        with the cloud's strongest native construction, the replica encrypted with
        `keys.replica`. Buckets, accounts and replication resources are `stateful`; children
        are named `name-<bucket>-*`."""

    @abc.abstractmethod
    def gpu_cluster(self, name: str, keys: KeysResult, opts: pulumi.ResourceOptions) -> ClusterResult:
        """The region's managed Kubernetes cluster: a network with private nodes and egress (or
        `network.existingSubnetIds`), a control plane with Kubernetes Secrets encrypted by
        `keys.primary`, audit logging, workload identity, a deliberate version policy, a small
        CPU system node pool spread over the stack's zones (reported as `system_zones`, read from
        the system pool's own inputs), and a secret kubeconfig. Children are named `name-*`."""

    @abc.abstractmethod
    def gpu_node_pool(
        self,
        name: str,
        pool: GpuPool,
        offering: Offering,
        cluster: ClusterResult,
        labels: dict[str, str],
        opts: pulumi.ResourceOptions,
    ) -> NodePoolResult:
        """One autoscaling GPU pool on `offering.machine_type`: the cloud's supported driver
        route, taint `GPU_TAINT` and `labels` on every node, `pool.minNodes`..`pool.maxNodes`,
        the capacity mode wired the cloud's way (reservation from `spec.reservations`), and, when
        `pool.interconnect` is `auto` and the pool can span nodes, the machine's fabric with
        compact placement where the cloud needs it, all in one zone (the reservation's, else the
        first of the stack's zones) wherever the region has zones, reported as `zones` read from
        the pool resource's own inputs with `zone_reason`. Children are named `name` or `name-*`."""
