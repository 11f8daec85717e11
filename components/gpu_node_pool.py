"""GpuNodePool: one `corridor:gpuPools` entry as an autoscaling, tainted GPU node pool."""

from __future__ import annotations

import dataclasses

import pulumi

from components import tagging
from components.catalog import accelerators
from components.clouds.base import CloudAdapter, ClusterResult, NodePoolResult
from components.definition.gpu import GpuPool

TYPE_TOKEN = "corridor:index:GpuNodePool"  # part of every URN: never rename

ACCELERATOR_LABEL = f"{tagging.LABEL_PREFIX}accelerator"
POOL_LABEL = f"{tagging.LABEL_PREFIX}pool"
CAPACITY_LABEL = f"{tagging.LABEL_PREFIX}capacity"


def node_labels(adapter: CloudAdapter, pool: GpuPool) -> dict[str, str]:
    """Labels on every node: accelerator, pool, capacity mode, and the stack's tag schema, so
    schedulers select by accelerator and metrics and bills group by the same team."""
    context = adapter.context
    return {
        ACCELERATOR_LABEL: pool.accelerator,
        POOL_LABEL: pool.name,
        CAPACITY_LABEL: pool.capacity,
        **tagging.kubernetes_labels(tagging.standard_tags(context.spec, context.stack)),
    }


class GpuNodePool(pulumi.ComponentResource):
    """GPU nodes resolved from the accelerator catalog, tainted for GPU-only scheduling."""

    result: NodePoolResult

    def __init__(
        self,
        name: str,
        adapter: CloudAdapter,
        pool: GpuPool,
        cluster: ClusterResult,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        # Validation already resolved this offering; resolving again here keeps the component
        # usable on its own and cannot disagree with the loader (same data, same function).
        offering = accelerators.offering(pool.accelerator, adapter.spec.cloud, pool.gpus_per_node, pool.machine_type)
        labels = node_labels(adapter, pool)
        result = adapter.gpu_node_pool(name, pool, offering, cluster, labels, pulumi.ResourceOptions(parent=self))
        # What the catalog cannot vouch for (a purchase mode or a fabric size without a source)
        # is the same question on every cloud, so it is answered here, not by the adapter.
        self.result = dataclasses.replace(result, catalog_unknowns=accelerators.unknown_facts(offering, pool.capacity))
        self.register_outputs(self.result.outputs())
