"""EKS GPU pools: one managed node group per pool plan (`PoolPlan`), in a single zone.

Construction, per pool:
- `aws.eks.NodeGroup` on the EKS-optimized AL2023 NVIDIA AMI (`plan.offering.driver`: driver and
  container toolkit baked in, no device plugin), `GPU_TAINT` as `NO_SCHEDULE` (the EKS API
  spelling), `context.gpu_node_labels(plan)`, `minNodes..maxNodes` with desired size owned by
  the cluster autoscaler, node auto repair, and the MINIMAL update strategy (terminate before
  launch, which AWS recommends for scarce accelerators).
  https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html
- One subnet, in `plan.zone` (the reservation's zone, else the first of `corridor:zones`). EFA
  traffic does not leave its AZ (EFA-only interfaces talk only inside one AZ) and cross-zone
  traffic is billed. https://docs.aws.amazon.com/eks/latest/userguide/node-efa.html
- A custom launch template (never with a subnet or instance profile, which EKS forbids):
  IMDSv2 only with hop limit 1 (reliability C7), a gp3 root volume sized for CUDA images and
  encrypted with the stack key (C10; the key policy lets the Auto Scaling service-linked role use
  it, and the node group waits for that policy), or with `corridor:nodeDiskKey: platform` with
  the account's default EBS key (no `kmsKeyId`, as before corridor used the stack key, so a live
  pool keeps its template version and nodes), tags on instances and volumes, and, by capacity
  mode and fabric:
  * onDemand / spot: `capacity_type` ON_DEMAND / SPOT (spot stays off the template: EKS sets the
    market itself for SPOT node groups).
  * reserved, capacityBlock: `market_type="capacity-block"`, the `cr-...` target and the
    instance type in the template, `capacity_type="CAPACITY_BLOCK"`, no `instance_types` on the
    node group. https://docs.aws.amazon.com/eks/latest/userguide/capacity-blocks-mng.html
  * reserved, capacityReservation (ODCR): the `cr-...` as the template's only capacity
    reservation option, `capacity_type="ON_DEMAND"` (ODCR usage is billed as On-Demand).
  * fabric (`plan.fabric`, on a machine whose EFA count the catalog knows): one EFA per
    network card, a security group open to itself (plus the EKS cluster security group, which
    EKS no longer adds once interfaces name their own groups), and with
    `plan.compact_placement` (onDemand/spot only, by the AWS profile) a cluster placement
    group. Reservations get no placement group: a reservation not made inside that group then
    fails with InsufficientInstanceCapacity (terraform-aws-eks PR #3730, eksctl #7949), and
    Capacity Blocks are already placed together inside EC2 UltraClusters.
- Cluster-autoscaler node-template tags on the node group's Auto Scaling group, so a pool at
  zero nodes can still be scaled up for pods that select its labels and tolerate its taint.
  https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#auto-discovery-setup
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from components.catalog.accelerators import Offering
from components.clouds.aws.cluster import EksCluster, subnet_zones
from components.clouds.base import (
    GPU_TAINT,
    GPU_TAINT_EFFECT,
    GPU_TAINT_KEY,
    GPU_TAINT_VALUE,
    NO_FABRIC,
    CapacityResult,
    DriverResult,
    FabricResult,
    InClusterStep,
    NodeDisks,
    NodePoolResult,
    RegionContext,
)
from components.definition.gpu import GpuPool, Reservation
from components.definition.pool_plan import PoolPlan
from components.naming import physical_name

# EKS taint effects use the API spelling, not Kubernetes' `NoSchedule`.
# https://docs.aws.amazon.com/eks/latest/APIReference/API_Taint.html
EKS_TAINT_EFFECT = {"NoSchedule": "NO_SCHEDULE", "NoExecute": "NO_EXECUTE", "PreferNoSchedule": "PREFER_NO_SCHEDULE"}

# The cluster autoscaler sets desiredSize; Pulumi must not reset it to minNodes on every `up`.
# https://www.pulumi.com/registry/packages/aws/api-docs/eks/nodegroup/#ignoring-changes-to-desired-size
AUTOSCALER_OWNED = ["scalingConfig.desiredSize"]

# AL2023 root device; 200 GiB holds several multi-GB CUDA/PyTorch images (the 20 GiB EKS
# default does not). Encrypted with the stack key: Auto Scaling's service-linked role creates the
# volumes, and IAM policies cannot be attached to it, so the key policy (`keys.key_policy`) grants
# it use of the key. https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
ROOT_DEVICE = "/dev/xvda"
ROOT_VOLUME_GIB = 200

CA_PREFIX = "k8s.io/cluster-autoscaler"
EFA_RESOURCE = "vpc.amazonaws.com/efa"
PLACEMENT_GROUP = "cluster placement group"

NVIDIA_DEVICE_PLUGIN = InClusterStep(
    component="NVIDIA device plugin (Helm nvdp/nvidia-device-plugin, tolerating nvidia.com/gpu)",
    why="the AL2023 NVIDIA AMI ships driver and container toolkit but no device plugin",
    gpu_runtime=True,
)
CLUSTER_AUTOSCALER_COMPONENT = (
    "Cluster Autoscaler with --node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,"
    "k8s.io/cluster-autoscaler/{cluster}"
)
CLUSTER_AUTOSCALER_WHY = (
    "EKS managed node groups do not scale themselves: the pool starts at minNodes and only the "
    "autoscaler scales the pool"
)
EFA_DEVICE_PLUGIN = InClusterStep(
    component="EFA device plugin (Helm eks/aws-efa-k8s-device-plugin, tolerating nvidia.com/gpu) advertising "
    "vpc.amazonaws.com/efa, and Amazon VPC CNI >= 1.18.5 for efa-only interfaces",
    why="the launch template attaches the EFA interfaces, but pods can request them only through the "
    "device plugin, which EKS does not install",
)


def build_node_pool(
    context: RegionContext, name: str, plan: PoolPlan, cluster: EksCluster, opts: pulumi.ResourceOptions
) -> NodePoolResult:
    pool, offering, reservation = plan.pool, plan.offering, plan.reservation
    zone = plan.zone
    assert zone is not None, "the AWS profile requires corridor:zones, so every pool plan has a zone"
    labels = context.gpu_node_labels(plan)
    fabric = fabric_for(plan)
    # Exactly the subnets the node group gets; its reported zones are theirs.
    subnets = [cluster.private_subnets[zone]]

    security_groups: list[pulumi.Input[str]] = []
    placement_group = None
    if fabric.interfaces:
        security_groups = [efa_security_group(context, name, cluster, opts).id, cluster.cluster_security_group_id]
        if fabric.placement:
            placement_group = cluster_placement_group(context, name, pool, opts)
    template = launch_template(
        context, name, pool, offering, reservation, fabric, security_groups, placement_group, cluster.disk_key_arn, opts
    )

    node_group = aws.eks.NodeGroup(
        name,
        cluster_name=cluster.eks.name,
        # A prefix (not a fixed name) lets a replacement group come up before the old one goes.
        node_group_name_prefix=physical_name("aws", "node_group", "gpu", pool.name, scope=context.scope) + "-",
        node_role_arn=cluster.node_role.arn,
        subnet_ids=[subnet.id for subnet in subnets],
        ami_type=offering.driver,
        capacity_type=capacity_type(pool, reservation),
        # A Capacity Block template carries the instance type, and then the node group must not.
        instance_types=None if is_capacity_block(reservation) else [offering.machine_type],
        labels=labels,
        taints=[
            aws.eks.NodeGroupTaintArgs(
                key=GPU_TAINT_KEY, value=GPU_TAINT_VALUE, effect=EKS_TAINT_EFFECT[GPU_TAINT_EFFECT]
            )
        ],
        scaling_config=aws.eks.NodeGroupScalingConfigArgs(
            min_size=pool.min_nodes, max_size=pool.max_nodes, desired_size=pool.min_nodes
        ),
        # MINIMAL terminates old nodes before launching new ones: a surge node usually cannot be
        # had for scarce GPUs, and never beyond a reservation's size.
        # https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupUpdateConfig.html
        update_config=aws.eks.NodeGroupUpdateConfigArgs(max_unavailable=1, update_strategy="MINIMAL"),
        # Auto repair replaces nodes with GPU faults (XID errors) reported by the node monitoring
        # agent (reliability C9). https://docs.aws.amazon.com/eks/latest/userguide/node-health.html
        node_repair_config=aws.eks.NodeGroupNodeRepairConfigArgs(enabled=True),
        launch_template=aws.eks.NodeGroupLaunchTemplateArgs(id=template.id, version=template.latest_version.apply(str)),
        tags={**context.tags(), **discovery_tags(cluster.eks_name)},
        # Instances launch only once Auto Scaling may use the stack key for their volumes.
        opts=autoscaler_owned(
            opts
            if cluster.disk_key_arn is None
            else pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[cluster.key_policy]))
        ),
    )
    tag_auto_scaling_group(name, node_group, node_template_tags(labels, fabric), opts)

    in_cluster = [NVIDIA_DEVICE_PLUGIN, cluster_autoscaler(cluster.eks_name)]
    if fabric.interfaces:
        in_cluster.append(EFA_DEVICE_PLUGIN)
    return NodePoolResult(
        machine_type=offering.machine_type,
        node_labels=labels,
        taints=[GPU_TAINT],
        min_nodes=pool.min_nodes,
        max_nodes=pool.max_nodes,
        gpus_per_node=offering.gpus,
        capacity=capacity_result(plan, zone),
        fabric=fabric,
        driver=DriverResult(installed_by="node-image", source=f"EKS AMI {offering.driver}"),
        zones=subnet_zones(subnets),
        zone_reason=zone_reason(reservation, fabric, zone, cluster.existing_network),
        node_disks=node_disks(cluster.disk_key_arn),
        in_cluster=tuple(in_cluster),
        notes=fabric_notes(plan, fabric),
    )


def node_disks(disk_key_arn: pulumi.Output[str] | None) -> NodeDisks:
    """How the pool's root volumes are encrypted: with the stack key, or (`platform`) the account's
    default EBS key."""
    volume = f"the launch template's {ROOT_VOLUME_GIB} GiB gp3 root volume ({ROOT_DEVICE})"
    if disk_key_arn is not None:
        return NodeDisks(key_id=disk_key_arn, note=f"encrypted EBS with the stack key: {volume} names the key")
    return NodeDisks(
        key_id=None,
        note=f"account default EBS key: corridor:nodeDiskKey is platform, so {volume} names no key and is "
        "encrypted with the account's default EBS key in the region (aws/ebs unless changed)",
    )


def autoscaler_owned(opts: pulumi.ResourceOptions) -> pulumi.ResourceOptions:
    """`opts` with the node group's desired size left to the cluster autoscaler."""
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(ignore_changes=AUTOSCALER_OWNED))


