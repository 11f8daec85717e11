"""OKE GPU pools: one managed node pool per pool plan (`PoolPlan`), in one availability domain.

Construction, per pool:
- `oci.containerengine.NodePool` of shape `plan.offering.machine_type` (`BM.GPU.H100.8`, ...) at
  the cluster's Kubernetes version, on the newest Oracle Linux OKE GPU image OKE lists for that
  version in the region (`cluster.oke_image`): driver and container toolkit are in the image, and
  OKE's NVIDIA GPU Plugin add-on (`cluster.gpu_plugin`) runs the device plugin, so nothing installs
  a second driver. https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengrunninggpunodes.htm
- Labels: `context.gpu_node_labels(plan)` as `initial_node_labels`.
- The GPU taint: a managed node pool has no taints field (only virtual node pools do), so every
  node registers itself tainted: `node_metadata.user_data` is OKE's default cloud-init with
  `--kubelet-extra-args "--register-with-taints=nvidia.com/gpu=present:NoSchedule"`, the
  customisation Oracle documents for managed nodes (`cluster.cloud_init`).
- Placement: one placement configuration in `plan.zone`'s availability domain (a reservation's,
  else the profile's choice) on the workers subnet; workers NSG on the nodes, the pods subnet and
  NSG for their VCN-native pods (64 per node, Oracle's GPU quickstart default).
- Capacity, the ladder OCI sells (the profile refuses a mode a shape is not sold in):
  * onDemand: no capacity option;
  * spot: `preemptible_node_config` with `TERMINATE` (preemptible instances cannot be stopped)
    and the boot volume deleted with the node. https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengusingpreemptiblecapacity.htm
  * reserved: the reservation's `capacity_reservation_id` on the placement configuration, in its
    availability domain. https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengmakingcapacityreservations.htm
- Fabric (`plan.fabric`: a bare-metal GPU shape with RDMA NICs in a pool that can span nodes): a
  compute cluster (`oci.core.ComputeCluster`, the RDMA network group of one availability domain)
  and the pool's `node_config_details.compute_cluster_id`, so OKE launches its nodes inside it.
  A cluster network (instance pools) would need self-managed nodes. https://docs.oracle.com/en-us/iaas/Content/Compute/Tasks/compute-clusters.htm
- Boot volumes: 512 GB (CUDA images are large), encrypted with the stack key
  (`node_config_details.kms_key_id`) unless `corridor:nodeDiskKey: platform`. Paravirtualized
  in-transit encryption is a VM feature and is set only on VM shapes.
- Autoscaling: the pool starts at `minNodes` and OKE's Cluster Autoscaler add-on resizes it
  between `minNodes` and `maxNodes` (`cluster.register_autoscaled`); `size` is then the
  autoscaler's and is not re-sent (`ignore_changes`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import pulumi
import pulumi_oci as oci

from components.catalog.accelerators import Offering
from components.clouds.base import (
    GPU_TAINT,
    NO_FABRIC,
    CapacityResult,
    DriverResult,
    FabricKind,
    FabricResult,
    InClusterStep,
    NodePoolResult,
    RegionContext,
)
from components.clouds.oci.cluster import (
    KUBERNETES_VERSION,
    AutoscaledPool,
    OkeCluster,
    cloud_init,
    node_disks,
    oke_image,
    pod_network,
    pool_zones,
    register_autoscaled,
    user_data,
    zone_of,
)
from components.definition.pool_plan import PoolPlan
from components.naming import physical_name

if TYPE_CHECKING:
    from components.clouds.oci.adapter import OciBase

GPU_BOOT_VOLUME_GBS = "512"  # a string in the SDK; Oracle's GPU quickstart default
GPU_MAX_PODS = 64
"""Pods per GPU node: Oracle's GPU quickstart default (`worker_gpu_max_pods_per_node`); OKE allows
at most 110 with VCN-native pod networking."""

TAINT_ARGS = f"--register-with-taints={GPU_TAINT}"
"""The kubelet flag that puts corridor's GPU taint on a node as it registers."""

PREEMPTION_ACTION = "TERMINATE"
"""The only action OCI takes on a preempted instance. https://docs.oracle.com/en-us/iaas/Content/Compute/Concepts/preemptible.htm"""

AUTOSCALER_OWNED = ["nodeConfigDetails.size", "nodeSourceDetails.imageId"]
"""Inputs `pulumi up` must not re-send: the autoscaler owns the size (re-sending `minNodes` would
shrink a busy pool), and the image is the one chosen at creation (a newer OKE build is rolled out
deliberately, as `VERSION_POLICY` says)."""


RDMA_KINDS: dict[str, FabricKind] = {"gpudirect-rdma": "gpudirect-rdma", "infiniband": "infiniband"}
"""The catalog's fabric kinds of OCI shapes: a compute cluster's RDMA network (RoCE v2 on OCI's
cluster networks, `gpudirect-rdma`), reported as the catalog row names it."""

