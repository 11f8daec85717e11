"""EKS GPU pools: one managed node group per `corridor:gpuPools` entry, in a single zone.

Construction, per pool:
- `aws.eks.NodeGroup` on the EKS-optimized AL2023 NVIDIA AMI (`offering.driver`: driver and
  container toolkit baked in, no device plugin), `GPU_TAINT` as `NO_SCHEDULE` (the EKS API
  spelling), the pool labels, `minNodes..maxNodes` with desired size owned by the cluster
  autoscaler, node auto repair, and the MINIMAL update strategy (terminate before launch, which
  AWS recommends for scarce accelerators). https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-optimized-ami.html
- One subnet: the reservation's zone if the pool is `reserved`, else the first of
  `corridor:zones`. EFA traffic does not leave its AZ (EFA-only interfaces talk only inside one
  AZ) and cross-zone traffic is billed. https://docs.aws.amazon.com/eks/latest/userguide/node-efa.html
- A custom launch template (never with a subnet or instance profile, which EKS forbids):
  IMDSv2 only with hop limit 1 (reliability C7), an encrypted gp3 root volume sized for CUDA
  images, tags on instances and volumes, and, by capacity mode and fabric:
  * onDemand / spot: `capacity_type` ON_DEMAND / SPOT (spot stays off the template: EKS sets the
    market itself for SPOT node groups).
  * reserved, capacityBlock: `market_type="capacity-block"`, the `cr-...` target and the
    instance type in the template, `capacity_type="CAPACITY_BLOCK"`, no `instance_types` on the
    node group. https://docs.aws.amazon.com/eks/latest/userguide/capacity-blocks-mng.html
  * reserved, capacityReservation (ODCR): the `cr-...` as the template's only capacity
    reservation option, `capacity_type="ON_DEMAND"` (ODCR usage is billed as On-Demand).
  * fabric (`interconnect: auto`, more than one node, EFA machine): one EFA per network card,
    a security group open to itself (plus the EKS cluster security group, which EKS no longer
    adds once interfaces name their own groups), and for onDemand/spot a cluster placement
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
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.catalog.accelerators import Offering
from components.clouds.aws.cluster import AwsCluster, subnet_zones
from components.clouds.base import (
    GPU_TAINT,
    GPU_TAINT_EFFECT,
    GPU_TAINT_KEY,
    GPU_TAINT_VALUE,
    ClusterResult,
    NodePoolResult,
    RegionContext,
    wants_fabric,
)
from components.definition.gpu import GpuPool, Reservation
from components.naming import physical_name

# EKS taint effects use the API spelling, not Kubernetes' `NoSchedule`.
# https://docs.aws.amazon.com/eks/latest/APIReference/API_Taint.html
EKS_TAINT_EFFECT = {"NoSchedule": "NO_SCHEDULE", "NoExecute": "NO_EXECUTE", "PreferNoSchedule": "PREFER_NO_SCHEDULE"}

# The cluster autoscaler sets desiredSize; Pulumi must not reset it to minNodes on every `up`.
# https://www.pulumi.com/registry/packages/aws/api-docs/eks/nodegroup/#ignoring-changes-to-desired-size
AUTOSCALER_OWNED = ["scalingConfig.desiredSize"]

# AL2023 root device; 200 GiB holds several multi-GB CUDA/PyTorch images (the 20 GiB EKS
# default does not). Encrypted with the account's EBS key: using the stack CMK would need a key
# policy grant for the Auto Scaling service-linked role, which IAM policies cannot give.
# https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html
ROOT_DEVICE = "/dev/xvda"
ROOT_VOLUME_GIB = 200

CA_PREFIX = "k8s.io/cluster-autoscaler"
EFA_RESOURCE = "vpc.amazonaws.com/efa"

NVIDIA_DEVICE_PLUGIN = (
    "NVIDIA device plugin (Helm nvdp/nvidia-device-plugin, tolerating nvidia.com/gpu): the AL2023 "
    "NVIDIA AMI ships driver and container toolkit but no device plugin"
)
CLUSTER_AUTOSCALER = (
    "Cluster Autoscaler with --node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,"
    "k8s.io/cluster-autoscaler/{cluster} (the pool starts at minNodes and only it scales the pool)"
)
EFA_DEVICE_PLUGIN = (
    "EFA device plugin (Helm eks/aws-efa-k8s-device-plugin, tolerating nvidia.com/gpu) advertising "
    "vpc.amazonaws.com/efa, and Amazon VPC CNI >= 1.18.5 for efa-only interfaces"
)


@dataclass(frozen=True)
class Fabric:
    """The EFA wiring a pool gets, or why it gets none."""

    efa_count: int
    placement: bool
    note: str


def build(
    context: RegionContext,
    name: str,
    pool: GpuPool,
    offering: Offering,
    cluster: ClusterResult,
    labels: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> NodePoolResult:
    native: AwsCluster = cluster.native
    reservation = context.spec.reservation_for(pool)
    zone = context.spec.gpu_zone(pool)
    assert zone is not None, "the loader requires corridor:zones on aws stacks"
    fabric = fabric_for(pool, offering, reservation)
    # Exactly the subnets the node group gets; its reported zones are theirs.
    subnets = [native.private_subnets[zone]]

    security_groups: list[pulumi.Input[str]] = []
    placement_group = None
    if fabric.efa_count:
        security_groups = [efa_security_group(context, name, native, opts).id, native.cluster_security_group_id]
        if fabric.placement:
            placement_group = cluster_placement_group(context, name, pool, opts)
    template = launch_template(
        context, name, pool, offering, reservation, fabric, security_groups, placement_group, opts
    )

    node_group = aws.eks.NodeGroup(
        name,
        cluster_name=native.cluster.name,
        # A prefix (not a fixed name) lets a replacement group come up before the old one goes.
        node_group_name_prefix=physical_name("aws", "node_group", "gpu", pool.name, scope=context.scope) + "-",
        node_role_arn=native.node_role.arn,
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
        tags={**context.tags(), **discovery_tags(native.name)},
        opts=autoscaler_owned(opts),
    )
    tag_auto_scaling_group(name, node_group, node_template_tags(labels, fabric), opts)

    in_cluster = [NVIDIA_DEVICE_PLUGIN, CLUSTER_AUTOSCALER.format(cluster=native.name)]
    if fabric.efa_count:
        in_cluster.append(EFA_DEVICE_PLUGIN)
    return NodePoolResult(
        machine_type=offering.machine_type,
        node_labels=labels,
        taints=[GPU_TAINT],
        min_nodes=pool.min_nodes,
        max_nodes=pool.max_nodes,
        gpus_per_node=offering.gpus,
        capacity=capacity_text(pool, reservation, zone),
        interconnect=fabric.note,
        driver=f"EKS AMI {offering.driver}",
        zones=subnet_zones(subnets),
        zone_reason=zone_reason(reservation, fabric, zone, native.existing_network),
        in_cluster=in_cluster,
    )


def autoscaler_owned(opts: pulumi.ResourceOptions) -> pulumi.ResourceOptions:
    """`opts` with the node group's desired size left to the cluster autoscaler."""
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(ignore_changes=AUTOSCALER_OWNED))


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