def cluster_autoscaler(cluster_name: str) -> InClusterStep:
    """The Cluster Autoscaler, discovering this cluster's node groups by their tags."""
    component = CLUSTER_AUTOSCALER_COMPONENT.format(cluster=cluster_name)
    return InClusterStep(component=component, why=CLUSTER_AUTOSCALER_WHY)


# --- placement and capacity ----------------------------------------------------------------------


def is_capacity_block(reservation: Reservation | None) -> bool:
    return reservation is not None and reservation.kind == "capacityBlock"


def capacity_type(pool: GpuPool, reservation: Reservation | None) -> str:
    """EKS `capacityType`. The SDK docstring lists only ON_DEMAND and SPOT, but the EKS API takes
    CAPACITY_BLOCK and requires it for Capacity Block node groups.
    https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html#AmazonEKS-CreateNodegroup-request-capacityType
    """
    if is_capacity_block(reservation):
        return "CAPACITY_BLOCK"
    return "SPOT" if pool.capacity == "spot" else "ON_DEMAND"


def capacity_result(plan: PoolPlan, zone: str) -> CapacityResult:
    """How the pool's capacity mode reaches EC2: the node group's capacity type, and for a
    reservation the launch template that consumes it."""
    reservation = plan.reservation
    wiring = f"capacity_type {capacity_type(plan.pool, reservation)}"
    if is_capacity_block(reservation):
        wiring = f"launch template capacity-block, {wiring}"
    elif reservation is not None:
        wiring = f"launch template capacity reservation target, {wiring}"
    return CapacityResult(
        mode=plan.capacity,
        reservation=f"{reservation.kind} {reservation.id}" if reservation is not None else None,
        zone=zone,
        wiring=wiring,
    )


