"""The Azure adapter: one explicit provider per stack, the stack's resource group, and the
capabilities built from them (keys.py, storage.py, cluster.py, node_pool.py)."""

from __future__ import annotations

import pulumi
from pulumi_azure_native import provider as azure_provider
from pulumi_azure_native import resources

from components.catalog.accelerators import Offering
from components.clouds.azure import cluster, keys, node_pool, storage
from components.clouds.base import (
    BucketResult,
    CloudAdapter,
    ClusterResult,
    KeysResult,
    NodePoolResult,
    stateful,
)
from components.definition.gpu import GpuPool


class Adapter(CloudAdapter):
    cloud = "azure"

    _resource_group: resources.ResourceGroup | None = None

    def providers(self, opts: pulumi.ResourceOptions) -> dict[str, pulumi.ProviderResource]:
        provider = azure_provider.Provider(
            f"azure-{self.spec.region}",
            location=self.spec.region,
            subscription_id=self.spec.azure_subscription_id,
            tenant_id=self.spec.azure_tenant_id,
            opts=opts,
        )
        return {"azure-native": provider}

    def foundation(self, name: str, opts: pulumi.ResourceOptions) -> None:
        # Deleting a resource group deletes everything in it, vaults and storage accounts
        # included, so the group is protected like the data it holds.
        self._resource_group = resources.ResourceGroup(
            f"{name}-resource-group",
            resource_group_name=self.spec.azure_resource_group,
            location=self.spec.region,
            tags=self.context.tags(),
            opts=stateful(opts),
        )

    @property
    def resource_group(self) -> resources.ResourceGroup:
        assert self._resource_group is not None, "RegionStack calls foundation() first"
        return self._resource_group

    def key_management(self, name: str, opts: pulumi.ResourceOptions) -> KeysResult:
        return keys.build(self.context, self.resource_group, name, opts)

    def replicated_storage(self, name: str, keys: KeysResult, opts: pulumi.ResourceOptions) -> list[BucketResult]:
        return storage.build(self.context, self.resource_group, name, keys, opts)

    def gpu_cluster(self, name: str, keys: KeysResult, opts: pulumi.ResourceOptions) -> ClusterResult:
        return cluster.build(self.context, self.resource_group, name, keys, opts)

    def gpu_node_pool(
        self,
        name: str,
        pool: GpuPool,
        offering: Offering,
        cluster: ClusterResult,
        labels: dict[str, str],
        opts: pulumi.ResourceOptions,
    ) -> NodePoolResult:
        return node_pool.build(self.context, name, pool, offering, cluster, labels, opts)
