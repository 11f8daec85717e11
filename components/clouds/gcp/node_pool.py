"""GKE GPU node pools: one autoscaling pool per `corridor:gpuPools` entry, in one zone.

Construction per pool:

* **Placement**: `node_locations` is the reservation's zone, else the first of `corridor:zones`:
  GPU fabrics do not span zones, reservations are zonal, and cross-zone traffic is billed.
* **Driver**: GKE installs the NVIDIA driver (`gpu_driver_installation_config`) and runs its own
  device plugin; `LATEST` because B200 (A4) needs driver 570+, which GKE 1.32 ships only as
  `LATEST` (GoogleCloudPlatform/cluster-toolkit examples/gke-a4 README, "you must set
  gpu_driver_version: LATEST"), and newer GPUs gain fixes first there; `DEFAULT` would pin the
  older branch GKE validated first. https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#installing_drivers
* **Taint and labels**: `nvidia.com/gpu=present:NoSchedule` (GKE adds it to GPU nodes itself;
  declaring it keeps Pulumi's view in sync, as cluster-toolkit's gke-node-pool module does) and
  corridor's labels on every node.
* **Capacity**: on-demand (nothing extra); spot (`node_config.spot`); a Compute Engine
  reservation (`SPECIFIC_RESERVATION` by name,
  https://cloud.google.com/kubernetes-engine/docs/how-to/consuming-reservations); flex-start
  (`node_config.flex_start`, Dynamic Workload Scheduler: nodes provisioned one by one when capacity
  frees up, for at most seven days, no reservation, auto-repair off, as cluster-toolkit's
  consumption-option blueprints set it; https://cloud.google.com/kubernetes-engine/docs/concepts/dws).
  Queued provisioning (all-or-nothing through the ProvisioningRequest API) is not used: it only
  admits pods through Kueue/ProvisioningRequest objects, which corridor does not install.
* **Fabric** (`interconnect: auto` on a multi-node pool of a machine with one):
  GPUDirect-TCPX (a3-highgpu-8g) / TCPXO (a3-megagpu-8g): `interconnect_count` extra VPCs with
  MTU 8244, one subnetwork each, attached as additional node networks (cluster-toolkit
  examples/gke-a3-highgpu and gke-a3-megagpu, https://cloud.google.com/kubernetes-engine/docs/how-to/gpu-bandwidth-gpudirect-tcpx).
  GPUDirect-RDMA (a3-ultragpu, a4): one VPC with the zone's RoCE network profile holding
  `interconnect_count` subnetworks, plus `gpudirect_strategy="RDMA"` (cluster-toolkit
  examples/gke-a3-ultragpu, gke-a4). Compact placement where capacity is bought on demand or spot;
  not with a reservation (the reservation decides placement; a compact policy the reservation was
  not created with narrows it and can leave reserved capacity unusable) nor flex-start (DWS places
  the VMs itself).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.catalog.accelerators import Offering
from components.clouds.base import (
    GPU_TAINT,
    GPU_TAINT_KEY,
    GPU_TAINT_VALUE,
    ClusterResult,
    NodePoolResult,
    RegionContext,
    wants_fabric,
    zones_of,
)
from components.clouds.gcp.cluster import IMAGE_TYPE, OAUTH_SCOPES, GkeNative, gke_metadata, shielded_instance
from components.definition.gpu import GpuPool, Reservation
from components.naming import physical_name

DRIVER_VERSION = "LATEST"

GKE_ACCELERATOR = "gkeAccelerator"
"""The key of a GCP catalog row's `gcp` section naming its GKE `guest_accelerators[].type`."""

# GPU NIC networks need jumbo frames: cluster-toolkit's A3 High/Mega blueprints use MTU 8244.
TCPX_MTU = 8244
# RoCE networks: 8896 is the MTU cluster-toolkit's A3 Ultra / A4 blueprints set on the RDMA VPC.
RDMA_MTU = 8896

# Ranges for the GPU NIC subnetworks: one /24 per NIC (a few nodes per pool, one address each),
# from the first of these /16s that does not overlap the cluster network.
GPU_NIC_BASES = ("192.168.0.0/16", "172.31.0.0/16", "10.254.0.0/16")

# Machine families that need gVNIC (A3 and A4 only support gVNIC; cluster-toolkit enables it on
# COS pools). https://cloud.google.com/compute/docs/networking/using-gvnic
GVNIC_FAMILIES = ("a3-", "a4-", "a4x-")