def zone_reason(reservation: Reservation | None, fabric: FabricResult, zone: str, existing_network: bool) -> str:
    """Why the node group has one subnet, in the zone it has."""
    declared = " (the zone corridor:zones pairs with that network.existingSubnetIds entry)" if existing_network else ""
    if reservation is not None:
        return f"one zone: the reservation holds capacity in {zone}{declared}"
    source = f"{zone} is the first of corridor:zones{declared}"
    if fabric.placement:
        return f"one zone: EFA and the cluster placement group do not span zones; {source}"
    if fabric.interfaces:
        return f"one zone: EFA traffic does not leave its availability zone; {source}"
    return f"one zone: corridor keeps each GPU pool in one zone (cross-zone traffic is billed); {source}"


def fabric_for(plan: PoolPlan) -> FabricResult:
    """`plan.fabric` as EFA: one interface per network card the catalog counts, in a cluster
    placement group when `plan.compact_placement`."""
    offering = plan.offering
    if not plan.fabric or offering.interconnect != "efa" or not offering.interconnect_count:
        # Without the card count the interface layout cannot be written; guessing would fail
        # the launch. Plain networking is the honest fallback (`fabric_notes` says so).
        return NO_FABRIC
    return FabricResult(
        kind="efa",
        interfaces=offering.interconnect_count,
        placement=PLACEMENT_GROUP if plan.compact_placement else None,
    )


