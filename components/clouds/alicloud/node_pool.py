"""ACK GPU pools: one managed, auto-scaling node pool per pool plan (`PoolPlan`).

Construction, per pool:
- `alicloud.cs.NodePool` of instance type `plan.offering.machine_type` (a `gn`/`ebmgn` family
  row of the catalog) on Alibaba Cloud Linux 3. ACK installs the NVIDIA driver on GPU instance
  types and runs `ack-nvidia-device-plugin` itself, so nothing installs a second driver. The
  driver is pinned only when the catalog row pins it (`nvidiaDriverVersion`), and then only
  through ACK's documented node-pool label `ack.aliyun.com/nvidia-driver-version`, which affects
  nodes added after it is set.
  https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/customize-the-gpu-driver-version-of-the-node-by-specifying-the-version-number
- Labels: `context.gpu_node_labels(plan)` (`labels`); the GPU taint
  `nvidia.com/gpu=present:NoSchedule` through the pool's `taints` field (ACK spells the effect
  as Kubernetes does).
- Placement: the node vSwitch of `plan.zone` (a reservation's zone, else the profile's choice);
  every zone's vSwitch where the plan leaves placement to the cloud.
- Autoscaling: `scaling_config` (enable, `minNodes`..`maxNodes`, type `gpu`): ACK's node
  autoscaler owns the size, so `desired_size` (a string in the SDK) is not sent for a GPU pool.
  https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/auto-scaling-of-nodes
- Capacity, as the catalog says Alibaba sells it (the profile refuses a mode a family is not
  sold in):
  * onDemand: `spot_strategy` "NoSpot", pay-as-you-go;
  * spot: `spot_strategy` "SpotAsPriceGo" (ECS bids the market price, never above the
    pay-as-you-go price, so no `spot_price_limits` is needed) and `spot_instance_remedy` (a new
    preemptible instance is requested when ECS announces a reclaim);
    https://www.alibabacloud.com/help/en/ecs/user-guide/overview-4
  * reserved: the private pool of an elasticity assurance or capacity reservation
    (`private_pool_options`, match criteria "Target": no fallback to the public pool).
- Fabric: eRDMA (Alibaba's elastic RDMA on `ebmgn`/`gn8` families) is not wired yet: it needs the
  ACK eRDMA controller and eRDMA-enabled images; a pool that asks for its fabric gets plain
  networking and a note saying so.
- System disks: ESSD, encrypted (`system_disk_encrypted`) with the stack key
  (`system_disk_kms_key`) unless `corridor:nodeDiskKey: platform`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_alicloud as alicloud

from components.clouds.alicloud.cluster import (
    DISK_ENCRYPTION,
    IMAGE_TYPE,
    SYSTEM_DISK_CATEGORY,
    AckCluster,
    node_disks,
    pool_zones,
)
from components.clouds.base import (
    GPU_TAINT,
    GPU_TAINT_EFFECT,
    GPU_TAINT_KEY,
    GPU_TAINT_VALUE,
    NO_FABRIC,
    CapacityResult,
    DriverResult,
    NodePoolResult,
    RegionContext,
)
from components.definition.pool_plan import PoolPlan
from components.naming import physical_name

if TYPE_CHECKING:
    from components.clouds.alicloud.adapter import AlicloudBase

GPU_DISK_GIB = 500
"""System disk of a GPU node: CUDA images are large (OKE and EKS pools get as much or more)."""

DRIVER_LABEL = "ack.aliyun.com/nvidia-driver-version"
"""ACK's documented node-pool label that pins the NVIDIA driver version of new nodes."""

DRIVER_FACT = "nvidiaDriverVersion"
"""The catalog row's own-cloud fact that pins a driver version; absent, ACK's default is used."""

SPOT_STRATEGY = "SpotAsPriceGo"
NO_SPOT = "NoSpot"
PRIVATE_POOL_MATCH = "Target"
"""Launch only from the named private pool; "Open" would fall back to the public pool."""