# The in-cluster pieces of each GPUDirect flavour, from the GKE guides.
IN_CLUSTER = {
    "gpudirect-tcpx": [
        "GKENetworkParamSet + Network objects for each GPU NIC network (GKE multi-networking)",
        "GPUDirect-TCPX NCCL plugin installer DaemonSet (nccl-tcpx-installer) and the tcpx-daemon "
        "(RxDM) sidecar in workloads: https://cloud.google.com/kubernetes-engine/docs/how-to/gpu-bandwidth-gpudirect-tcpx",
    ],
    "gpudirect-tcpxo": [
        "GKENetworkParamSet + Network objects for each GPU NIC network (GKE multi-networking)",
        "GPUDirect-TCPXO NCCL plugin installer DaemonSet (nccl-tcpxo-installer) and the tcpxo-daemon "
        "(RxDM) sidecar in workloads: https://cloud.google.com/kubernetes-engine/docs/how-to/gpu-bandwidth-gpudirect-tcpx",
    ],
    "gpudirect-rdma": [
        "GKENetworkParamSet + Network objects (deviceMode RDMA) for the RDMA subnetworks (GKE multi-networking)",
        "NCCL gIB plugin installer DaemonSet (nccl-rdma-installer): "
        "https://cloud.google.com/ai-hypercomputer/docs/create/gke-ai-hypercompute-custom",
    ],
}


@dataclass(frozen=True)
class Fabric:
    """The GPU NIC networks of one pool and how to describe them."""

    configs: list[gcp.container.NodePoolNetworkConfigAdditionalNodeNetworkConfigArgs]
    description: str
    gpudirect_strategy: str | None


def build(
    context: RegionContext,
    project: str,
    name: str,
    pool: GpuPool,
    offering: Offering,
    cluster: ClusterResult,
    labels: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> NodePoolResult:
    spec = context.spec
    native = cluster.native
    assert isinstance(native, GkeNative), "gpu_node_pool needs the GKE cluster built by this adapter"
    reservation = spec.reservation_for(pool)
    zone = spec.gpu_zone(pool)
    assert zone is not None, "the loader requires corridor:zones on gcp stacks"
    attach = wants_fabric(pool, offering)
    fabric = _fabric(context, project, name, pool, offering, zone, native.network_cidr, opts) if attach else None
    compact = attach and pool.capacity in ("onDemand", "spot")
    flex_start = reservation is not None and reservation.kind == "flexStart"
    node_pool = gcp.container.NodePool(
        name,
        name=physical_name("gcp", "node_pool", "gpu", pool.name, scope=context.scope),
        project=project,
        cluster=native.cluster.id,
        location=spec.region,
        node_locations=[zone],
        # One zone, so the per-zone initial count is the pool's total.
        initial_node_count=pool.min_nodes,
        autoscaling=gcp.container.NodePoolAutoscalingArgs(
            total_min_node_count=pool.min_nodes,
            total_max_node_count=pool.max_nodes,
            # ANY: take capacity wherever it is (one zone here); GKE recommends it for Spot,
            # reservations and flex-start. https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler#location_policy
            location_policy="ANY",
        ),
        # Auto-upgrade is mandatory on release channels. Auto-repair replaces a node whose GPU
        # fails health checks; flex-start pools turn it off (a repaired node would lose its DWS
        # capacity), as cluster-toolkit's flex-start option does.
        management=gcp.container.NodePoolManagementArgs(auto_repair=not flex_start, auto_upgrade=True),
        # No surge: a surge node needs a spare GPU machine (often unavailable, and never inside an
        # exactly-sized reservation); replace one node at a time instead (check C14).
        upgrade_settings=gcp.container.NodePoolUpgradeSettingsArgs(strategy="SURGE", max_surge=0, max_unavailable=1),
        placement_policy=gcp.container.NodePoolPlacementPolicyArgs(type="COMPACT") if compact else None,
        network_config=gcp.container.NodePoolNetworkConfigArgs(additional_node_network_configs=fabric.configs)
        if fabric
        else None,
        node_config=_node_config(context, pool, offering, native, labels, reservation, fabric),
        # initial_node_count forces a new pool when it changes (SDK docstring), and the
        # autoscaler owns the count after creation: a later minNodes change goes through
        # autoscaling.total_min_node_count instead of draining every GPU node.
        opts=pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(depends_on=native.grants, ignore_changes=["initialNodeCount"])
        ),
    )
    interconnect = "none"
    if fabric is not None:
        interconnect = fabric.description + (", compact placement" if compact else "")
    return NodePoolResult(
        machine_type=offering.machine_type,
        node_labels=labels,
        taints=[GPU_TAINT],
        min_nodes=pool.min_nodes,
        max_nodes=pool.max_nodes,
        gpus_per_node=offering.gpus,
        capacity=capacity_description(pool, reservation),
        interconnect=interconnect,
        zones=zones_of(node_pool.node_locations),
        zone_reason=zone_reason(reservation, offering.interconnect if fabric else None, compact, zone),
        driver=f"GKE-managed NVIDIA driver ({DRIVER_VERSION}) and device plugin, {IMAGE_TYPE}",
        in_cluster=list(IN_CLUSTER.get(offering.interconnect, [])) if fabric else [],
    )