AUTOSCALER = "OKE Cluster Autoscaler add-on (ClusterAutoscaler, authType workload)"

RDMA_STEP = InClusterStep(
    component="NVIDIA Network Operator with its RDMA shared device plugin (or host networking for NCCL pods), "
    "tolerating nvidia.com/gpu",
    why="the compute cluster gives the nodes their RDMA NICs, but OKE exposes no RDMA device to pods",
)


def build_node_pool(
    context: RegionContext, base: OciBase, name: str, plan: PoolPlan, cluster: OkeCluster, opts: pulumi.ResourceOptions
) -> NodePoolResult:
    pool, offering = plan.pool, plan.offering
    zone = plan.zone
    assert zone is not None, "the OCI profile places every pool in an availability domain (AD-1 by default)"
    labels = context.gpu_node_labels(plan)
    ad = availability_domain(cluster, zone)
    fabric = fabric_for(plan)
    compute_cluster = (
        oci.core.ComputeCluster(
            f"{name}-compute-cluster",
            availability_domain=ad,
            compartment_id=base.compartment_id,
            display_name=physical_name(
                "oci", "display_name", "corridor", context.stack, pool.name, scope=context.scope
            ),
            freeform_tags=context.tags(),
            opts=opts,
        )
        if fabric.interfaces
        else None
    )
    node_pool = oci.containerengine.NodePool(
        name,
        cluster_id=cluster.oke.id,
        compartment_id=base.compartment_id,
        name=physical_name("oci", "display_name", "corridor", context.stack, "gpu", pool.name, scope=context.scope),
        kubernetes_version=cluster.kubernetes_version,
        node_shape=offering.machine_type,
        node_source_details=oci.containerengine.NodePoolNodeSourceDetailsArgs(
            source_type="IMAGE",
            image_id=oke_image(base.compartment_id, opts, gpu=True, arch=image_arch(offering)),
            boot_volume_size_in_gbs=GPU_BOOT_VOLUME_GBS,
        ),
        node_config_details=oci.containerengine.NodePoolNodeConfigDetailsArgs(
            size=pool.min_nodes,
            placement_configs=[placement(plan, ad, cluster.worker_subnet_id)],
            nsg_ids=[cluster.worker_nsg_id],
            node_pool_pod_network_option_details=pod_network(cluster.pod_subnet_id, cluster.pod_nsg_id, GPU_MAX_PODS),
            compute_cluster_id=compute_cluster.id if compute_cluster is not None else None,
            kms_key_id=cluster.disk_key_id,
            is_pv_encryption_in_transit_enabled=True if offering.machine_type.startswith("VM.") else None,
            freeform_tags=context.tags(),
        ),
        initial_node_labels=[
            oci.containerengine.NodePoolInitialNodeLabelArgs(key=key, value=value) for key, value in labels.items()
        ],
        node_metadata={"user_data": user_data(cloud_init(TAINT_ARGS))},
        freeform_tags=context.tags(),
        opts=pulumi.ResourceOptions.merge(
            opts,
            pulumi.ResourceOptions(
                # Nodes launch once the boot-volume key, reservation and compute cluster grants are
                # in place, after the system pool that runs the autoscaler and the GPU plugin.
                depends_on=[cluster.access_policy, cluster.system_pool],
                ignore_changes=AUTOSCALER_OWNED,
            ),
        ),
    )
    register_autoscaled(context, cluster, AutoscaledPool(pool.name, pool.min_nodes, pool.max_nodes, node_pool))
    return NodePoolResult(
        machine_type=offering.machine_type,
        node_labels=labels,
        taints=[GPU_TAINT],
        min_nodes=pool.min_nodes,
        max_nodes=pool.max_nodes,
        gpus_per_node=offering.gpus,
        capacity=capacity_result(plan, zone),
        fabric=fabric,
        driver=DriverResult(
            installed_by="node-image",
            source=f"OKE Oracle Linux GPU image for Kubernetes {KUBERNETES_VERSION} (NVIDIA driver and container "
            "toolkit); device plugin by OKE's NVIDIA GPU Plugin add-on",
        ),
        zones=pool_zones(node_pool),
        zone_reason=zone_reason(context, plan, fabric, zone),
        node_disks=node_disks(cluster.disk_key_id, "the pool's"),
        in_cluster=(RDMA_STEP,) if fabric.interfaces else (),
        notes=notes(plan, fabric),
    )


def image_arch(offering: Offering) -> Literal["x86_64", "aarch64"]:
    """The OKE image architecture of a shape: Grace-based shapes are aarch64.

    Oracle publishes its Grace (GB200) worker images only as Ubuntu HPC images to import; no OKE
    Oracle Linux GPU image exists for them, so a GB200 pool fails its image lookup with that
    message (the profile should refuse it first).
    """
    return "aarch64" if offering.cpu_arch == "arm64" else "x86_64"