def fabric_notes(plan: PoolPlan, fabric: FabricResult) -> tuple[str, ...]:
    """Why the pool's fabric or placement is less than the plan asked for, in a sentence."""
    offering = plan.offering
    if plan.fabric and not fabric.interfaces:
        return (
            f"no fabric: the {offering.interconnect} count of {offering.machine_type} is unknown in the "
            "catalog, so the pool gets plain networking rather than a guessed interface layout",
        )
    if not fabric.interfaces or fabric.placement or plan.reservation is None:
        return ()
    if is_capacity_block(plan.reservation):
        return ("no placement group: capacity block placement (EC2 UltraCluster) already places the nodes together",)
    return (
        "no placement group (the reservation's own placement): a reservation not made inside the "
        "group fails with InsufficientInstanceCapacity",
    )


# --- launch template ---------------------------------------------------------------------------


def launch_template(
    context: RegionContext,
    name: str,
    pool: GpuPool,
    offering: Offering,
    reservation: Reservation | None,
    fabric: FabricResult,
    security_groups: list[pulumi.Input[str]],
    placement_group: aws.ec2.PlacementGroup | None,
    disk_key_arn: pulumi.Input[str] | None,
    opts: pulumi.ResourceOptions,
) -> aws.ec2.LaunchTemplate:
    """The pool's template. EKS merges its own bootstrap into it; it must not set a subnet, an
    instance profile or shutdown behaviour. https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
    """
    tags = context.tags()
    return aws.ec2.LaunchTemplate(
        f"{name}-lt",
        name_prefix=physical_name("aws", "launch_template", "corridor", context.stack, pool.name, scope=context.scope)
        + "-",
        description=f"corridor GPU pool {pool.name} ({offering.machine_type})",
        update_default_version=True,
        instance_type=offering.machine_type if is_capacity_block(reservation) else None,
        instance_market_options=(
            aws.ec2.LaunchTemplateInstanceMarketOptionsArgs(market_type="capacity-block")
            if is_capacity_block(reservation)
            else None
        ),
        capacity_reservation_specification=reservation_target(reservation),
        network_interfaces=efa_interfaces(fabric.interfaces, security_groups) or None,
        placement=(aws.ec2.LaunchTemplatePlacementArgs(group_name=placement_group.name) if placement_group else None),
        # IMDSv2 only, one hop: pods cannot reach the node role's credentials (they use Pod
        # Identity). https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
        metadata_options=aws.ec2.LaunchTemplateMetadataOptionsArgs(
            http_endpoint="enabled", http_tokens="required", http_put_response_hop_limit=1
        ),
        block_device_mappings=[
            aws.ec2.LaunchTemplateBlockDeviceMappingArgs(
                device_name=ROOT_DEVICE,
                ebs=aws.ec2.LaunchTemplateBlockDeviceMappingEbsArgs(
                    volume_size=ROOT_VOLUME_GIB,
                    volume_type="gp3",
                    encrypted="true",
                    # A full key ARN: EBS resolves it for Auto Scaling's service-linked role.
                    # None (`platform`): the account's default EBS key.
                    kms_key_id=disk_key_arn,
                    delete_on_termination="true",
                ),
            )
        ],
        # EKS does not copy node group tags onto instances; these make GPU-hours show up by team.
        tag_specifications=[
            aws.ec2.LaunchTemplateTagSpecificationArgs(resource_type=kind, tags=tags)
            for kind in ("instance", "volume", "network-interface")
        ],
        tags=tags,
        opts=opts,
    )


def reservation_target(
    reservation: Reservation | None,
) -> aws.ec2.LaunchTemplateCapacityReservationSpecificationArgs | None:
    """Target the reservation by id.

    The API takes one option at a time, preference or target, so no `capacity-reservations-only`
    alongside the target. Targeting the id already keeps a reserved pool on its reservation and
    off other open reservations in the account.
    https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateCapacityReservationSpecificationRequest.html
    """
    if reservation is None:
        return None
    return aws.ec2.LaunchTemplateCapacityReservationSpecificationArgs(
        capacity_reservation_target=aws.ec2.LaunchTemplateCapacityReservationSpecificationCapacityReservationTargetArgs(
            capacity_reservation_id=reservation.id
        )
    )


