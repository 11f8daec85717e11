"""GKE GPU node pools: one autoscaling pool per `corridor:gpuPools` entry, in one zone.

Construction per pool:

Every decision (machine, reservation, zone, fabric, compact placement) is the pool's `PoolPlan`;
this module only translates it into GKE's resources and reports it in neutral terms.

* **Placement**: `node_locations` is the plan's one zone (the reservation's, else the first of
  `corridor:zones`): GPU fabrics do not span zones, reservations are zonal, and cross-zone
  traffic is billed.
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
  examples/gke-a3-ultragpu, gke-a4). A COMPACT placement policy where the plan says so: the GCP
  profile allows it on demand and spot, not with a reservation (the reservation decides placement;
  a compact policy the reservation was not created with narrows it and can leave reserved
  capacity unusable) nor flex-start (DWS places the VMs itself).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.clouds.base import (
    GPU_TAINT,
    GPU_TAINT_KEY,
    GPU_TAINT_VALUE,
    NO_FABRIC,
    CapacityResult,
    DriverResult,
    FabricKind,
    FabricResult,
    InClusterStep,
    NodeDisks,
    NodePoolResult,
    RegionContext,
    zones_of,
)
from components.clouds.gcp.cluster import (
    IMAGE_TYPE,
    NODE_DISKS_NOTE,
    OAUTH_SCOPES,
    GkeCluster,
    flow_log_config,
    gke_metadata,
    shielded_instance,
)
from components.definition.gpu import Reservation
from components.definition.pool_plan import PoolPlan
from components.naming import physical_name

DRIVER_VERSION = "LATEST"
DRIVER = DriverResult(
    installed_by="cloud", source=f"GKE-managed NVIDIA driver ({DRIVER_VERSION}) and device plugin, {IMAGE_TYPE}"
)

GKE_ACCELERATOR = "gkeAccelerator"
"""The key of a GCP catalog row's `gcp` section naming its GKE `guest_accelerators[].type`."""

FLEX_START = "flexStart"
"""The `corridor:reservations.<pool>.kind` of Dynamic Workload Scheduler flex-start capacity."""

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

MULTI_NETWORKING = (
    "GKE multi-networking attaches a pod to the GPU NIC networks only through these objects: "
    "https://cloud.google.com/kubernetes-engine/docs/how-to/setup-multinetwork-support-for-pods"
)
NIC_NETWORK_OBJECTS = InClusterStep("GKENetworkParamSet + Network objects for each GPU NIC network", MULTI_NETWORKING)
TCPX_GUIDE = "https://cloud.google.com/kubernetes-engine/docs/how-to/gpu-bandwidth-gpudirect-tcpx"
NCCL_PLUGIN = "GKE does not install the NCCL plugin that drives the GPU NICs"


@dataclass(frozen=True)
class GpuDirect:
    """One GPUDirect flavour of the catalog, as GKE realises it."""

    kind: FabricKind
    in_cluster: tuple[InClusterStep, ...]
    """The in-cluster pieces the GKE guides list for it."""


GPUDIRECT: dict[str, GpuDirect] = {
    "gpudirect-tcpx": GpuDirect(
        "gpudirect-tcpx",
        (
            NIC_NETWORK_OBJECTS,
            InClusterStep(
                "GPUDirect-TCPX NCCL plugin installer DaemonSet (nccl-tcpx-installer) and the tcpx-daemon "
                "(RxDM) sidecar in workloads",
                f"{NCCL_PLUGIN}: {TCPX_GUIDE}",
            ),
        ),
    ),
    "gpudirect-tcpxo": GpuDirect(
        "gpudirect-tcpxo",
        (
            NIC_NETWORK_OBJECTS,
            InClusterStep(
                "GPUDirect-TCPXO NCCL plugin installer DaemonSet (nccl-tcpxo-installer) and the tcpxo-daemon "
                "(RxDM) sidecar in workloads",
                f"{NCCL_PLUGIN}: {TCPX_GUIDE}",
            ),
        ),
    ),
    "gpudirect-rdma": GpuDirect(
        "gpudirect-rdma",
        (
            InClusterStep(
                "GKENetworkParamSet + Network objects (deviceMode RDMA) for the RDMA subnetworks", MULTI_NETWORKING
            ),
            InClusterStep(
                "NCCL gIB plugin installer DaemonSet (nccl-rdma-installer)",
                f"{NCCL_PLUGIN}: https://cloud.google.com/ai-hypercomputer/docs/create/gke-ai-hypercompute-custom",
            ),
        ),
    ),
}
"""GKE's GPUDirect flavours by the catalog's `interconnect`."""


