"""AKS GPU pools: one autoscaling `AgentPool` (one VM scale set) per `corridor:gpuPools` entry.

Every pool: User mode, the catalog's VM size, Ubuntu, the AKS-installed NVIDIA driver
(`gpuProfile.driver: Install`), `GPU_TAINT` and corridor's labels on every node, no node public
IPs, autoscaling between `minNodes` and `maxNodes`, in the pool plan's one zone (`PoolPlan.zone`:
the reservation's, else the first of `corridor:zones`, else zone 1 of a region that has zones);
unpinned only in a region without zones (azure/zones.py `gpu_placement` says why). Changing a
pool's `availabilityZones` replaces it. Every decision is the plan's; this module translates it.

Capacity modes:
- onDemand: a Regular-priority scale set.
- spot: Spot priority, eviction `Delete`, max price -1. Azure adds the label and taint
  `kubernetes.azure.com/scalesetpriority=spot` itself; they are declared here too, so the
  pool's inputs match what Azure reports and no diff appears on every run (spot-node-pool.md).
- reserved (`capacityReservationGroup`): the CRG resource id on the pool. The cluster identity
  holds Contributor on the CRG's resource group (azure/cluster.py). A CRG without any
  reservation in it leaves the pool created *without* the association, only with a warning
  (use-capacity-reservation-groups.md, "Prerequisites").

Fabric (`PoolPlan.fabric`): ND-series InfiniBand is configured by Azure between the VMs of one
scale set, and one agent pool is one scale set, so a pool that gets its fabric needs nothing more
than to stay one pool, pinned to one zone wherever the region has zones. Pods only reach IB/RDMA through
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

from components.clouds.azure import zones
from components.clouds.azure.cluster import crg_id, node_disks, stack_key_disks
from components.clouds.azure.handles import AksCluster, AzureBase
from components.clouds.azure.profile import PROFILE
from components.clouds.base import (
    GPU_TAINT,
    NO_FABRIC,
    CapacityResult,
    DriverResult,
    FabricResult,
    InClusterStep,
    NodePoolResult,
    RegionContext,
    zones_of,
)
from components.definition.pool_plan import PoolPlan
from components.naming import physical_name

SPOT_LABEL_KEY = "kubernetes.azure.com/scalesetpriority"
SPOT_TAINT = f"{SPOT_LABEL_KEY}=spot:NoSchedule"

DRIVER = DriverResult(
    installed_by="cloud", source="AKS-installed NVIDIA driver (gpuProfile.driver=Install, Ubuntu node image)"
)
DEVICE_PLUGIN = InClusterStep(
    component="NVIDIA device plugin DaemonSet tolerating nvidia.com/gpu",
    why="AKS installs only the driver: https://learn.microsoft.com/azure/aks/use-nvidia-gpu#nvidia-device-plugin-installation",
    gpu_runtime=True,
)
NETWORK_OPERATOR = InClusterStep(
    component="NVIDIA Network Operator with a NicClusterPolicy for InfiniBand RDMA, plus the nvidia-peermem "
    "reloader for GPUDirect RDMA",
    why="AKS links the scale set's VMs over InfiniBand, but pods reach IB/RDMA only through these "
    "(https://azure.github.io/aks-rdma-infiniband/)",
)
INFINIBAND_FEATURE = "Microsoft.ContainerService/AKSInfinibandSupport"


def agent_pool_name(context: RegionContext, plan: PoolPlan) -> str:
    """The pool's AKS agent pool name; never one the profile reserves, which validation checks for
    the configured name and this checks again for the physical one it shortens to."""
    pool_name = physical_name("azure", "agent_pool", plan.pool.name, scope=context.scope)
    if pool_name in PROFILE.reserved_pool_names:
        raise ValueError(f"GPU pool name '{plan.pool.name}' is reserved for the AKS system pool")
    return pool_name


def capacity_args(plan: PoolPlan) -> tuple[dict[str, Any], CapacityResult]:
    """AgentPool arguments for the pool's purchase mode, and the `capacity` output."""
    if plan.capacity == "spot":
        args = {
            "scale_set_priority": containerservice.ScaleSetPriority.SPOT,
            # Delete, not Deallocate: deallocated Spot VMs still count against compute quota
            # and can block scaling and upgrades, and the autoscaler replaces evicted nodes
            # (spot-node-pool.md).
            "scale_set_eviction_policy": containerservice.ScaleSetEvictionPolicy.DELETE,
            # -1: never evicted for price, pay at most the on-demand price.
            "spot_max_price": -1.0,
        }
        return args, CapacityResult(
            mode="spot",
            reservation=None,
            zone=plan.zone,
            wiring="scale set priority Spot, eviction Delete, max price on-demand",
        )
    group_id = crg_id(plan)
    if group_id is not None:
        return {"capacity_reservation_group_id": group_id}, CapacityResult(
            mode=plan.capacity,
            reservation=f"capacityReservationGroup {group_id}",
            zone=plan.zone,
            wiring="agent pool capacityReservationGroupID; the cluster identity holds Contributor on the "
            "group's resource group",
        )
    return {}, CapacityResult(mode=plan.capacity, reservation=None, zone=plan.zone, wiring="scale set priority Regular")


