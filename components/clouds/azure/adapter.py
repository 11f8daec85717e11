"""The Azure adapter: one explicit provider per stack, the stack's resource group, and the
capabilities built from them (keys.py, storage.py, cluster.py, node_pool.py).

Every builder receives the `AzureBase` that `build_base` returned, so the resource group exists
before anything placed in it, by construction and not by call order.
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import provider as azure_provider
from pulumi_azure_native import resources

from components.clouds.azure import budgets as azure_budgets
from components.clouds.azure.cluster import build_cluster
from components.clouds.azure.handles import AksCluster, AzureBase, AzureKeys
from components.clouds.azure.keys import adopt_keys, build_keys
from components.clouds.azure.node_pool import build_node_pool
from components.clouds.azure.profile import AzurePlacement
from components.clouds.azure.regional import log_workspace, node_network
from components.clouds.azure.storage import adopt_storage, build_storage
from components.clouds.base import BucketResult, BudgetResult, CloudAdapter, NodePoolResult, stateful
from components.definition.pool_plan import PoolPlan


class Adapter(CloudAdapter[AzureBase, AzureKeys, AksCluster]):
    def build_base(self, name: str, opts: pulumi.ResourceOptions) -> AzureBase:
        """The azure-native provider `azure-<region>`, the resource group `name-resource-group`
        every other resource of the stack lives in, and what storage and the cluster both use
        (azure/regional.py): the node network (`name-vnet`, `name-nodes`, `name-nat`,
        `name-egress-ip`) and the Log Analytics workspace `name-logs`."""
        placement = self.spec.placement_as(AzurePlacement)
        provider = azure_provider.Provider(
            f"azure-{self.spec.region}",
            location=self.spec.region,
            subscription_id=placement.azure_subscription_id,
            tenant_id=placement.azure_tenant_id,
            opts=opts,
        )
        providers: dict[str, pulumi.ProviderResource] = {"azure-native": provider}
        # Deleting a resource group deletes everything in it, vaults and storage accounts
        # included, so the group is protected like the data it holds.
        resource_group = resources.ResourceGroup(
            f"{name}-resource-group",
            resource_group_name=placement.azure_resource_group,
            location=self.spec.region,
            tags=self.context.tags(),
            opts=stateful(pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(providers=providers))),
        )
        in_group = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(providers=providers))
        nodes = node_network(self.context, resource_group, name, in_group)
        return AzureBase(
            providers=providers,
            resource_group=resource_group,
            workspace=log_workspace(self.context, resource_group, name, in_group),
            node_subnet_id=nodes.subnet_id,
            egress_ip=nodes.egress_ip,
        )

    def build_keys(self, name: str, base: AzureBase, opts: pulumi.ResourceOptions) -> AzureKeys:
        return build_keys(self.context, name, base, opts)

    def build_storage(
        self, name: str, base: AzureBase, keys: AzureKeys, opts: pulumi.ResourceOptions
    ) -> list[BucketResult]:
        return build_storage(self.context, name, base, keys, opts)

    def adopt_keys(self, name: str, base: AzureBase, opts: pulumi.ResourceOptions) -> AzureKeys:
        return adopt_keys(self.context, name, base, opts)

    def adopt_storage(
        self, name: str, base: AzureBase, keys: AzureKeys, opts: pulumi.ResourceOptions
    ) -> list[BucketResult]:
        return adopt_storage(self.context, name, base, keys, opts)

    def build_cluster(self, name: str, base: AzureBase, keys: AzureKeys, opts: pulumi.ResourceOptions) -> AksCluster:
        return build_cluster(self.context, name, base, keys, opts)

    def build_node_pool(
        self, name: str, base: AzureBase, plan: PoolPlan, cluster: AksCluster, opts: pulumi.ResourceOptions
    ) -> NodePoolResult:
        return build_node_pool(self.context, name, base, plan, cluster, opts)

    def build_budgets(self, name: str, base: AzureBase, opts: pulumi.ResourceOptions) -> list[BudgetResult]:
        return azure_budgets.build_budgets(self.context, name, base, opts)