@dataclass(frozen=True)
class FabricNetworks:
    """The GPU NIC networks of one pool and how they are attached."""

    gpudirect: GpuDirect
    configs: list[gcp.container.NodePoolNetworkConfigAdditionalNodeNetworkConfigArgs]
    gpudirect_strategy: str | None
    note: str
    """The networks in a sentence (MTU, VPC layout) for the pool's `notes`."""


def build_node_pool(
    context: RegionContext,
    project: str,
    name: str,
    plan: PoolPlan,
    cluster: GkeCluster,
    opts: pulumi.ResourceOptions,
) -> NodePoolResult:
    spec = context.spec
    pool, offering, reservation, zone = plan.pool, plan.offering, plan.reservation, plan.zone
    assert zone is not None, "the GCP profile requires corridor:zones, so every GCP pool plan has a zone"
    fabric = _fabric_networks(context, project, name, plan, zone, cluster.network_cidr, opts) if plan.fabric else None
    flex_start = _is_flex_start(reservation)
    labels = context.gpu_node_labels(plan)
    node_pool = gcp.container.NodePool(
        name,
        name=physical_name("gcp", "node_pool", "gpu", pool.name, scope=context.scope),
        project=project,
        cluster=cluster.cluster.id,
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
        placement_policy=gcp.container.NodePoolPlacementPolicyArgs(type="COMPACT") if plan.compact_placement else None,
        network_config=gcp.container.NodePoolNetworkConfigArgs(additional_node_network_configs=fabric.configs)
        if fabric
        else None,
        node_config=_node_config(context, plan, cluster, labels, fabric),
        # initial_node_count forces a new pool when it changes (SDK docstring), and the
        # autoscaler owns the count after creation: a later minNodes change goes through
        # autoscaling.total_min_node_count instead of draining every GPU node.
        opts=pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(depends_on=list(cluster.grants), ignore_changes=["initialNodeCount"])
        ),
    )
    capacity, capacity_notes = capacity_result(plan, zone)
    return NodePoolResult(
        machine_type=offering.machine_type,
        node_labels=labels,
        taints=[GPU_TAINT],
        min_nodes=pool.min_nodes,
        max_nodes=pool.max_nodes,
        gpus_per_node=offering.gpus,
        capacity=capacity,
        fabric=FabricResult(
            kind=fabric.gpudirect.kind,
            interfaces=len(fabric.configs),
            placement="compact placement policy" if plan.compact_placement else None,
        )
        if fabric
        else NO_FABRIC,
        driver=DRIVER,
        zones=zones_of(node_pool.node_locations),
        zone_reason=zone_reason(plan, zone),
        node_disks=NodeDisks(key_id=cluster.boot_disk_key_id, note=NODE_DISKS_NOTE),
        in_cluster=fabric.gpudirect.in_cluster if fabric else (),
        notes=((fabric.note,) if fabric else ()) + capacity_notes,
    )


def _is_flex_start(reservation: Reservation | None) -> bool:
    return reservation is not None and reservation.kind == FLEX_START


def zone_reason(plan: PoolPlan, zone: str) -> str:
    """Why the pool's node locations are the one zone the plan chose."""
    reservation = plan.reservation
    if reservation is not None and not _is_flex_start(reservation):
        return f"one zone: the reservation holds capacity in {zone}"
    if reservation is not None and reservation.zone == zone:
        source = f"{zone} is the zone corridor:reservations names for flex-start"
    else:
        source = f"{zone} is the first of corridor:zones"
    fabric = plan.offering.interconnect if plan.fabric else None
    if fabric and plan.compact_placement:
        return f"one zone: {fabric} and compact placement do not span zones; {source}"
    if fabric:
        return f"one zone: the {fabric} fabric is laid out for one zone; {source}"
    return f"one zone: corridor keeps each GPU pool in one zone (cross-zone traffic is billed); {source}"


