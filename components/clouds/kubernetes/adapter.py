"""A provider's Kubernetes cluster: attached through its kubeconfig, GPU pools mapped onto its nodes.

Registers no resource of its own: the region's one Kubernetes provider is made by the shared
in-cluster layer from the handle returned here, and everything corridor installs there (the GPU
Operator, the agents) is that layer's. Each GPU pool is reported with the same outputs as on
every cloud, saying what the provider controls in place of corridor.
"""

from __future__ import annotations

import pulumi

from components.clouds.base import (
    NO_FABRIC,
    ApiAccess,
    Base,
    CapacityResult,
    CloudAdapter,
    Cluster,
    DriverResult,
    FlowLogs,
    Keys,
    NodeDisks,
    NodePoolResult,
    VersionPolicy,
    zones_of,
)
from components.clouds.features import FLOW_LOGS, GPU_NODE_TAINT
from components.clouds.kubernetes.profile import PROFILE, KubernetesPlacement
from components.definition.pool_plan import PoolPlan

PROVIDER_DISKS = NodeDisks(
    key_id=None,
    note="the provider's: corridor creates no node and has no key there; ask the provider how disks are encrypted",
)


class Adapter(CloudAdapter[Base, Keys, Cluster]):
    """Attaches the provider's cluster and maps pools onto its nodes; creates nothing."""

    @property
    def placement(self) -> KubernetesPlacement:
        return self.spec.placement_as(KubernetesPlacement)

    def build_base(self, name: str, opts: pulumi.ResourceOptions) -> Base:
        # No cloud provider: the only provider is the in-cluster layer's, from the kubeconfig.
        return Base(providers={})

    def attach_cluster(self, name: str, base: Base, opts: pulumi.ResourceOptions) -> Cluster:
        placement = self.placement
        return Cluster(
            name=pulumi.Output.from_input(placement.cluster_name or f"{placement.provider}-{self.spec.region}"),
            endpoint=None,
            kubeconfig=pulumi.Output.secret(placement.kubeconfig),
            version_policy=VersionPolicy(
                channel="provider",
                version=None,
                node_upgrades="by the provider",
                notes=("The provider runs the control plane and the nodes: versions and upgrades are its own.",),
            ),
            secrets_key_id=None,
            system_zones=zones_of(None),
            system_zone_reason="unpinned: the provider places its nodes",
            api_access=ApiAccess(private=False, allowed_cidrs=(), controlled_by="provider"),
            flow_logs=FlowLogs(destination=None, note=PROFILE.unsupported[FLOW_LOGS]),
            node_disks=PROVIDER_DISKS,
        )

    def build_node_pool(
        self, name: str, base: Base, plan: PoolPlan, cluster: Cluster, opts: pulumi.ResourceOptions
    ) -> NodePoolResult:
        pool, placement = plan.pool, self.placement
        driver = (
            DriverResult("in-cluster", "NVIDIA GPU Operator driver (corridor:gpuDriver: operator)")
            if placement.gpu_driver == "operator"
            else DriverResult("node-image", "the provider's node image (corridor:gpuDriver: preinstalled)")
        )
        return NodePoolResult(
            machine_type=plan.offering.machine_type,
            # The labels the provider's nodes already carry, which pick them: corridor sets none.
            node_labels=dict(placement.gpu_node_selectors[pool.name]),
            taints=[],
            min_nodes=pool.min_nodes,
            max_nodes=pool.max_nodes,
            gpus_per_node=pool.gpus_per_node,
            capacity=CapacityResult(
                mode=pool.capacity, reservation=None, zone=None, wiring="the provider's nodes; corridor buys nothing"
            ),
            fabric=NO_FABRIC,
            driver=driver,
            zones=zones_of(None),
            zone_reason="unpinned: the provider places its nodes",
            node_disks=PROVIDER_DISKS,
            notes=(
                "Mapped onto the provider's existing nodes by corridor:gpuNodeSelectors; corridor creates, scales and "
                "labels none, and maxNodes is the count the provider gives the pool.",
                f"No taint from corridor: {PROFILE.unsupported[GPU_NODE_TAINT]}.",
                "Fabric: whatever the provider's nodes have; corridor attaches none.",
            ),
        )