def build_node_pool(
    context: RegionContext,
    base: AlicloudBase,
    name: str,
    plan: PoolPlan,
    cluster: AckCluster,
    opts: pulumi.ResourceOptions,
) -> NodePoolResult:
    pool, offering = plan.pool, plan.offering
    labels = context.gpu_node_labels(plan)
    pinned = offering.cloud_fact(DRIVER_FACT)
    zones = [plan.zone] if plan.zone is not None else list(cluster.zones)
    missing = [z for z in zones if z not in cluster.node_vswitch_ids]
    if missing:
        raise ValueError(
            f"GPU pool {pool.name} is placed in {', '.join(missing)}, where the stack has no vSwitch "
            f"(its zones are {', '.join(cluster.zones)})"
        )
    node_pool = alicloud.cs.NodePool(
        name,
        cluster_id=cluster.ack.id,
        node_pool_name=physical_name(
            "alicloud", "display_name", "corridor", context.stack, "gpu", pool.name, scope=context.scope
        ),
        instance_types=[offering.machine_type],
        vswitch_ids=[cluster.node_vswitch_ids[z] for z in zones],
        security_group_ids=[cluster.security_group_id],
        image_type=IMAGE_TYPE,
        system_disk_category=SYSTEM_DISK_CATEGORY,
        system_disk_size=GPU_DISK_GIB,
        system_disk_encrypted=True,
        system_disk_encrypt_algorithm=DISK_ENCRYPTION,
        system_disk_kms_key=cluster.disk_key_id,
        labels=[alicloud.cs.NodePoolLabelArgs(key=k, value=v) for k, v in pool_labels(labels, pinned).items()],
        taints=[alicloud.cs.NodePoolTaintArgs(key=GPU_TAINT_KEY, value=GPU_TAINT_VALUE, effect=GPU_TAINT_EFFECT)],
        scaling_config=alicloud.cs.NodePoolScalingConfigArgs(
            enable=True, min_size=pool.min_nodes, max_size=pool.max_nodes, type="gpu"
        ),
        instance_charge_type="PostPaid",
        **capacity_args(plan),
        # ACK-managed, but never auto-upgraded: replacing a node stops the training jobs on it.
        management=alicloud.cs.NodePoolManagementArgs(enable=True, auto_upgrade=False),
        resource_group_id=cluster.resource_group_id,
        tags=context.tags(),
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[cluster.system_pool])),
    )
    return NodePoolResult(
        machine_type=offering.machine_type,
        node_labels=labels,
        taints=[GPU_TAINT],
        min_nodes=pool.min_nodes,
        max_nodes=pool.max_nodes,
        gpus_per_node=offering.gpus,
        capacity=capacity_result(plan),
        fabric=NO_FABRIC,
        driver=DriverResult(
            installed_by="cloud",
            source=(
                f"ACK GPU node driver pinned to {pinned} by the node label {DRIVER_LABEL}"
                if pinned
                else "ACK's default NVIDIA driver for the instance type"
            )
            + "; device plugin by ACK (ack-nvidia-device-plugin)",
        ),
        zones=pool_zones(node_pool, cluster),
        zone_reason=zone_reason(context, plan),
        node_disks=node_disks(cluster.disk_key_id, "the pool's"),
        notes=notes(plan),
    )


def pool_labels(labels: dict[str, str], pinned_driver: str | None) -> dict[str, str]:
    """The node pool's labels: corridor's, plus ACK's driver-pinning label when the catalog row
    pins a driver version (never otherwise: ACK's default driver is the supported one)."""
    return {**labels, DRIVER_LABEL: pinned_driver} if pinned_driver else dict(labels)


def capacity_args(plan: PoolPlan) -> dict[str, Any]:
    """The NodePool inputs of the pool's capacity mode (`capacity_wiring` says it in words)."""
    reservation = plan.reservation
    if reservation is not None:
        return {
            "spot_strategy": NO_SPOT,
            "private_pool_options": alicloud.cs.NodePoolPrivatePoolOptionsArgs(
                private_pool_options_id=reservation.id, private_pool_options_match_criteria=PRIVATE_POOL_MATCH
            ),
        }
    if plan.capacity == "spot":
        return {"spot_strategy": SPOT_STRATEGY, "spot_instance_remedy": True}
    return {"spot_strategy": NO_SPOT}


def capacity_wiring(plan: PoolPlan) -> str:
    """How the pool's capacity mode reaches ACK, in its own terms."""
    if plan.reservation is not None:
        return f"private_pool_options (match criteria {PRIVATE_POOL_MATCH})"
    if plan.capacity == "spot":
        return f"spot_strategy {SPOT_STRATEGY} with spot_instance_remedy"
    return f"on-demand: spot_strategy {NO_SPOT}, pay-as-you-go"


def capacity_result(plan: PoolPlan) -> CapacityResult:
    reservation = plan.reservation
    return CapacityResult(
        mode=plan.capacity,
        reservation=f"{reservation.kind} {reservation.id}" if reservation is not None else None,
        zone=plan.zone,
        wiring=capacity_wiring(plan),
    )


def zone_reason(context: RegionContext, plan: PoolPlan) -> str:
    """Why the pool has the vSwitches it has."""
    if plan.reservation is not None:
        return f"one zone: the private pool holds capacity in {plan.zone}"
    if plan.zone is not None:
        source = "corridor:zones" if context.spec.zones else "the region catalog (corridor:zones unset)"
        return f"one zone: corridor keeps each GPU pool in one zone; {plan.zone} is the profile's choice from {source}"
    return "spread: the pool has the node vSwitch of every zone of the stack and ACK picks one with stock"


def notes(plan: PoolPlan) -> tuple[str, ...]:
    """What a human should know about how ACK realises this pool."""
    said = [
        "autoscaling: ACK's node autoscaler resizes the pool between minNodes and maxNodes (scaling_config)",
        "the GPU taint is the pool's taints field; the driver and device plugin are ACK's, never a second install",
    ]
    if plan.fabric:
        said.append(
            f"no fabric: {plan.offering.machine_type}'s eRDMA is not wired by corridor yet (it needs ACK's eRDMA "
            "controller and eRDMA-enabled images), so the pool gets plain VPC networking"
        )
    if plan.capacity == "spot":
        said.append("preemptible instances are released when ECS reclaims the capacity, after a notice")
    if plan.reservation is not None:
        said.append(
            "the elasticity assurance or capacity reservation must hold this instance type in this zone; with "
            "match criteria Target, ACK never falls back to the public pool"
        )
    return tuple(said)
