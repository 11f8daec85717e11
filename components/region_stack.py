"""RegionStack: one GPU region, built from a validated `StackSpec`.

Creates the stack's explicit providers (the only place providers are made), then each capability
as a child that inherits them. The capability components never create providers, so every
resource is bound to the stack's region unless it names its DR region itself.
"""

from __future__ import annotations

import pulumi

from components.clouds import adapter_for
from components.clouds.base import RegionContext
from components.gpu_cluster import GpuCluster
from components.gpu_node_pool import GpuNodePool
from components.key_management import KeyManagement
from components.replicated_storage import ReplicatedStorage

TYPE_TOKEN = "corridor:index:RegionStack"  # part of every URN: never rename


class RegionStack(pulumi.ComponentResource):
    """Everything one region stack contains."""

    def __init__(self, name: str, context: RegionContext, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        self.spec = context.spec
        adapter = adapter_for(context)
        providers = adapter.providers(pulumi.ResourceOptions(parent=self))
        children = pulumi.ResourceOptions(parent=self, providers=providers)
        adapter.foundation(name, children)

        self.keys = KeyManagement("keys", adapter, children)
        self.storage = (
            ReplicatedStorage("storage", adapter, self.keys.result, children) if context.spec.storage.buckets else None
        )
        # Storage and the cluster both depend only on the keys, so the engine creates them in
        # parallel; node pools depend on the cluster alone.
        self.cluster = GpuCluster("cluster", adapter, self.keys.result, children)
        self.gpu_pools = [
            GpuNodePool(f"gpu-{pool.name}", adapter, pool, self.cluster.result, children)
            for pool in context.spec.gpu_pools
        ]
        self.register_outputs(self.exports())

    def exports(self) -> dict[str, object]:
        """What the stack exports: each capability's neutral outputs."""
        exports: dict[str, object] = {"keys": self.keys.outputs()}
        if self.storage is not None:
            exports["storage"] = self.storage.outputs()
        exports["cluster"] = self.cluster.outputs()
        exports["gpuPools"] = {
            pool.name: node_pool.result.outputs()
            for pool, node_pool in zip(self.spec.gpu_pools, self.gpu_pools, strict=True)
        }
        return exports