def fabric_result(plan: PoolPlan, placement: zones.Placement) -> tuple[FabricResult, tuple[str, ...]]:
    """The fabric as the pool's resources realise it (one scale set, nothing to add on the agent
    pool), and what a human must know about it."""
    if not plan.fabric:
        return NO_FABRIC, ()
    where = f"in zone {placement.zones[0]}" if placement.zones else "with no zone pinned"
    notes = (
        f"InfiniBand links the VMs of the pool's one scale set (one agent pool is one scale set), {where}",
        f"the subscription must have the feature {INFINIBAND_FEATURE} registered, so that AKS places the "
        "scale set's nodes on one InfiniBand network",
    )
    # An unknown link count is 0 here; the catalog's unknowns already say so (`catalog_unknowns`).
    return FabricResult(kind="infiniband", interfaces=plan.offering.interconnect_count or 0, placement=None), notes


def build_node_pool(
    context: RegionContext,
    name: str,
    base: AzureBase,
    plan: PoolPlan,
    cluster: AksCluster,
    opts: pulumi.ResourceOptions,
) -> NodePoolResult:
    """One User agent pool translating `plan`, named `name`."""
    pool, offering = plan.pool, plan.offering
    spot = plan.capacity == "spot"
    labels = context.gpu_node_labels(plan)
    node_labels = {**labels, SPOT_LABEL_KEY: "spot"} if spot else labels
    taints = [GPU_TAINT, SPOT_TAINT] if spot else [GPU_TAINT]
    capacity, capacity_result = capacity_args(plan)
    placement = zones.gpu_placement(context.spec, plan)
    fabric, fabric_notes = fabric_result(plan, placement)
    agent_pool = containerservice.AgentPool(
        name,
        resource_name_=cluster.managed_cluster.name,
        resource_group_name=base.resource_group.name,
        agent_pool_name=agent_pool_name(context, plan),
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
        vnet_subnet_id=cluster.node_subnet_id,
        enable_node_public_ip=False,
        # Temp disks and disk caches encrypted on the host; the OS disk is encrypted with the stack
        # key by the cluster's disk encryption set. Create-only (enable-host-encryption.md,
        # "Limitations"), and every catalog size is taken to support it (profile.py,
        # HOST_ENCRYPTION_UNSUPPORTED). Needs the subscription feature Microsoft.Compute/EncryptionAtHost.
        # Left unset with `corridor:nodeDiskKey: platform`, as on a pool made before corridor set it.
        enable_encryption_at_host=True if stack_key_disks(context) else None,
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
        # `enableEncryptionAtHost` cannot change on an existing pool, and azure-native does not
        # mark it force-new, so a change would be sent as an update AKS rejects; declared here, a
        # pool made without it is shown as replaced instead. A pool's name is fixed, so the old
        # pool must go before the new one is created (its nodes are drained and deleted first).
        # With `corridor:nodeDiskKey: platform` the input is absent before and after, so nothing
        # is replaced; switching a stack from platform to stack replaces every GPU pool.
        opts=pulumi.ResourceOptions.merge(
            opts,
            pulumi.ResourceOptions(
                ignore_changes=["count"],
                replace_on_changes=["enableEncryptionAtHost"],
                delete_before_replace=True,
            ),
        ),
        **capacity,
    )
    notes = list(fabric_notes)
    if spot:
        notes.append(
            f"Azure adds the label and taint {SPOT_LABEL_KEY}=spot to Spot nodes itself; corridor declares "
            "them too, so the pool's inputs match what Azure reports"
        )
    if capacity_result.reservation is not None:
        notes.append(
            "a capacity reservation group without any reservation in it leaves the pool created without the "
            "association, with only a warning (use-capacity-reservation-groups.md)"
        )
    return NodePoolResult(
        machine_type=offering.machine_type,
        node_labels=node_labels,
        taints=taints,
        min_nodes=pool.min_nodes,
        max_nodes=pool.max_nodes,
        gpus_per_node=offering.gpus,
        capacity=capacity_result,
        fabric=fabric,
        driver=DRIVER,
        zones=zones_of(agent_pool.availability_zones),
        zone_reason=placement.reason,
        # The disk encryption set is built on the primary key, the one that also encrypts Secrets;
        # no set and no key with `corridor:nodeDiskKey: platform`.
        node_disks=node_disks(cluster.disk_key_id, plan.pool.name),
        in_cluster=(DEVICE_PLUGIN, NETWORK_OPERATOR) if plan.fabric else (DEVICE_PLUGIN,),
        notes=tuple(notes),
    )
