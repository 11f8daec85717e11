"""The OCI adapter: one explicit provider per region (OCI resources take their region from the
provider only, so the DR side needs its own), the stack's compartment, and the builders of the
OCI capabilities (`keys`, `storage`, `cluster`, `node_pool`); for a recovery stack, the
adoption of the vault, key and buckets its source replicated to this region."""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_oci as oci

from components.clouds.base import Base, BucketResult, BudgetResult, CloudAdapter, NodePoolResult
from components.clouds.oci import budgets as oci_budgets
from components.clouds.oci import cluster as oke
from components.clouds.oci import keys as vault
from components.clouds.oci import node_pool as gpu_node_pools
from components.clouds.oci import storage as object_storage
from components.clouds.oci.cluster import OkeCluster
from components.clouds.oci.keys import OciKeys
from components.clouds.oci.profile import OciPlacement
from components.definition.pool_plan import PoolPlan


@dataclass(frozen=True)
class OciBase(Base):
    """The stack's two providers and the compartment every resource is created in."""

    dr_provider: oci.Provider
    """The provider of `drRegion`: replica vault, key and bucket are created through it
    (an OCI resource has no region input of its own)."""
    home_provider: oci.Provider
    """The provider of the tenancy's home region (`corridor:ociHomeRegion`), the only region that
    takes IAM writes: every `oci.identity` resource of the stack is created through it."""
    tenancy_id: str
    """`corridor:ociTenancyId`: the tenancy OCID (where IAM policies that name services live)."""
    compartment_id: str
    """`corridor:ociCompartmentId`: the compartment OCID every resource of the stack is created in."""


class Adapter(CloudAdapter[OciBase, OciKeys, OkeCluster]):
    def build_base(self, name: str, opts: pulumi.ResourceOptions) -> OciBase:
        placement = self.spec.placement_as(OciPlacement)
        provider = oci.Provider(f"oci-{self.spec.region}", region=self.spec.region, opts=opts)
        dr_provider = oci.Provider(f"oci-{self.spec.dr_region}", region=self.spec.dr_region, opts=opts)
        home = placement.oci_home_region
        by_region = {self.spec.region: provider, self.spec.dr_region: dr_provider}
        home_provider = by_region.get(home) or oci.Provider(f"oci-{home}-home", region=home, opts=opts)
        return OciBase(
            providers={"oci": provider},
            dr_provider=dr_provider,
            home_provider=home_provider,
            tenancy_id=placement.oci_tenancy_id,
            compartment_id=placement.oci_compartment_id,
        )

    def build_keys(self, name: str, base: OciBase, opts: pulumi.ResourceOptions) -> OciKeys:
        return vault.build_keys(self.context, base, name, opts)

    def build_storage(
        self, name: str, base: OciBase, keys: OciKeys, opts: pulumi.ResourceOptions
    ) -> list[BucketResult]:
        return object_storage.build_storage(self.context, base, name, keys, opts)

    def adopt_keys(self, name: str, base: OciBase, opts: pulumi.ResourceOptions) -> OciKeys:
        return vault.adopt_keys(self.context, base, name, opts)

    def adopt_storage(
        self, name: str, base: OciBase, keys: OciKeys, opts: pulumi.ResourceOptions
    ) -> list[BucketResult]:
        return object_storage.adopt_storage(self.context, base, name, keys, opts)

    def build_cluster(self, name: str, base: OciBase, keys: OciKeys, opts: pulumi.ResourceOptions) -> OkeCluster:
        return oke.build_cluster(self.context, base, name, keys, opts)

    def build_node_pool(
        self, name: str, base: OciBase, plan: PoolPlan, cluster: OkeCluster, opts: pulumi.ResourceOptions
    ) -> NodePoolResult:
        return gpu_node_pools.build_node_pool(self.context, base, name, plan, cluster, opts)

    def build_budgets(self, name: str, base: OciBase, opts: pulumi.ResourceOptions) -> list[BudgetResult]:
        return oci_budgets.build_budgets(self.context, base, name, opts)
