"""AKS GPU pools: one autoscaling `AgentPool` (one VM scale set) per `corridor:gpuPools` entry.

Every pool: User mode, the catalog's VM size, Ubuntu, the AKS-installed NVIDIA driver
(`gpuProfile.driver: Install`), `GPU_TAINT` and corridor's labels on every node, no node public
IPs, autoscaling between `minNodes` and `maxNodes`, in one zone: the reservation's, else the
first of `corridor:zones`, else zone 1 of a region that has zones; unpinned only in a region
without zones (azure/zones.py `gpu_placement`). Changing a pool's `availabilityZones` replaces it.

Capacity modes:
- onDemand: a Regular-priority scale set.
- spot: Spot priority, eviction `Delete`, max price -1. Azure adds the label and taint
  `kubernetes.azure.com/scalesetpriority=spot` itself; they are declared here too, so the
  pool's inputs match what Azure reports and no diff appears on every run (spot-node-pool.md).
- reserved (`capacityReservationGroup`): the CRG resource id on the pool. The cluster identity
  holds Contributor on the CRG's resource group (azure/cluster.py). A CRG without any
  reservation in it leaves the pool created *without* the association, only with a warning
  (use-capacity-reservation-groups.md, "Prerequisites").

Interconnect: ND-series InfiniBand is configured by Azure between the VMs of one scale set, and
one agent pool is one scale set, so a pool with `interconnect: auto` needs nothing more than to
stay one pool, pinned to one zone wherever the region has zones. Pods only reach IB/RDMA through
what the user installs in the cluster (NVIDIA Network Operator, the peer-memory module for
GPUDirect RDMA), and the subscription must have the
`Microsoft.ContainerService/AKSInfinibandSupport` feature registered, so that AKS places the
scale set's nodes on one InfiniBand network (Azure/aks-rdma-infiniband, getting-started).

Sources: MicrosoftDocs/azure-aks-docs (snapshot 2026-08-21) articles/aks/{use-nvidia-gpu,
spot-node-pool, use-capacity-reservation-groups, upgrade-aks-node-pools-rolling}.md;
MicrosoftDocs/azure-compute-docs sizes/gpu-accelerated/ndh100v5-series.md;
Azure/aks-rdma-infiniband website/docs/{getting-started/02-prerequisites,
configurations/02-gpu-drivers}.md; SDK pulumi_azure_native 3.29 containerservice/agent_pool.py.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi_azure_native import containerservice

from components.catalog.accelerators import Offering
from components.clouds.azure import zones
from components.clouds.azure.cluster import SYSTEM_POOL_NAME
from components.clouds.base import GPU_TAINT, ClusterResult, NodePoolResult, RegionContext, wants_fabric, zones_of
from components.definition.gpu import GpuPool
from components.naming import physical_name

SPOT_LABEL_KEY = "kubernetes.azure.com/scalesetpriority"
SPOT_TAINT = f"{SPOT_LABEL_KEY}=spot:NoSchedule"

DRIVER = "AKS-installed NVIDIA driver (gpuProfile.driver=Install, Ubuntu node image)"
DEVICE_PLUGIN = (
    "NVIDIA device plugin DaemonSet tolerating nvidia.com/gpu (AKS installs only the driver: "
    "https://learn.microsoft.com/azure/aks/use-nvidia-gpu#nvidia-device-plugin-installation)"
)
NETWORK_OPERATOR = (
    "NVIDIA Network Operator with a NicClusterPolicy for InfiniBand RDMA, plus the nvidia-peermem "
    "reloader for GPUDirect RDMA (https://azure.github.io/aks-rdma-infiniband/)"
)


def capacity_args(context: RegionContext, pool: GpuPool) -> tuple[dict[str, Any], str]:
    """AgentPool arguments for the pool's purchase mode, and the `capacity` description."""
    if pool.capacity == "spot":
        args = {
            "scale_set_priority": containerservice.ScaleSetPriority.SPOT,
            # Delete, not Deallocate: deallocated Spot VMs still count against compute quota
            # and can block scaling and upgrades, and the autoscaler replaces evicted nodes
            # (spot-node-pool.md).
            "scale_set_eviction_policy": containerservice.ScaleSetEvictionPolicy.DELETE,
            # -1: never evicted for price, pay at most the on-demand price.
            "spot_max_price": -1.0,
        }
        return args, "spot (scale set priority Spot, eviction Delete, max price on-demand)"
    if pool.capacity == "reserved":
        reservation = context.spec.reservations[pool.name]
        return (
            {"capacity_reservation_group_id": reservation.id},
            f"capacity-reservation-group {reservation.id}",
        )
    return {}, "on-demand (scale set priority Regular)"