def efa_interfaces(
    count: int, security_groups: list[pulumi.Input[str]]
) -> list[aws.ec2.LaunchTemplateNetworkInterfaceArgs]:
    """One EFA per network card: card 0 `efa` (EFA with ENA, so the primary interface keeps IP
    traffic), every further card `efa-only` (RDMA only, no IP address to spend).

    The primary interface cannot be EFA-only, and each card takes at most one EFA, so `count`
    interfaces use every card. https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa-acc-inst-types.html
    """
    return [
        aws.ec2.LaunchTemplateNetworkInterfaceArgs(
            network_card_index=card,
            device_index=0,
            interface_type="efa" if card == 0 else "efa-only",
            security_groups=security_groups,
            delete_on_termination="true",
            associate_public_ip_address="false" if card == 0 else None,
        )
        for card in range(count)
    ]


def efa_security_group(
    context: RegionContext, name: str, cluster: EksCluster, opts: pulumi.ResourceOptions
) -> aws.ec2.SecurityGroup:
    """All traffic to and from the group itself, as EFA requires; nothing else is opened.

    https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa-start.html#efa-start-security
    """
    group = aws.ec2.SecurityGroup(
        f"{name}-efa",
        vpc_id=cluster.vpc_id,
        description="EFA: all traffic between the GPU pool's own interfaces",
        tags=context.tags(),
        opts=opts,
    )
    aws.vpc.SecurityGroupIngressRule(
        f"{name}-efa-in",
        security_group_id=group.id,
        referenced_security_group_id=group.id,
        ip_protocol="-1",
        description="EFA from the pool",
        tags=context.tags(),
        opts=opts,
    )
    aws.vpc.SecurityGroupEgressRule(
        f"{name}-efa-out",
        security_group_id=group.id,
        referenced_security_group_id=group.id,
        ip_protocol="-1",
        description="EFA to the pool",
        tags=context.tags(),
        opts=opts,
    )
    return group


def cluster_placement_group(
    context: RegionContext, name: str, pool: GpuPool, opts: pulumi.ResourceOptions
) -> aws.ec2.PlacementGroup:
    """Packs the pool's instances close together for the lowest EFA latency.

    https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/placement-strategies.html#placement-groups-cluster
    """
    return aws.ec2.PlacementGroup(
        f"{name}-placement",
        name=physical_name("aws", "placement_group", "corridor", context.stack, pool.name, scope=context.scope),
        strategy=aws.ec2.PlacementStrategy.CLUSTER,
        tags=context.tags(),
        opts=opts,
    )


# --- cluster autoscaler ------------------------------------------------------------------------


def discovery_tags(cluster_name: str) -> dict[str, str]:
    """Auto-discovery tag keys (values do not matter). EKS also puts them on the ASG it creates."""
    return {f"{CA_PREFIX}/enabled": "true", f"{CA_PREFIX}/{cluster_name}": "owned"}


def node_template_tags(labels: dict[str, str], fabric: FabricResult) -> dict[str, str]:
    """What a node of this pool will carry, for scale-up from zero: labels, the GPU taint and the
    EFA resource (GPUs the autoscaler already knows from the instance type)."""
    tags = {f"{CA_PREFIX}/node-template/label/{key}": value for key, value in labels.items()}
    tags[f"{CA_PREFIX}/node-template/taint/{GPU_TAINT_KEY}"] = f"{GPU_TAINT_VALUE}:{GPU_TAINT_EFFECT}"
    if fabric.interfaces:
        tags[f"{CA_PREFIX}/node-template/resources/{EFA_RESOURCE}"] = str(fabric.interfaces)
    return tags


def tag_auto_scaling_group(
    name: str, node_group: aws.eks.NodeGroup, tags: dict[str, str], opts: pulumi.ResourceOptions
) -> None:
    """Node group tags stay on the EKS object and never reach its Auto Scaling group, where the
    autoscaler reads them, so each node-template tag is set on the ASG itself (not propagated to
    instances). https://docs.aws.amazon.com/eks/latest/eksctl/autoscaling.html#_scaling_up_from_0
    """
    asg_name = node_group.resources.apply(_asg_name)
    for key, value in tags.items():
        aws.autoscaling.Tag(
            f"{name}-ca-{re.sub(r'[^a-z0-9]+', '-', key.removeprefix(CA_PREFIX + '/node-template/').lower())}",
            autoscaling_group_name=asg_name,
            tag=aws.autoscaling.TagTagArgs(key=key, value=value, propagate_at_launch=False),
            opts=opts,
        )


def _asg_name(resources: Sequence[aws.eks.outputs.NodeGroupResource]) -> str:
    """The one Auto Scaling group EKS creates for a managed node group."""
    groups = resources[0].autoscaling_groups or []
    return groups[0].name or ""
