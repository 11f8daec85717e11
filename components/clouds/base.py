"""The contract every cloud adapter implements, and the neutral results it returns.

Capability components (`KeyManagement`, `GpuCluster`, ...) own identity: type token, logical
names, outputs. Adapters own the cloud: which resources realise a capability and with which
inputs. The docstrings here are the contract; implementations only comment on deviations and
cloud limits. Imports no provider SDK.

Handles are typed per cloud. A cloud subclasses `Base`, `Keys` and `Cluster` with frozen
dataclasses that add the typed resources its own later builders need (an EKS cluster's node
role, an Azure vault), and declares them as the adapter's type parameters, so every builder
receives exactly what its cloud's earlier builders returned, with no `Any`, `cast` or dict.
The neutral fields are all other code reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

import pulumi

from components import tagging
from components.definition import StackSpec
from components.definition.pool_plan import PoolPlan

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
    """What every builder needs to know about the stack it builds."""

    spec: StackSpec
    project: str
    stack: str

    @property
    def scope(self) -> str:
        """Seed for globally unique physical names (`naming.physical_name`)."""
        return f"{self.project}/{self.stack}"

    @property
    def source_scope(self) -> str:
        """A recovery stack's source's `scope`: the physical names of the replicas it adopts are
        the ones the source gave them. Only for a recovery stack."""
        if self.spec.recovery is None:
            raise RuntimeError(f"{self.stack} is not a recovery stack")
        return f"{self.project}/{self.spec.recovery.stack}"

    @property
    def disposable(self) -> bool:
        """Whether everything this stack creates must come down with `pulumi destroy`: a
        recovery drill, which owns no data (components/program.py `disposable`). A cloud's own
        deletion protection (a cluster's) is off there, as Pulumi's `protect` is."""
        return self.spec.recovery is not None and self.spec.recovery_mode == "drill"

    def tags(self) -> dict[str, str]:
        """The stack's tags: the same keys and values on every cloud (`tagging.standard_tags`)."""
        return tagging.standard_tags(self.spec, self.stack)

    def system_node_labels(self) -> dict[str, str]:
        """Labels on every CPU system node: the tags under `corridor.dev/`, the same on every
        cloud (`tagging.system_node_labels`)."""
        return tagging.system_node_labels(self.tags())

    def gpu_node_labels(self, plan: PoolPlan) -> dict[str, str]:
        """Labels on every node of a GPU pool (`tagging.gpu_node_labels`)."""
        return tagging.gpu_node_labels(self.tags(), plan.pool)


# --- Handles: what one builder hands the next -------------------------------------------------


@dataclass(frozen=True)
class Base:
    """What every capability of the stack shares: its explicit providers, and on clouds that
    need one, a container for the stack's resources (an Azure resource group)."""

    providers: Mapping[str, pulumi.ProviderResource]
    """The stack's explicit providers by package name (`{"aws": ...}`); every resource of the
    stack inherits them. DR-region resources set their region per resource."""


@dataclass(frozen=True)
class KeyRef:
    """One customer-managed key, as other capabilities consume it."""

    id: pulumi.Output[str]
    """What the cloud's services take as the key reference: AWS key ARN, GCP crypto key id,
    Azure versionless key URI."""
    region: str
    """Region the key lives in."""


@dataclass(frozen=True)
class Keys:
    """The stack's keys: one in `region`, one usable in `drRegion`."""

    primary: KeyRef
    replica: KeyRef


@dataclass(frozen=True)
class VersionPolicy:
    """How the cluster's Kubernetes version is chosen and upgraded (output `versionPolicy`)."""

    channel: str
    """The cloud's release or upgrade channel, in its own spelling (`REGULAR`, `stable`), or
    `none` where the cloud has none and corridor pins or defaults the version."""
    version: str | None
    """The Kubernetes version pinned at creation; None when the cloud picks it."""
    node_upgrades: str
    """How node images are upgraded, in the cloud's terms (`with the control plane`,
    `NodeImage channel`)."""
    notes: tuple[str, ...] = ()
    """Sentences for a human: support windows, what is explicit."""

    def outputs(self) -> dict[str, object]:
        return {
            "channel": self.channel,
            "version": self.version,
            "nodeUpgrades": self.node_upgrades,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class ApiAccess:
    """Who can reach the Kubernetes API (output `apiAccess`), as the cluster's inputs set it."""

    private: bool
    """True when the API has a private endpoint only (`network.privateEndpoint`)."""
    allowed_cidrs: tuple[pulumi.Input[str], ...]
    """Ranges allowed to the public endpoint, exactly as the cluster resource receives them (a
    cloud may add its own egress address, known only once deployed); empty with a private
    endpoint."""
    controlled_by: str = "corridor"
    """Who sets the two fields above: `corridor`, or `provider` for a cluster corridor was
    handed, whose API access corridor neither sets nor sees (both fields then say nothing)."""

    def outputs(self) -> dict[str, object]:
        return {"private": self.private, "allowedCidrs": list(self.allowed_cidrs), "controlledBy": self.controlled_by}


@dataclass(frozen=True)
class FlowLogs:
    """Network flow logs on the networks corridor creates (output `flowLogs`)."""

    destination: pulumi.Output[str] | None
    """Where flow records go (a log group ARN, a log bucket, a workspace id); None where none are
    written, and `note` says why (an existing network, a cloud that cannot: its profile's reason)."""
    note: str
    """What is logged and how, or why nothing is."""

    def outputs(self) -> dict[str, object]:
        return {"destination": self.destination, "note": self.note}


@dataclass(frozen=True)
class NodeDisks:
    """How node disks are encrypted (outputs `nodeDisks` of the cluster and of each GPU pool)."""

    key_id: pulumi.Output[str] | None
    """The stack key that encrypts the nodes' OS disks; None where the cloud's platform key does
    and `note` says why the stack key cannot."""
    note: str
    """How: encryption at host, CMEK boot disks, encrypted EBS with the stack key."""

    def outputs(self) -> dict[str, object]:
        return {"keyId": self.key_id, "note": self.note}


@dataclass(frozen=True)
class Cluster:
    """The region's Kubernetes cluster, in neutral terms."""

    name: pulumi.Output[str]
    """The cluster's physical name."""
    endpoint: pulumi.Output[str] | None
    """API server URL; None for a cluster corridor was handed, whose endpoint is in the
    kubeconfig corridor never reads."""
    kubeconfig: pulumi.Output[str]
    """A kubeconfig for the cluster, always a secret Output; the in-cluster layer
    (`components.kubernetes`) makes its provider from it."""
    version_policy: VersionPolicy
    secrets_key_id: pulumi.Output[str] | None
    """The stack key that envelope-encrypts Kubernetes Secrets; None for a cluster corridor did
    not create (the provider's encryption at rest applies, if any)."""
    system_zones: Zones
    """Zones of the CPU system nodes, from the system pool's own placement inputs."""
    system_zone_reason: str
    """Why the system nodes are placed so, in a sentence starting `spread:` or `unpinned:`."""
    api_access: ApiAccess
    flow_logs: FlowLogs
    node_disks: NodeDisks
    """The CPU system nodes' disks."""

    def outputs(self) -> dict[str, object]:
        """Neutral cluster outputs, the same for a cluster corridor created and one it was
        handed; the kubeconfig stays a secret in state and in plans."""
        return {
            "name": self.name,
            "endpoint": self.endpoint,
            "kubeconfig": pulumi.Output.secret(self.kubeconfig),
            "versionPolicy": self.version_policy.outputs(),
            "secretsKeyId": self.secrets_key_id,
            # Read back from the system pool's placement inputs (null: the cloud places it).
            "systemZones": self.system_zones,
            "systemZoneReason": self.system_zone_reason,
            "apiAccess": self.api_access.outputs(),
            "flowLogs": self.flow_logs.outputs(),
            "nodeDisks": self.node_disks.outputs(),
        }


# --- Results: what a capability exports ------------------------------------------------------


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
    primary_access_log: pulumi.Output[str]
    """Where every read and write of the primary copy is logged: the region's log bucket
    (`s3://...`, `gs://...`) or the stack's Log Analytics workspace id."""
    replica_access_log: pulumi.Output[str] | None
    """The same for the replica, in its own region; None without a separate replica."""
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
            "primaryAccessLog": self.primary_access_log,
            "replicaAccessLog": self.replica_access_log,
            "replication": self.replication,
            "rpo": self.rpo,
        }


@dataclass(frozen=True)
class CapacityResult:
    """How a pool's capacity is bought (output `capacity`)."""

    mode: str
    """`onDemand`, `spot` or `reserved`: the pool's `capacity`."""
    reservation: str | None
    """The reservation consumed (`capacityBlock cr-0abc`), None unless `reserved`."""
    zone: str | None
    """The one zone the pool's capacity is in; None where the cloud places the pool."""
    wiring: str
    """How the cloud is told, in its own terms (`launch template capacity-block`,
    `node_config.spot`, `scale set priority Spot`)."""

    def outputs(self) -> dict[str, object]:
        return {"mode": self.mode, "reservation": self.reservation, "zone": self.zone, "wiring": self.wiring}


FabricKind = Literal["none", "efa", "gpudirect-tcpx", "gpudirect-tcpxo", "gpudirect-rdma", "infiniband"]


@dataclass(frozen=True)
class FabricResult:
    """The fast GPU-to-GPU network attached to a pool (output `fabric`)."""

    kind: FabricKind
    """The fabric attached; `none` when the pool has plain networking only."""
    interfaces: int
    """Fabric interfaces (or links) per node; 0 with `none`."""
    placement: str | None
    """Compact placement used with it (`cluster placement group`, `compact placement policy`,
    `one scale set`), None when the pool is not placed compactly."""

    def outputs(self) -> dict[str, object]:
        return {"kind": self.kind, "interfaces": self.interfaces, "placement": self.placement}


NO_FABRIC = FabricResult(kind="none", interfaces=0, placement=None)


DriverInstaller = Literal["node-image", "cloud", "in-cluster"]


@dataclass(frozen=True)
class DriverResult:
    """How the NVIDIA driver reaches a node (output `driver`)."""

    installed_by: DriverInstaller
    """`node-image`: baked into the node image the cloud publishes; `cloud`: installed by the
    managed service at node start; `in-cluster`: by something the user runs in the cluster."""
    source: str
    """What installs it, in the cloud's terms (`EKS AMI AL2023_x86_64_NVIDIA`)."""

    def outputs(self) -> dict[str, object]:
        return {"installedBy": self.installed_by, "source": self.source}


@dataclass(frozen=True)
class InClusterStep:
    """One thing the user must still run in the cluster for a pool to be fully usable."""

    component: str
    """What to install, e.g. `NVIDIA device plugin (Helm nvdp/nvidia-device-plugin)`."""
    why: str
    """Why the cloud does not provide it."""
    gpu_runtime: bool = False
    """True when it is the GPU runtime that corridor's observability agents install themselves
    (`corridor:observability.agents.gpuRuntime`); then the step is not listed."""

    def outputs(self) -> dict[str, object]:
        return {"component": self.component, "why": self.why}


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
    capacity: CapacityResult
    fabric: FabricResult
    driver: DriverResult
    zones: Zones
    """Zones the pool's nodes run in, from the pool resource's own placement inputs; None where
    the plan leaves placement to the cloud."""
    zone_reason: str
    """Why the pool is placed so, in a sentence starting `one zone:`, `spread:` or `unpinned:`."""
    node_disks: NodeDisks
    """The GPU nodes' disks."""
    in_cluster: tuple[InClusterStep, ...] = ()
    """What the user must still install in the cluster for the pool to be fully usable."""
    notes: tuple[str, ...] = ()
    """Sentences for a human about how the cloud realises this pool (feature flags to
    register, why a placement group is left out)."""
    catalog_unknowns: tuple[str, ...] = ()
    """Facts the accelerator catalog leaves unknown for this pool (`PoolPlan.catalog_unknowns`);
    set by the neutral `GpuNodePool`, not adapters."""

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
            "capacity": self.capacity.outputs(),
            "fabric": self.fabric.outputs(),
            "driver": self.driver.outputs(),
            "inCluster": [step.outputs() for step in self.in_cluster],
            "zones": self.zones,
            "zoneReason": self.zone_reason,
            "nodeDisks": self.node_disks.outputs(),
            "notes": list(self.notes),
            "catalogUnknowns": list(self.catalog_unknowns),
        }