def availability_domain(cluster: OkeCluster, zone: str) -> pulumi.Output[str]:
    """The full name of `zone` (`AD-1`) among the stack's availability domains."""

    def find(names: list[str]) -> str:
        matches = [n for n in names if zone_of(n) == zone]
        if not matches:
            raise ValueError(f"the region has no availability domain {zone} (it has {', '.join(map(zone_of, names))})")
        return matches[0]

    return cluster.availability_domains.apply(find)


def placement(
    plan: PoolPlan, ad: pulumi.Input[str], subnet_id: pulumi.Input[str]
) -> oci.containerengine.NodePoolNodeConfigDetailsPlacementConfigArgs:
    """The pool's one placement: its availability domain and the workers subnet, with the
    capacity option of its mode (`capacity_wiring` says it in words)."""
    reservation = plan.reservation
    return oci.containerengine.NodePoolNodeConfigDetailsPlacementConfigArgs(
        availability_domain=ad,
        subnet_id=subnet_id,
        capacity_reservation_id=reservation.id if reservation is not None else None,
        preemptible_node_config=(
            oci.containerengine.NodePoolNodeConfigDetailsPlacementConfigPreemptibleNodeConfigArgs(
                preemption_action=oci.containerengine.NodePoolNodeConfigDetailsPlacementConfigPreemptibleNodeConfigPreemptionActionArgs(
                    type=PREEMPTION_ACTION, is_preserve_boot_volume=False
                )
            )
            if plan.capacity == "spot"
            else None
        ),
    )


def capacity_wiring(plan: PoolPlan) -> str:
    """How the pool's capacity mode reaches OCI, in its own terms."""
    if plan.reservation is not None:
        return "placement_configs[].capacity_reservation_id"
    if plan.capacity == "spot":
        return f"placement_configs[].preemptible_node_config (preemption action {PREEMPTION_ACTION})"
    return "on-demand: no capacity option on the placement configuration"


def capacity_result(plan: PoolPlan, zone: str) -> CapacityResult:
    reservation = plan.reservation
    return CapacityResult(
        mode=plan.capacity,
        reservation=f"{reservation.kind} {reservation.id}" if reservation is not None else None,
        zone=zone,
        wiring=capacity_wiring(plan),
    )


def fabric_for(plan: PoolPlan) -> FabricResult:
    """`plan.fabric` as the shape's RDMA NICs in a compute cluster; never a placement on top (the
    compute cluster is the placement, so the profile's `compact_placement` is always False)."""
    offering = plan.offering
    kind = RDMA_KINDS.get(offering.interconnect)
    if not plan.fabric or kind is None or not offering.interconnect_count:
        # Without the NIC count the catalog cannot vouch for the fabric; `notes` says so.
        return NO_FABRIC
    return FabricResult(kind=kind, interfaces=offering.interconnect_count, placement=None)


def zone_reason(context: RegionContext, plan: PoolPlan, fabric: FabricResult, zone: str) -> str:
    """Why the pool has one placement, in the availability domain it has."""
    if plan.reservation is not None:
        return f"one zone: the capacity reservation holds capacity in {zone}"
    source = (
        f"{zone} is the first of corridor:zones"
        if context.spec.zones
        else f"{zone}: corridor:zones is unset and every OCI region has AD-1"
    )
    if fabric.interfaces:
        return f"one zone: a compute cluster (the RDMA fabric) lives in one availability domain; {source}"
    return f"one zone: corridor keeps each GPU pool in one availability domain; {source}"


def notes(plan: PoolPlan, fabric: FabricResult) -> tuple[str, ...]:
    """What a human should know about how OKE realises this pool."""
    said = [
        f"autoscaling: the {AUTOSCALER} resizes the pool between minNodes and maxNodes; the pool is created "
        "with minNodes nodes",
        "the GPU taint is a kubelet registration flag in the pool's cloud-init (--register-with-taints): a managed "
        "OKE node pool has no taints field",
    ]
    if plan.fabric and not fabric.interfaces:
        said.append(
            f"no fabric: the RDMA NIC count of {plan.offering.machine_type} is unknown in the catalog, so the pool "
            "gets plain networking rather than a guessed compute cluster"
        )
    if fabric.interfaces:
        said.append(
            "RDMA: the nodes launch in the pool's compute cluster, but the OKE Oracle Linux GPU image carries no RDMA "
            "user space; NCCL over RDMA needs Oracle's HPC worker image (Ubuntu with DOCA-OFED, imported per region, "
            "oci-hpc-oke docs/worker-node-images.md), which corridor does not select"
        )
    if plan.reservation is not None:
        said.append(
            "the capacity reservation must hold this shape in this availability domain; OKE rejects a placement whose "
            "fault domain differs from the reservation's, and corridor names no fault domain"
        )
    if plan.capacity == "spot":
        said.append("preemptible nodes are terminated, with their boot volumes, when OCI reclaims the capacity")
    return tuple(said)