def capacity_result(plan: PoolPlan, zone: str) -> tuple[CapacityResult, tuple[str, ...]]:
    """How the pool's capacity is bought and wired into `node_config`, and the sentences about
    it that fit no field."""
    reservation = plan.reservation
    if plan.capacity == "spot":
        wiring, consumed, notes = "node_config.spot", None, ()
    elif reservation is None:
        wiring, consumed, notes = "on-demand: no node_config capacity field", None, ()
    elif _is_flex_start(reservation):
        wiring, consumed = "node_config.flex_start, reservation_affinity NO_RESERVATION", FLEX_START
        notes = (
            "flex-start: Dynamic Workload Scheduler provisions each node when capacity frees up, "
            "and each node runs at most 7 days",
        )
    else:
        wiring, consumed = "node_config.reservation_affinity SPECIFIC_RESERVATION", f"reservation {reservation.id}"
        notes = ()
    return CapacityResult(mode=plan.capacity, reservation=consumed, zone=zone, wiring=wiring), notes


def _node_config(
    context: RegionContext,
    plan: PoolPlan,
    cluster: GkeCluster,
    labels: dict[str, str],
    fabric: FabricNetworks | None,
) -> gcp.container.NodePoolNodeConfigArgs:
    offering = plan.offering
    gke_accelerator = offering.cloud_fact(GKE_ACCELERATOR)
    assert gke_accelerator is not None, f"catalog row {offering.machine_type} lacks gcp.{GKE_ACCELERATOR}"
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
        service_account=cluster.node_account.email,
        oauth_scopes=OAUTH_SCOPES,
        image_type=IMAGE_TYPE,
        boot_disk_kms_key=cluster.boot_disk_key_id,
        shielded_instance_config=shielded_instance(),
        workload_metadata_config=gke_metadata(),
        gvnic=gcp.container.NodePoolNodeConfigGvnicArgs(enabled=True)
        if offering.machine_type.startswith(GVNIC_FAMILIES)
        else None,
        spot=True if plan.capacity == "spot" else None,
        flex_start=True if _is_flex_start(plan.reservation) else None,
        reservation_affinity=_reservation_affinity(plan.reservation),
        gpudirect_strategy=fabric.gpudirect_strategy if fabric else None,
    )


def _reservation_affinity(
    reservation: Reservation | None,
) -> gcp.container.NodePoolNodeConfigReservationAffinityArgs | None:
    if reservation is None:
        return None
    if _is_flex_start(reservation):
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


def _fabric_networks(
    context: RegionContext,
    project: str,
    name: str,
    plan: PoolPlan,
    zone: str,
    network_cidr: str | None,
    opts: pulumi.ResourceOptions,
) -> FabricNetworks:
    """The extra GPU NIC networks of the machine's GPUDirect flavour, in the pool's zone."""
    pool, offering = plan.pool, plan.offering
    gpudirect = GPUDIRECT.get(offering.interconnect)
    if gpudirect is None:
        raise ValueError(f"catalog row {offering.machine_type}: GKE has no fabric '{offering.interconnect}'")
    count = offering.interconnect_count or 0
    assert count > 0, f"catalog row {offering.machine_type} has a fabric but no NIC count"
    ranges = nic_ranges(count, network_cidr)
    region = context.spec.region
    configs = []

    def net_name(index: int | None = None) -> str:
        parts = ["corridor", context.stack, pool.name, "gpu"] + ([str(index)] if index is not None else [])
        return physical_name("gcp", "network", *parts, scope=context.scope)

    if gpudirect.kind == "gpudirect-rdma":
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
        # No flow logs here: RDMA traffic goes NIC to NIC over the RoCE fabric, bypassing the VPC
        # dataplane whose packets flow logs sample, and a RoCE VPC supports only the features its
        # network profile lists ("If you attempt to configure unsupported features, Google Cloud
        # returns an error"), so log_config could fail the subnetwork for no record.
        # https://cloud.google.com/vpc/docs/rdma-network-profiles , https://cloud.google.com/vpc/docs/create-vpc-network-rdma
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
        note = (
            f"{gpudirect.kind}: one RoCE VPC (network profile {zone}-vpc-roce, MTU {RDMA_MTU}) with {count} "
            "subnetworks attached as additional node networks, gpudirect_strategy RDMA"
        )
        return FabricNetworks(gpudirect, configs, "RDMA", note)

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
            # GPUDirect-TCPX/TCPXO NICs are gVNICs on a regular VPC: flow logs see their traffic.
            log_config=flow_log_config(context),
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
    note = (
        f"{gpudirect.kind}: {count} extra VPCs (MTU {TCPX_MTU}), one subnetwork and an internal allow-all "
        "firewall each, attached as additional node networks"
    )
    return FabricNetworks(gpudirect, configs, None, note)