@dataclass(frozen=True)
class BudgetTarget:
    """One budget a stack asks for: the stack's own, or one team's (`budget_targets`)."""

    purpose: str
    """`stack` or `team-<team>`: the suffix of its logical and physical names."""
    monthly_limit: int
    """Whole units of `corridor:budgets.currency` a month."""
    tag_key: str
    """The corridor tag the budget counts (`stack` or `team`, keys of `tagging.standard_tags`)."""
    tag_value: str
    """The value it counts: the stack's name, or the team."""


def budget_targets(context: RegionContext) -> list[BudgetTarget]:
    """The budgets `corridor:budgets` asks for, the stack's first; none without it."""
    budgets = context.spec.budgets
    if budgets is None:
        return []
    return [
        BudgetTarget("stack", budgets.monthly_limit, "stack", context.tags()["stack"]),
        *(BudgetTarget(f"team-{team.team}", team.monthly_limit, "team", team.team) for team in budgets.teams),
    ]


@dataclass(frozen=True)
class BudgetResult:
    """One budget as realised on a cloud (output `budgets[]`): the same fields everywhere."""

    name: str
    """The budget's physical name (display name)."""
    monthly_limit: int
    currency: str
    filter: str
    """What the budget counts, in words and the cloud's terms (`cost allocation tag user:stack =
    aws-ap-southeast-1`, `every resource in compartment ocid1...`)."""
    thresholds: tuple[tuple[float, str], ...]
    """(percent, basis `actual`|`forecast`) of each alert."""
    emails: tuple[str, ...]
    topic: str | None

    def outputs(self) -> dict[str, object]:
        return {
            "name": self.name,
            "monthlyLimit": self.monthly_limit,
            "currency": self.currency,
            "filter": self.filter,
            "thresholds": [{"percent": percent, "basis": basis} for percent, basis in self.thresholds],
            "notify": {"emails": list(self.emails), "topic": self.topic},
        }