def capacity_text(pool: GpuPool, reservation: Reservation | None, zone: str) -> str:
    if reservation is None:
        return {"onDemand": "on-demand", "spot": "spot"}[pool.capacity] + f" in {zone}"
    if is_capacity_block(reservation):
        return f"capacity-block {reservation.id} in {zone} (launch template, CAPACITY_BLOCK)"
    return f"capacity-reservation {reservation.id} in {zone} (launch template target, ON_DEMAND)"


def zone_reason(reservation: Reservation | None, fabric: Fabric, zone: str, existing_network: bool) -> str:
    """Why the node group has one subnet, in the zone it has."""
    declared = " (the zone corridor:zones pairs with that network.existingSubnetIds entry)" if existing_network else ""
    if reservation is not None:
        return f"one zone: the reservation holds capacity in {zone}{declared}"
    source = f"{zone} is the first of corridor:zones{declared}"
    if fabric.placement:
        return f"one zone: EFA and the cluster placement group do not span zones; {source}"
    if fabric.efa_count:
        return f"one zone: EFA traffic does not leave its availability zone; {source}"
    return f"one zone: corridor keeps each GPU pool in one zone (cross-zone traffic is billed); {source}"


def fabric_for(pool: GpuPool, offering: Offering, reservation: Reservation | None) -> Fabric:
    """EFA for a multi-node `auto` pool on an EFA machine whose card count the catalog knows."""
    if not wants_fabric(pool, offering):
        return Fabric(0, False, "none")
    if offering.interconnect != "efa" or not offering.interconnect_count:
        # Without the card count the interface layout cannot be written; guessing would fail
        # the launch. Plain networking is the honest fallback.
        return Fabric(
            0, False, f"none ({offering.interconnect} count of {offering.machine_type} unknown in the catalog)"
        )
    count = offering.interconnect_count
    if reservation is None:
        return Fabric(count, True, f"efa x{count}, cluster placement group")
    if is_capacity_block(reservation):
        return Fabric(count, False, f"efa x{count}, capacity block placement (EC2 UltraCluster), no placement group")
    return Fabric(count, False, f"efa x{count}, no placement group (the reservation's own placement)")


# --- launch template ---------------------------------------------------------------------------


def launch_template(
    context: RegionContext,
    name: str,
    pool: GpuPool,
    offering: Offering,
    reservation: Reservation | None,
    fabric: Fabric,
    security_groups: list[pulumi.Input[str]],
    placement_group: aws.ec2.PlacementGroup | None,
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
        network_interfaces=efa_interfaces(fabric.efa_count, security_groups) or None,
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
                    volume_size=ROOT_VOLUME_GIB, volume_type="gp3", encrypted="true", delete_on_termination="true"
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
    context: RegionContext, name: str, native: AwsCluster, opts: pulumi.ResourceOptions
) -> aws.ec2.SecurityGroup:
    """All traffic to and from the group itself, as EFA requires; nothing else is opened.

    https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa-start.html#efa-start-security
    """
    group = aws.ec2.SecurityGroup(
        f"{name}-efa",
        vpc_id=native.vpc_id,
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


def node_template_tags(labels: dict[str, str], fabric: Fabric) -> dict[str, str]:
    """What a node of this pool will carry, for scale-up from zero: labels, the GPU taint and the
    EFA resource (GPUs the autoscaler already knows from the instance type)."""
    tags = {f"{CA_PREFIX}/node-template/label/{key}": value for key, value in labels.items()}
    tags[f"{CA_PREFIX}/node-template/taint/{GPU_TAINT_KEY}"] = f"{GPU_TAINT_VALUE}:{GPU_TAINT_EFFECT}"
    if fabric.efa_count:
        tags[f"{CA_PREFIX}/node-template/resources/{EFA_RESOURCE}"] = str(fabric.efa_count)
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
