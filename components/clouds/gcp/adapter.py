"""The GCP adapter: one explicit provider bound to the stack's project and region; the builders
of the GCP capabilities (`keys`, `storage`, `cluster`, `node_pool`); and, for a recovery stack,
the adoption of the keys and buckets its source replicated to this region."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.clouds.base import Base, BucketResult, BudgetResult, CloudAdapter, NodePoolResult
from components.clouds.gcp import budgets as gcp_budgets
from components.clouds.gcp.cluster import GkeCluster, build_cluster
from components.clouds.gcp.keys import GcpKeys, adopt_keys, build_keys
from components.clouds.gcp.node_pool import build_node_pool
from components.clouds.gcp.profile import GcpPlacement
from components.clouds.gcp.storage import adopt_storage, build_storage
from components.definition.pool_plan import PoolPlan


@dataclass(frozen=True)
class GcpBase(Base):
    """The stack's `gcp` provider and the project every resource is created in."""

    project: str
    """`corridor:gcpProject`; every resource names it explicitly as its `project` input."""


class Adapter(CloudAdapter[GcpBase, GcpKeys, GkeCluster]):
    def build_base(self, name: str, opts: pulumi.ResourceOptions) -> GcpBase:
        project = self.spec.placement_as(GcpPlacement).gcp_project
        # Resources in drRegion name their location explicitly; the provider's region is only
        # the default for regional resources that do not.
        provider = gcp.Provider(
            f"gcp-{self.spec.region}",
            project=project,
            region=self.spec.region,
            # The provider would add a `goog-pulumi-provisioned` label to every resource; the
            # tag schema is explicit instead, so the plan shows exactly what is applied.
            add_pulumi_attribution_label=False,
            opts=opts,
        )
        return GcpBase(providers={"gcp": provider}, project=project)

    def build_keys(self, name: str, base: GcpBase, opts: pulumi.ResourceOptions) -> GcpKeys:
        return build_keys(self.context, base.project, name, opts)

    def build_storage(
        self, name: str, base: GcpBase, keys: GcpKeys, opts: pulumi.ResourceOptions
    ) -> list[BucketResult]:
        return build_storage(self.context, base.project, name, keys, opts)

    def adopt_keys(self, name: str, base: GcpBase, opts: pulumi.ResourceOptions) -> GcpKeys:
        return adopt_keys(self.context, base.project, name, opts)

    def adopt_storage(
        self, name: str, base: GcpBase, keys: GcpKeys, opts: pulumi.ResourceOptions
    ) -> list[BucketResult]:
        return adopt_storage(self.context, base.project, name, keys, opts)

    def build_cluster(self, name: str, base: GcpBase, keys: GcpKeys, opts: pulumi.ResourceOptions) -> GkeCluster:
        return build_cluster(self.context, base.project, name, keys, opts)

    def build_node_pool(
        self, name: str, base: GcpBase, plan: PoolPlan, cluster: GkeCluster, opts: pulumi.ResourceOptions
    ) -> NodePoolResult:
        return build_node_pool(self.context, base.project, name, plan, cluster, opts)

    def build_budgets(self, name: str, base: GcpBase, opts: pulumi.ResourceOptions) -> list[BudgetResult]:
        return gcp_budgets.build_budgets(self.context, base.project, name, opts)