def budget_result(context: RegionContext, target: BudgetTarget, name: str, filter: str) -> BudgetResult:
    """The neutral result of `target`, realised under physical `name` counting `filter`."""
    budgets = context.spec.budgets
    if budgets is None:
        raise RuntimeError(f"{context.stack} sets no corridor:budgets")
    return BudgetResult(
        name=name,
        monthly_limit=target.monthly_limit,
        currency=budgets.currency,
        filter=filter,
        thresholds=tuple((t.percent, t.basis) for t in budgets.thresholds),
        emails=tuple(budgets.notify.emails),
        topic=budgets.notify.topic,
    )


R = TypeVar("R", bound=pulumi.CustomResource)


def adopt(
    mode: str,
    physical_id: str,
    read: Callable[[pulumi.ResourceOptions], R],
    manage: Callable[[pulumi.ResourceOptions], R],
    opts: pulumi.ResourceOptions,
) -> R:
    """A resource the source stack created, adopted by a recovery stack under one logical name in
    both modes, so switching `drill` to `failover` is an import of an external resource, never a
    delete (review_dr_policy.md D1-D2):

    - `drill`: `read(opts)` is the class's `get` of `physical_id`: recorded as external, read
      during preview (which fails if the replica is missing), never modified or deleted;
    - `failover`: `manage(opts)` is the class's constructor with the inputs the resource has,
      imported (`import_=physical_id`) with `protect` and `retainOnDelete` (an import does not
      protect by itself).
    """
    if mode == "drill":
        return read(opts)
    return manage(stateful(pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(import_=physical_id))))