def zone_reason(reservation: Reservation | None, fabric: str | None, compact: bool, zone: str) -> str:
    """Why the pool's node locations are the one zone they are."""
    if reservation is not None and reservation.kind != "flexStart":
        return f"one zone: the reservation holds capacity in {zone}"
    if reservation is not None and reservation.zone == zone:
        source = f"{zone} is the zone corridor:reservations names for flex-start"
    else:
        source = f"{zone} is the first of corridor:zones"
    if fabric and compact:
        return f"one zone: {fabric} and compact placement do not span zones; {source}"
    if fabric:
        return f"one zone: the {fabric} fabric is laid out for one zone; {source}"
    return f"one zone: corridor keeps each GPU pool in one zone (cross-zone traffic is billed); {source}"


def capacity_description(pool: GpuPool, reservation: Reservation | None) -> str:
    if pool.capacity == "spot":
        return "spot (node_config.spot)"
    if reservation is None:
        return "on-demand"
    if reservation.kind == "flexStart":
        return "flex-start (Dynamic Workload Scheduler, node_config.flex_start; each node runs at most 7 days)"
    return f"reservation {reservation.id} (SPECIFIC_RESERVATION)"


def _node_config(
    context: RegionContext,
    pool: GpuPool,
    offering: Offering,
    native: GkeNative,
    labels: dict[str, str],
    reservation: Reservation | None,
    fabric: Fabric | None,
) -> gcp.container.NodePoolNodeConfigArgs:
    gke_accelerator = offering.cloud_fact(GKE_ACCELERATOR)
    assert gke_accelerator is not None, f"catalog row {offering.machine_type} lacks gcp.{GKE_ACCELERATOR}"
    flex_start = reservation is not None and reservation.kind == "flexStart"
    return gcp.container.NodePoolNodeConfigArgs(
        machine_type=offering.machine_type,
        guest_accelerators=[
            gcp.container.NodePoolNodeConfigGuestAcceleratorArgs(
                type=gke_accelerator,
                count=offering.gpus,
                gpu_driver_installation_config=gcp.container.NodePoolNodeConfigGuestAcceleratorGpuDriverInstallationConfigArgs(
                    gpu_driver_version=DRIVER_VERSION
                ),
            )
        ],
        labels=labels,
        taints=[
            gcp.container.NodePoolNodeConfigTaintArgs(key=GPU_TAINT_KEY, value=GPU_TAINT_VALUE, effect="NO_SCHEDULE")
        ],
        resource_labels=context.tags(),
        service_account=native.node_account.email,
        oauth_scopes=OAUTH_SCOPES,
        image_type=IMAGE_TYPE,
        boot_disk_kms_key=native.boot_disk_key_id,
        shielded_instance_config=shielded_instance(),
        workload_metadata_config=gke_metadata(),
        gvnic=gcp.container.NodePoolNodeConfigGvnicArgs(enabled=True)
        if offering.machine_type.startswith(GVNIC_FAMILIES)
        else None,
        spot=True if pool.capacity == "spot" else None,
        flex_start=True if flex_start else None,
        reservation_affinity=_reservation_affinity(reservation),
        gpudirect_strategy=fabric.gpudirect_strategy if fabric else None,
    )