def interconnect_description(pool: GpuPool, offering: Offering, placement: zones.Placement) -> str:
    """The fabric as the pool's resources realise it: one scale set, in its zone or unpinned."""
    if not wants_fabric(pool, offering):
        return "none"
    links = f" x{offering.interconnect_count}" if offering.interconnect_count else ""
    where = f"zone {placement.zones[0]}" if placement.zones else "no zone pinned"
    return (
        f"{offering.interconnect}{links} (within the pool's one scale set, {where}; "
        "subscription feature Microsoft.ContainerService/AKSInfinibandSupport)"
    )


def build(
    context: RegionContext,
    name: str,
    pool: GpuPool,
    offering: Offering,
    cluster: ClusterResult,
    labels: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> NodePoolResult:
    pool_name = physical_name("azure", "agent_pool", pool.name, scope=context.scope)
    if pool_name == SYSTEM_POOL_NAME:
        raise ValueError(f"GPU pool name '{pool.name}' is reserved for the AKS system pool")
    spot = pool.capacity == "spot"
    node_labels = {**labels, SPOT_LABEL_KEY: "spot"} if spot else dict(labels)
    taints = [GPU_TAINT, SPOT_TAINT] if spot else [GPU_TAINT]
    capacity, capacity_text = capacity_args(context, pool)
    fabric = wants_fabric(pool, offering)
    placement = zones.gpu_placement(context.spec, pool, fabric)
    native = cluster.native
    agent_pool = containerservice.AgentPool(
        name,
        resource_name_=native["cluster"].name,
        resource_group_name=native["group"].name,
        agent_pool_name=pool_name,
        mode=containerservice.AgentPoolMode.USER,
        type=containerservice.AgentPoolType.VIRTUAL_MACHINE_SCALE_SETS,
        vm_size=offering.machine_type,
        os_type=containerservice.OSType.LINUX,
        # Ubuntu: the OS NVIDIA's driver, DOCA-OFED and Network Operator support on ND VMs
        # (aks-rdma-infiniband prerequisites), and Azure Linux GPU pools get no automatic
        # security patches (use-nvidia-gpu.md, "Limitations").
        os_sku=containerservice.OSSKU.UBUNTU,
        gpu_profile=containerservice.GPUProfileArgs(driver=containerservice.GPUDriver.INSTALL),
        node_taints=taints,
        node_labels=node_labels,
        enable_auto_scaling=True,
        min_count=pool.min_nodes,
        max_count=pool.max_nodes,
        count=pool.min_nodes,
        availability_zones=placement.zones,
        vnet_subnet_id=native["subnet_id"],
        enable_node_public_ip=False,
        # Spot pools get no surge nodes anyway; other pools upgrade in place one node at a time,
        # because a surge GPU VM often cannot be had (no quota, no capacity, a CRG sized to the
        # pool) (upgrade-aks-node-pools-rolling.md, "max unavailable").
        upgrade_settings=None
        if spot
        else containerservice.AgentPoolUpgradeSettingsArgs(max_surge="0", max_unavailable="1"),
        tags=context.tags(),
        # The cluster autoscaler owns the node count once the pool exists; re-sending `count`
        # on a later update is rejected ("Cannot manually scale AgentPool ... with cluster
        # autoscaler enabled"), so it is set at creation only.
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(ignore_changes=["count"])),
        **capacity,
    )
    return NodePoolResult(
        machine_type=offering.machine_type,
        node_labels=node_labels,
        taints=taints,
        min_nodes=pool.min_nodes,
        max_nodes=pool.max_nodes,
        gpus_per_node=offering.gpus,
        capacity=capacity_text,
        interconnect=interconnect_description(pool, offering, placement),
        driver=DRIVER,
        zones=zones_of(agent_pool.availability_zones),
        zone_reason=placement.reason,
        in_cluster=[DEVICE_PLUGIN, NETWORK_OPERATOR] if fabric else [DEVICE_PLUGIN],
    )