def stateful(opts: pulumi.ResourceOptions) -> pulumi.ResourceOptions:
    """`opts` plus the protection every stateful resource gets.

    `protect` makes `pulumi destroy` and any replacement fail until a human unprotects the
    resource; `retain_on_delete` means that even then Pulumi only forgets it and never calls the
    cloud's delete. Losing a key or a bucket loses data, so both are on and there is no switch.
    """
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(protect=True, retain_on_delete=True))


# --- The adapter -----------------------------------------------------------------------------

BaseT = TypeVar("BaseT", bound=Base)
KeysT = TypeVar("KeysT", bound=Keys)
ClusterT = TypeVar("ClusterT", bound=Cluster)


class CapabilityNotBuiltError(NotImplementedError):
    """A builder was called for a capability its cloud's profile does not declare."""


class CloudAdapter(Generic[BaseT, KeysT, ClusterT]):
    """Everything a cloud builds for corridor. One instance per region stack.

    `RegionStack` calls `build_base` once, then the builder of each capability the cloud's
    profile declares (`CloudProfile.capabilities`), in dependency order, passing each what the
    earlier ones returned. A builder the profile does not declare is never called; its default
    raises `CapabilityNotBuiltError`, and tests/unit/test_profiles.py checks that every declared
    capability's builder is implemented.
    """

    def __init__(self, context: RegionContext) -> None:
        self.context = context

    @property
    def spec(self) -> StackSpec:
        return self.context.spec

    def _not_built(self, capability: str) -> CapabilityNotBuiltError:
        return CapabilityNotBuiltError(f"{self.spec.cloud} declares no '{capability}' capability")

    def build_base(self, name: str, opts: pulumi.ResourceOptions) -> BaseT:
        """Create the stack's explicit providers (the only place providers are made) and what
        every capability shares. `opts` parents them to the region; children are `name-*`."""
        raise self._not_built("base")

    def build_keys(self, name: str, base: BaseT, opts: pulumi.ResourceOptions) -> KeysT:
        """A symmetric customer-managed key in `region` that rotates every `keys.rotationDays`,
        and a key usable in `drRegion` for replicas; both protected, with a
        `keys.deletionWindowDays` recovery window. Children are named `name` or `name-*`."""
        raise self._not_built("keys")

    def build_storage(self, name: str, base: BaseT, keys: KeysT, opts: pulumi.ResourceOptions) -> list[BucketResult]:
        """For each bucket in `storage.buckets`: a versioned copy in `region` encrypted with
        `keys.primary`, public access blocked, TLS only, noncurrent versions expiring after
        `storage.noncurrentVersionDays`, replicated (when `storage.replication`) to `drRegion`
        with the cloud's strongest native construction, the replica encrypted with
        `keys.replica`. Buckets, accounts and replication resources are `stateful`; children
        are named `name-<bucket>-*`."""
        raise self._not_built("storage")

    def adopt_keys(self, name: str, base: BaseT, opts: pulumi.ResourceOptions) -> KeysT:
        """A recovery stack's keys: `primary` is the source's replica key in this stack's region
        (the source's `drRegion`), adopted by its deterministic name (`adopt`, in
        `spec.recovery_mode`, physical names with `context.source_scope`); `replica` is a new
        protected key in this stack's `drRegion`, as `build_keys` makes it, only in `failover`
        mode with onward replication (`spec.recovery.onward`), and otherwise the adopted key
        itself (a drill creates no key). The adopted key keeps one logical name in both modes, so
        the switch of modes keeps its URN."""
        raise self._not_built("recovery keys")

    def adopt_storage(self, name: str, base: BaseT, keys: KeysT, opts: pulumi.ResourceOptions) -> list[BucketResult]:
        """A recovery stack's buckets: for each bucket, the source's replica copy in this stack's
        region adopted by its deterministic name as the primary copy (`adopt`); in `drill` mode
        nothing else (no replication, no setting changed on data the drill does not own: the
        result's replica fields are None, `replication` is `none`); in `failover` mode also the
        bucket's settings as `build_storage` makes them, on the adopted copy. Children are
        named as in `build_storage`."""
        raise self._not_built("recovery storage")

    def build_cluster(self, name: str, base: BaseT, keys: KeysT, opts: pulumi.ResourceOptions) -> ClusterT:
        """The region's managed Kubernetes cluster: a network with private nodes and egress (or
        `network.existingSubnetIds`), a control plane with Kubernetes Secrets encrypted by
        `keys.primary`, audit logging, workload identity, a deliberate version policy, a small
        CPU system node pool spread over the stack's zones carrying
        `context.system_node_labels()`, and a secret kubeconfig. Children are named `name-*`."""
        raise self._not_built("cluster")

    def attach_cluster(self, name: str, base: BaseT, opts: pulumi.ResourceOptions) -> ClusterT:
        """The cluster the provider handed over, as a handle: its kubeconfig (a secret Output),
        name and endpoint, and what the provider controls in place of corridor. Creates no
        cloud resource. Children, if any, are named `name-*`."""
        raise self._not_built("attachedCluster")

    def build_node_pool(
        self, name: str, base: BaseT, plan: PoolPlan, cluster: ClusterT, opts: pulumi.ResourceOptions
    ) -> NodePoolResult:
        """One autoscaling GPU pool translating `plan`, whose decisions are final: machine
        `plan.offering.machine_type`, the cloud's supported driver route, taint `GPU_TAINT` and
        `context.gpu_node_labels(plan)` on every node, `minNodes`..`maxNodes`, the capacity mode
        wired the cloud's way (`plan.reservation`), the fabric when `plan.fabric` (compact
        placement when `plan.compact_placement`), in `plan.zone` (None: the cloud places it),
        reported as `zones` read from the pool resource's own inputs with `zone_reason`.
        In an attached cluster: the provider's existing nodes the pool maps onto, creating
        nothing. Children are named `name` or `name-*`."""
        raise self._not_built("gpuPools")

    def build_budgets(self, name: str, base: BaseT, opts: pulumi.ResourceOptions) -> list[BudgetResult]:
        """For each of `budget_targets(context)`: a monthly cost budget of its limit counting only
        its tag (the stack's compartment where the cloud cannot filter by a freeform tag), with an
        alert per `budgets.thresholds` (percent of the limit, on actual or forecast spend) to
        `budgets.notify`; not protected (a budget holds no data), tagged where the type takes
        tags. Children are named `name-<purpose>` or `name-*`."""
        raise self._not_built("budgets")
