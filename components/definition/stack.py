"""The whole stack definition: where the region is, who owns it, and what it contains.

Each field is one `corridor:<key>` config key (its camelCase alias is the key name), so a
validation problem's path is simply `corridor:<alias>.<nested path>`. Placement that cannot be
neutral (a GCP project, an Azure subscription) is declared by the cloud's profile as a model of
clearly named keys (`CloudProfile.placement`); there is no free-form bag of provider arguments.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import Field, PrivateAttr

from components.definition.audit import ImageAdmission, Logging, NodeDiskKey
from components.definition.base import SpecModel
from components.definition.budgets import Budgets
from components.definition.cost import Cost
from components.definition.gpu import GpuPool, Network, Reservation, Reservations
from components.definition.identity import Tags
from components.definition.keys import Keys
from components.definition.observability import Observability
from components.definition.pool_plan import PoolPlan
from components.definition.recovery import RecoveryMode, RecoverySource, Standby
from components.definition.storage import Residency, Storage

PlacementT = TypeVar("PlacementT", bound=SpecModel)


class StackSpec(SpecModel):
    """Everything one region stack needs, validated before any resource is registered."""

    cloud: str
    """Cloud the region runs on: a registered cloud id (`components.clouds.registry`), e.g.
    `aws`, `gcp` or `azure`. Required, set per stack."""

    region: str
    """The cloud's own region id (`ap-southeast-1`, `asia-southeast1`, `uaenorth`) where the
    cluster, primary keys and primary buckets live. Required, set per stack."""

    dr_region: str
    """A different region of the same cloud that holds key replicas and replicated data, and
    where the region is re-provisioned after a disaster. Required, set per stack."""

    tags: Tags
    """Cost-attribution tags; see `Tags`. Required, usually set once in `Pulumi.yaml`."""

    keys: Keys = Field(default_factory=Keys)
    """Customer-managed key settings; see `Keys`. Default: rotation every 90 days, 30-day
    deletion window."""

    storage: Storage = Field(default_factory=Storage)
    """Replicated object storage; see `Storage`. Default: no buckets."""

    residency: Residency | None = None
    """Countries (ISO 3166-1 alpha-2) where the stack's data may live. When set, `region` and
    `drRegion` must both lie in one of them. Default: unrestricted."""

    zones: list[str] | None = None
    """Zones of `region` for the cluster's nodes: AWS zone names (`ap-southeast-1a`), GCP zones
    (`asia-southeast1-a`), Azure zone numbers (`1`). Required on AWS and GCP (at least two, for a
    control plane and system nodes that survive a zone outage); on Azure, default: every zone of
    a region that has zones (`1`, `2`, `3`), none where it has none. The system pool spreads over
    them; GPU pools use the first zone unless their reservation names another, because fabrics
    and compact placement do not span zones."""

    network: Network = Field(default_factory=Network)
    """The cluster's network; see `Network`. Default: corridor creates `10.40.0.0/16`."""

    gpu_pools: list[GpuPool] = Field(default_factory=list)
    """GPU node pools; see `GpuPool`. Default: none."""

    reservations: Reservations = Field(default_factory=dict)
    """Reserved capacity by pool name, for pools with `capacity: reserved`; see `Reservation`.
    Set per stack: reservations are cloud- and region-specific. Default: none."""

    logging: Logging = Field(default_factory=Logging)
    """Access-log and flow-log retention and sampling; see `Logging`. Default: kept 365 days,
    half of the flows sampled where the cloud samples."""

    image_admission: ImageAdmission = "off"
    """`enforce`: admit only images the cloud's admission policy allows (GKE Binary
    Authorization, evaluating the project's singleton policy, which allows every image until the
    security team narrows it). Needs the Binary Authorization API enabled in the project. Clouds
    without a native admission control say so in their profile and refuse `enforce`. Default
    `off`, because turning it on fails the deployment where that API is off."""

    node_disk_key: NodeDiskKey = "stack"
    """Which key encrypts node OS disks: `stack`, the stack's own primary key (AKS disk
    encryption set with encryption at host, EBS volumes of GPU launch templates, GKE CMEK boot
    disks); `platform`, the cloud's platform-managed key. `platform` exists for stacks deployed
    before corridor used the stack key, where switching re-creates the cluster or its pools
    (README, "Upgrading a stack deployed before node disks used the stack key"). Default `stack`."""

    observability: Observability = Field(default_factory=Observability)
    """GPU telemetry agents and where they export; see `Observability`. Required setting:
    `otlpEndpoint` while the agents are on (the default)."""

    cost: Cost = Field(default_factory=Cost)
    """How the plan prices the region: the usage its monthly estimate assumes and when a price
    is stale; see `Cost`. Default: 10 TB stored, 500 GB changed a day, prices stale after 180 days."""

    strict_catalog: bool = False
    """Treat what the accelerator catalog does not know about a pool (whether the cloud sells
    its machine in the pool's purchase mode, its fabric's link count) as an error instead of a
    warning in the plan summary. Default false: unknown facts are shown, never guessed."""

    recover_from: str | None = None
    """Make this a recovery stack of the named source stack: the source's definition, stood up
    in the source's `drRegion` on the keys and buckets it replicated there (see
    `components/definition/recovery.py` and docs/dr-runbook.md). Written by
    `python -m corridor dr plan --from <stack>`. Default: not a recovery stack."""

    recovery_mode: RecoveryMode = "drill"
    """With `recoverFrom`: `drill` references the source's replica keys and buckets read-only
    (a drill owns no data, and destroying it deletes none); `failover` adopts them with
    `protect` and `retainOnDelete` so the region lives on. Switching drill to failover is an
    import, never a delete. Default `drill`."""

    standby: Standby = "none"
    """With `recoverFrom`: `pilotLight` keeps the recovery stack deployed ahead of a disaster,
    its GPU pools at zero nodes (`minNodes: 0`), so failover is a scale-up and a switch to
    `failover`; `none` deploys it only when needed (a cold recovery). Default `none`."""

    budgets: Budgets | None = None
    """Monthly cost budgets for the stack and its teams, with alert thresholds and who is told;
    see `Budgets`. Set per stack. Default: no budget."""

    _placement: SpecModel | None = PrivateAttr(default=None)
    _pool_plans: tuple[PoolPlan, ...] | None = PrivateAttr(default=None)
    _recovery: RecoverySource | None = PrivateAttr(default=None)

    def decided(
        self, placement: SpecModel, pool_plans: tuple[PoolPlan, ...], recovery: RecoverySource | None = None
    ) -> StackSpec:
        """This spec with what validation decided: the cloud's placement, the pool plans, and
        the source of a recovery stack. Called once, by `load_spec`."""
        self._placement = placement
        self._pool_plans = pool_plans
        self._recovery = recovery
        return self

    @property
    def recovery(self) -> RecoverySource | None:
        """The source this recovery stack stands in for; None for an ordinary stack."""
        return self._recovery

    def placement_as(self, model: type[PlacementT]) -> PlacementT:
        """The stack's placement on its cloud (`CloudProfile.placement`), as that cloud's model."""
        if not isinstance(self._placement, model):
            placed = type(self._placement).__name__
            raise TypeError(f"this {self.cloud} stack's placement is {placed}, not {model.__name__}")
        return self._placement

    @property
    def pool_plans(self) -> tuple[PoolPlan, ...]:
        """One plan per `gpu_pools` entry, in order, decided at validation (`pool_plan.plan_pools`)."""
        if self._pool_plans is None:
            raise RuntimeError("this StackSpec was not made by load_spec, so its pools were never planned")
        return self._pool_plans

    def reservation_for(self, pool: GpuPool) -> Reservation | None:
        """The reservation a `reserved` pool consumes; None for on-demand and spot pools."""
        return self.reservations.get(pool.name) if pool.capacity == "reserved" else None
