"""The Alibaba Cloud adapter: one explicit provider per region (Alibaba resources take their
region from the provider only, so the DR side needs its own), the stack's resource group, and the
builders of the Alibaba capabilities (`keys`, `storage`, `cluster`, `node_pool`); for a recovery
stack, the adoption of the key and buckets its source replicated to this region."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_alicloud as alicloud

from components.clouds.alicloud import cluster as ack
from components.clouds.alicloud import keys as kms
from components.clouds.alicloud import node_pool as gpu_node_pools
from components.clouds.alicloud import storage as oss
from components.clouds.alicloud.cluster import AckCluster
from components.clouds.alicloud.keys import AlicloudKeys
from components.clouds.alicloud.profile import AlicloudPlacement
from components.clouds.base import Base, BucketResult, CloudAdapter, NodePoolResult
from components.definition.pool_plan import PoolPlan


@dataclass(frozen=True)
class AlicloudBase(Base):
    """The stack's two providers and the resource group its resources are created in."""

    dr_provider: alicloud.Provider
    """The provider of `drRegion`: the replica key and bucket are created through it (an
    Alibaba resource has no region input of its own)."""
    resource_group_id: str
    """`corridor:alicloudResourceGroupId`: the resource group every resource that takes one joins."""


class Adapter(CloudAdapter[AlicloudBase, AlicloudKeys, AckCluster]):
    def build_base(self, name: str, opts: pulumi.ResourceOptions) -> AlicloudBase:
        placement = self.spec.placement_as(AlicloudPlacement)
        provider = alicloud.Provider(f"alicloud-{self.spec.region}", region=self.spec.region, opts=opts)
        dr_provider = alicloud.Provider(f"alicloud-{self.spec.dr_region}", region=self.spec.dr_region, opts=opts)
        return AlicloudBase(
            providers={"alicloud": provider},
            dr_provider=dr_provider,
            resource_group_id=placement.alicloud_resource_group_id,
        )

    def build_keys(self, name: str, base: AlicloudBase, opts: pulumi.ResourceOptions) -> AlicloudKeys:
        return kms.build_keys(self.context, base, name, opts)

    def build_storage(
        self, name: str, base: AlicloudBase, keys: AlicloudKeys, opts: pulumi.ResourceOptions
    ) -> list[BucketResult]:
        return oss.build_storage(self.context, base, name, keys, opts)

    def adopt_keys(self, name: str, base: AlicloudBase, opts: pulumi.ResourceOptions) -> AlicloudKeys:
        return kms.adopt_keys(self.context, base, name, opts)

    def adopt_storage(
        self, name: str, base: AlicloudBase, keys: AlicloudKeys, opts: pulumi.ResourceOptions
    ) -> list[BucketResult]:
        return oss.adopt_storage(self.context, base, name, keys, opts)

    def build_cluster(
        self, name: str, base: AlicloudBase, keys: AlicloudKeys, opts: pulumi.ResourceOptions
    ) -> AckCluster:
        return ack.build_cluster(self.context, base, name, keys, opts)

    def build_node_pool(
        self, name: str, base: AlicloudBase, plan: PoolPlan, cluster: AckCluster, opts: pulumi.ResourceOptions
    ) -> NodePoolResult:
        return gpu_node_pools.build_node_pool(self.context, base, name, plan, cluster, opts)