def _reservation_affinity(
    reservation: Reservation | None,
) -> gcp.container.NodePoolNodeConfigReservationAffinityArgs | None:
    if reservation is None:
        return None
    if reservation.kind == "flexStart":
        # Flex-start capacity comes from DWS, never from a reservation (cluster-toolkit's
        # flex-start option sets NO_RESERVATION; the GKE guide passes --reservation-affinity=none).
        return gcp.container.NodePoolNodeConfigReservationAffinityArgs(consume_reservation_type="NO_RESERVATION")
    return gcp.container.NodePoolNodeConfigReservationAffinityArgs(
        consume_reservation_type="SPECIFIC_RESERVATION",
        key="compute.googleapis.com/reservation-name",
        values=[str(reservation.id)],
    )


def nic_ranges(count: int, network_cidr: str | None) -> list[str]:
    """One /24 per GPU NIC from the first base range that avoids the cluster network."""
    avoid = ipaddress.ip_network(network_cidr) if network_cidr else None
    base = next(
        ipaddress.ip_network(candidate)
        for candidate in GPU_NIC_BASES
        if avoid is None or not ipaddress.ip_network(candidate).overlaps(avoid)
    )
    subnets = base.subnets(new_prefix=24)
    return [str(next(subnets)) for _ in range(count)]


def _fabric(
    context: RegionContext,
    project: str,
    name: str,
    pool: GpuPool,
    offering: Offering,
    zone: str,
    network_cidr: str | None,
    opts: pulumi.ResourceOptions,
) -> Fabric:
    count = offering.interconnect_count or 0
    assert count > 0, f"catalog row {offering.machine_type} has a fabric but no NIC count"
    ranges = nic_ranges(count, network_cidr)
    region = context.spec.region
    configs = []

    def net_name(index: int | None = None) -> str:
        parts = ["corridor", context.stack, pool.name, "gpu"] + ([str(index)] if index is not None else [])
        return physical_name("gcp", "network", *parts, scope=context.scope)

    if offering.interconnect == "gpudirect-rdma":
        # One RoCE VPC whose network profile is zonal; its subnetworks each carry one CX-7 NIC.
        # https://cloud.google.com/vpc/docs/rdma-network-profiles
        network = gcp.compute.Network(
            f"{name}-rdma",
            name=net_name(),
            project=project,
            auto_create_subnetworks=False,
            mtu=RDMA_MTU,
            network_profile=f"projects/{project}/global/networkProfiles/{zone}-vpc-roce",
            opts=opts,
        )
        for index, cidr in enumerate(ranges):
            subnet = gcp.compute.Subnetwork(
                f"{name}-rdma-{index}",
                name=net_name(index),
                project=project,
                region=region,
                network=network.id,
                ip_cidr_range=cidr,
                opts=opts,
            )
            configs.append(
                gcp.container.NodePoolNetworkConfigAdditionalNodeNetworkConfigArgs(
                    network=network.name, subnetwork=subnet.name
                )
            )
        return Fabric(configs, f"{offering.interconnect} x{count} (RoCE VPC {zone}-vpc-roce)", "RDMA")

    for index, cidr in enumerate(ranges):
        network = gcp.compute.Network(
            f"{name}-net-{index}",
            name=net_name(index),
            project=project,
            auto_create_subnetworks=False,
            mtu=TCPX_MTU,
            opts=opts,
        )
        subnet = gcp.compute.Subnetwork(
            f"{name}-subnet-{index}",
            name=net_name(index),
            project=project,
            region=region,
            network=network.id,
            ip_cidr_range=cidr,
            opts=opts,
        )
        # A custom VPC denies all ingress by default; NCCL traffic between the pool's nodes must
        # pass on every protocol (cluster-toolkit's A3 blueprints allow all internal traffic).
        gcp.compute.Firewall(
            f"{name}-net-{index}-internal",
            name=net_name(index),
            project=project,
            network=network.id,
            direction="INGRESS",
            source_ranges=ranges,
            allows=[gcp.compute.FirewallAllowArgs(protocol="all")],
            opts=opts,
        )
        configs.append(
            gcp.container.NodePoolNetworkConfigAdditionalNodeNetworkConfigArgs(
                network=network.name, subnetwork=subnet.name
            )
        )
    # TCPX/TCPXO are not a GKE gpudirect_strategy value in the GA API (only RDMA is; facts_gpu.md
    # section 1.2); the extra NICs plus the in-cluster NCCL plugin enable them.
    return Fabric(configs, f"{offering.interconnect} x{count} extra VPCs (MTU {TCPX_MTU})", None)
