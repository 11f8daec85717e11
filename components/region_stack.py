"""RegionStack: one GPU region, built from a validated `StackSpec` and its cloud's profile.

The adapter's `build_base` makes the stack's explicit providers (the only place providers are
made) and whatever the cloud's capabilities share; then each capability the cloud's profile
declares is built as a child that inherits those providers, in dependency order
(`components.capabilities`), each handed what the ones before returned. Nothing depends on a
hidden call order. In-cluster capabilities get the region's Kubernetes provider from the shared
layer (`components.kubernetes`), made from the cluster's kubeconfig.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from components.attached_cluster import AttachedCluster
from components.budgets import Budgets
from components.capabilities import Capability
from components.clouds import adapter_for
from components.clouds.base import RegionContext
from components.clouds.registry import profile_for
from components.costs import stack_cost
from components.gpu_cluster import GpuCluster
from components.gpu_node_pool import GpuNodePool
from components.key_management import KeyManagement
from components.kubernetes import (
    IN_CLUSTER,
    InClusterCapability,
    InClusterComponent,
    cluster_provider,
    in_cluster_options,
)
from components.replicated_storage import ReplicatedStorage

TYPE_TOKEN = "corridor:index:RegionStack"  # part of every URN: never rename


class RegionStack(pulumi.ComponentResource):
    """Everything one region stack contains."""

    def __init__(
        self,
        name: str,
        context: RegionContext,
        opts: pulumi.ResourceOptions | None = None,
        in_cluster: Sequence[InClusterCapability] | None = None,
    ) -> None:
        """`in_cluster`: the in-cluster capabilities to consider; default `IN_CLUSTER`."""
        super().__init__(TYPE_TOKEN, name, None, opts)
        self.spec = spec = context.spec
        declared = set(profile_for(spec.cloud).capabilities)
        adapter = adapter_for(context)
        base = adapter.build_base(name, pulumi.ResourceOptions(parent=self))
        children = pulumi.ResourceOptions(parent=self, providers=dict(base.providers))

        self.keys = KeyManagement("keys", adapter, base, children) if Capability.KEYS in declared else None
        # Storage and the cluster both depend only on the keys, so the engine creates them in
        # parallel; node pools depend on the cluster alone.
        self.storage = (
            ReplicatedStorage("storage", adapter, base, self.keys.handle, children)
            if Capability.STORAGE in declared and self.keys is not None and spec.storage.buckets
            else None
        )
        # One cluster either way, under the one logical name `cluster`: created on the stack's
        # keys, or the one the provider handed over.
        self.cluster: GpuCluster | AttachedCluster | None = None
        if Capability.CLUSTER in declared and self.keys is not None:
            self.cluster = GpuCluster("cluster", adapter, base, self.keys.handle, children)
        elif Capability.ATTACHED_CLUSTER in declared:
            self.cluster = AttachedCluster("cluster", adapter, base, children)
        cluster = self.cluster
        self.gpu_pools_built = Capability.GPU_POOLS in declared and cluster is not None
        self.gpu_pools = [
            GpuNodePool(f"gpu-{plan.pool.name}", adapter, base, plan, cluster.handle, children)
            for plan in spec.pool_plans
            if cluster is not None and Capability.GPU_POOLS in declared
        ]
        # Budgets depend on nothing else the stack builds: they count its tags, not its resources.
        self.budgets = (
            Budgets("budgets", adapter, base, children)
            if Capability.BUDGETS in declared and spec.budgets is not None
            else None
        )
        self.in_cluster: dict[str, InClusterComponent] = {}
        offered = IN_CLUSTER if in_cluster is None else in_cluster
        wanted = [capability for capability in offered if capability.wanted(context)]
        if wanted and self.cluster is not None:
            provider = cluster_provider(f"{name}-kubernetes", self.cluster.handle, pulumi.ResourceOptions(parent=self))
            options = in_cluster_options(provider, self)
            self.in_cluster = {
                capability.name: capability.build(capability.name, context, self.cluster.handle, options)
                for capability in wanted
            }
        self.register_outputs(self.exports())

    def exports(self) -> dict[str, object]:
        """What the stack exports: each built capability's neutral outputs."""
        exports: dict[str, object] = {}
        if self.keys is not None:
            exports["keys"] = self.keys.outputs()
        if self.storage is not None:
            exports["storage"] = self.storage.outputs()
        if self.cluster is not None:
            exports["cluster"] = self.cluster.outputs()
        if self.gpu_pools_built:
            exports["gpuPools"] = {pool.plan.pool.name: pool.result.outputs() for pool in self.gpu_pools}
        for name, component in self.in_cluster.items():
            exports[name] = component.outputs()
        if self.budgets is not None:
            exports["budgets"] = self.budgets.outputs()
        constructions = [b.replication for b in self.storage.buckets.values()] if self.storage is not None else []
        pools = self.spec.pool_plans if self.gpu_pools_built else ()
        exports["cost"] = stack_cost(self.spec, pools, constructions)
        return exports
