"""GpuNodePool: one `corridor:gpuPools` entry as an autoscaling, tainted GPU node pool."""

from __future__ import annotations

import dataclasses
from typing import Any

import pulumi

from components.clouds.base import Base, CloudAdapter, Cluster, NodePoolResult
from components.definition.pool_plan import PoolPlan

TYPE_TOKEN = "corridor:index:GpuNodePool"  # part of every URN: never rename


class GpuNodePool(pulumi.ComponentResource):
    """GPU nodes as the pool's plan decided them, tainted for GPU-only scheduling."""

    plan: PoolPlan
    result: NodePoolResult

    def __init__(
        self,
        name: str,
        adapter: CloudAdapter[Any, Any, Any],
        base: Base,
        plan: PoolPlan,
        cluster: Cluster,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        self.plan = plan
        result = adapter.build_node_pool(name, base, plan, cluster, pulumi.ResourceOptions(parent=self))
        # What the catalog cannot vouch for is the same question on every cloud, decided with
        # the plan; the adapter never sees it. A GPU runtime the agents install is no step left to the user.
        observability = adapter.spec.observability
        installed = observability.enabled and observability.agents.gpu_runtime
        steps = tuple(step for step in result.in_cluster if not (installed and step.gpu_runtime))
        self.result = dataclasses.replace(result, catalog_unknowns=plan.catalog_unknowns, in_cluster=steps)
        self.register_outputs(self.result.outputs())
