"""EKS: the region's cluster, its network, its IAM roles, a CPU system node group, a kubeconfig.

Construction:
- Network (unless `network.existingSubnetIds`): a VPC with DNS support and hostnames (EKS needs
  both for private endpoint resolution), one private node subnet per `corridor:zones` entry and
  one small public subnet per zone holding that zone's NAT gateway. Nodes never get public IPs
  (reliability C3); the public subnets carry only NAT gateways and load balancers.
  https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
- On that VPC only (an existing network is the user's to log and lock): the default security
  group managed with no rules (CIS AWS 5.4; nothing corridor runs uses it, EKS creates its own),
  and VPC flow logs of all traffic to a CloudWatch log group encrypted with the stack key and kept
  `logging.retentionDays`, delivered through a role only the flow-logs service of this account can
  assume. https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html
- One NAT gateway per zone, each zone's private route table pointing at its own: a NAT gateway
  is a zonal resource, so with a single one every GPU zone loses egress (image pulls, ECR, the
  EKS API over its public name) when the NAT's zone fails, and cross-zone NAT traffic is billed.
  https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html#nat-gateway-basics
- IAM: a cluster role (AmazonEKSClusterPolicy) with an inline policy to use the stack key for
  Secrets encryption, and a node role (worker, ECR pull-only, VPC CNI policies).
  https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html
  https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
- The stack key's policy (`keys.key_policy`): the default statement plus the Auto Scaling
  service-linked role (GPU node volumes) and CloudWatch Logs (the flow log group). It waits for
  the system node group, whose Auto Scaling group makes AWS create that service-linked role in an
  account that has none yet: KMS refuses a key policy naming a principal that does not exist.
  With `corridor:nodeDiskKey: platform` GPU node volumes stay on the account's default EBS key, so
  the policy names no Auto Scaling role and has nothing to wait for. The key in drRegion gets the
  same grants (`keys.replica_key_policy`, for corridor's flow log groups there), so a recovery
  stack can run on it before it owns it; a recovery stack's drill only reads its key's policy.
- The control plane: Secrets envelope-encrypted with the stack key (C1), all five control-plane
  log types (O1), API authentication mode with access entries (no aws-auth ConfigMap, C5), EKS
  Pod Identity agent for workload identity (C6), standard support only (`VERSION_POLICY`), and
  EKS deletion protection (C13) instead of Pulumi `protect`, so a deliberate teardown stays
  possible. The API endpoint (C2): the private endpoint always (nodes reach the API inside the
  VPC), and the public one either limited to `network.apiAccessCidrs` or, with
  `network.privateEndpoint`, off, so `pulumi up`, kubectl and corridor's in-cluster layer must then
  run from inside the VPC or a network connected to it.
  https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
- A system managed node group (AL2023 standard AMI, m6i.large, 2..3 nodes across all zones,
  labelled `context.system_node_labels()`) for CoreDNS, the cluster autoscaler and device-plugin
  controllers; GPU pools are separate (`node_pool.py`).
- A kubeconfig built from the cluster's endpoint and CA with the `aws eks get-token` exec plugin:
  no static credential ever lands in state.
  https://docs.aws.amazon.com/eks/latest/userguide/create-kubeconfig.html
"""

from __future__ import annotations

import ipaddress
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from components.clouds.aws.keys import AwsKeys, account_of, key_policy, log_group_arn, replica_key_policy
from components.clouds.base import (
    ApiAccess,
    Cluster,
    FlowLogs,
    Keys,
    NodeDisks,
    RegionContext,
    VersionPolicy,
    stateful,
    zones_of,
)
from components.clouds.kubeconfig import exec_kubeconfig
from components.naming import physical_name

# EKS has no release channel; the nearest thing is the control plane's upgrade policy, so its
# support type (`upgradePolicy.supportType`) is reported as the channel. EKS never upgrades node
# groups with the control plane.
# https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
# https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html
SUPPORT_TYPE = "STANDARD"
VERSION_POLICY = VersionPolicy(
    channel=SUPPORT_TYPE,
    version=None,
    node_upgrades="explicit: a managed node group keeps its AMI release until it is updated, also "
    "after EKS upgrades the control plane",
    notes=(
        "EKS default Kubernetes version at creation (none pinned)",
        "standard support only, so the cluster never enters paid extended support: EKS upgrades it "
        "itself at the end of standard support, every earlier upgrade is explicit",
    ),
)

# All five control-plane log streams (reliability O1; CIS EKS 2.1.1 asks for at least
# api/audit/authenticator). https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
CLUSTER_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

# m6i.large: 2 vCPU / 8 GiB, non-burstable (a t3 runs out of CPU credits under a busy
# cluster-autoscaler or CoreDNS), Nitro, and sold in every commercial region corridor targets.
# Two nodes keep CoreDNS and the autoscaler up through one node or zone loss; three allow a surge.
SYSTEM_INSTANCE_TYPE = "m6i.large"
SYSTEM_MIN_NODES, SYSTEM_MAX_NODES = 2, 3

# AWS managed policies by ARN. The `aws` partition covers every commercial region (SE Asia and
# the Middle East included); China and GovCloud would need `aws-cn` / `aws-us-gov`.
MANAGED_POLICY = "arn:aws:iam::aws:policy/{}"
CLUSTER_POLICIES = ["AmazonEKSClusterPolicy"]
# The CNI policy sits on the node role for simplicity; EKS recommends moving it to an IRSA / Pod
# Identity role for aws-node. https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html
NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy"]

# VPC flow logs aggregate each flow over at most this many seconds (60 or 600); 600 halves nothing
# that matters for forensics and keeps the record count, and so the CloudWatch ingestion bill, low.
# https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html#flow-logs-basics
FLOW_LOG_AGGREGATION_SECONDS = 600

SYSTEM_NODE_DISKS_NOTE = (
    "account EBS default: the system node group was created without a launch template, so EKS launches "
    "its nodes from its own, and their root volumes follow the account's EBS encryption-by-default setting "
    "and default key in the region (aws/ebs unless changed). A launch template cannot be added to an "
    "existing managed node group (launch_template.id forces a new node group), so corridor keeps it; "
)


def system_node_disks(stack_key_disks: bool) -> NodeDisks:
    """The CPU system nodes' disks: not the stack key, and why; the GPU node groups' key by
    `corridor:nodeDiskKey`."""
    gpu = (
        "GPU node groups encrypt with the stack key"
        if stack_key_disks
        else "GPU node groups use the same account default (corridor:nodeDiskKey is platform)"
    )
    return NodeDisks(key_id=None, note=SYSTEM_NODE_DISKS_NOTE + gpu)


@dataclass(frozen=True)
class NodeSubnet:
    """One private node subnet and the availability zone it is in."""

    id: pulumi.Input[str]
    zone: pulumi.Input[str]
    """The subnet resource's own `availability_zone` output; for `network.existingSubnetIds`,
    which corridor does not read, the zone `corridor:zones` pairs with the id."""


def subnet_zones(subnets: list[NodeSubnet]) -> pulumi.Output[list[str] | None]:
    """The zones of exactly `subnets`, in order: what a node group given their ids spans."""
    return zones_of(pulumi.Output.all(*[subnet.zone for subnet in subnets]))


@dataclass(frozen=True)
class EksCluster(Cluster):
    """The EKS cluster as its GPU node groups need it: the neutral fields plus the control plane,
    the node role and the network they join."""

    eks: aws.eks.Cluster
    eks_name: str
    """Physical cluster name, known at plan time (cluster-autoscaler tag keys embed it)."""
    node_role: aws.iam.Role
    private_subnets: Mapping[str, NodeSubnet]
    """Private node subnet per `corridor:zones` entry."""
    existing_network: bool
    """True when the subnets are `network.existingSubnetIds` (their zones are declared, not read)."""
    disk_key_arn: pulumi.Output[str] | None
    """The stack key GPU node groups encrypt their EBS volumes with; None with
    `corridor:nodeDiskKey: platform` (the account's default EBS key)."""
    key_policy: aws.kms.KeyPolicy
    """The stack key's policy. With `disk_key_arn` it lets Auto Scaling use that key, and node
    groups wait for it."""
    cluster_security_group_id: pulumi.Output[str]
    """The security group EKS creates for control plane <-> node traffic."""
    vpc_id: pulumi.Output[str]


def build_cluster(context: RegionContext, name: str, keys: AwsKeys, opts: pulumi.ResourceOptions) -> EksCluster:
    cluster_name = physical_name("aws", "eks_cluster", "corridor", context.stack, scope=context.scope)
    existing = bool(context.spec.network.existing_subnet_ids)
    vpc: aws.ec2.Vpc | None = None
    if existing:
        subnets = existing_subnets(context)
    else:
        vpc, subnets = network(context, name, opts)
    cluster_role = iam_role(context, f"{name}-cluster-role", "eks-cluster", "eks.amazonaws.com", CLUSTER_POLICIES, opts)
    key_access = secrets_key_policy(name, cluster_role.role, keys, opts)
    node_role = iam_role(context, f"{name}-node-role", "eks-node", "ec2.amazonaws.com", NODE_POLICIES, opts)

    cluster = control_plane(
        context,
        name,
        cluster_name,
        cluster_role,
        [subnet.id for subnet in subnets.values()],
        keys,
        # EKS checks the role can use the key when it creates the cluster.
        pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[*cluster_role.attachments, key_access])),
    )
    system_subnets = list(subnets.values())
    system = system_node_group(context, name, cluster, node_role, [s.id for s in system_subnets], opts)
    log_group = None if vpc is None else flow_log_group_name(context)
    # `platform`: GPU volumes on the account's default EBS key, as before corridor used the stack
    # key, so their launch templates (and nodes) stay as they were.
    stack_key_disks = context.spec.node_disk_key == "stack"
    # The system node group's Auto Scaling group makes AWS create AWSServiceRoleForAutoScaling
    # in an account without one; until then KMS rejects a policy naming it.
    policy_opts = (
        pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[system])) if stack_key_disks else opts
    )
    policy = key_policy(f"{name}-key-policy", keys, context.spec.region, log_group, stack_key_disks, policy_opts)
    # The same grants on the key in drRegion, for the recovery stack that would stand there on it.
    replica_key_policy(
        f"{name}-replica-key-policy",
        keys,
        context.spec.dr_region,
        None if vpc is None else ANY_FLOW_LOG_GROUP,
        stack_key_disks,
        policy_opts,
    )
    if vpc is None or log_group is None:
        flow_logs = FlowLogs(
            destination=None,
            note="none: network.existingSubnetIds names a VPC corridor does not own; enable VPC flow logs on it "
            "where its owner manages it",
        )
    else:
        default_security_group(context, name, vpc, opts)
        flow_logs = vpc_flow_logs(context, name, vpc, log_group, keys, policy, opts)
    # Workload identity (reliability C6): pods get AWS roles through EKS Pod Identity, never the
    # node role. The agent is a DaemonSet, so it waits for the system nodes to report healthy.
    # https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
    aws.eks.Addon(
        f"{name}-pod-identity-agent",
        cluster_name=cluster.name,
        addon_name="eks-pod-identity-agent",
        tags=context.tags(),
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[system])),
    )

    vpc_config = cluster.vpc_config
    return EksCluster(
        name=cluster.name,
        endpoint=cluster.endpoint,
        kubeconfig=kubeconfig(cluster, context.spec.region),
        version_policy=VERSION_POLICY,
        secrets_key_id=keys.primary.id,
        system_zones=subnet_zones(system_subnets),
        system_zone_reason=(
            f"spread: the system node group has one private subnet in each of corridor:zones "
            f"({', '.join(subnets)}), so one zone's outage leaves system nodes running"
            + (" (zones as corridor:zones pairs them with network.existingSubnetIds)" if existing else "")
        ),
        api_access=api_access(context),
        flow_logs=flow_logs,
        node_disks=system_node_disks(stack_key_disks),
        eks=cluster,
        eks_name=cluster_name,
        node_role=node_role.role,
        private_subnets=subnets,
        existing_network=existing,
        disk_key_arn=keys.primary.id if stack_key_disks else None,
        key_policy=policy,
        cluster_security_group_id=vpc_config.apply(lambda c: c.cluster_security_group_id or ""),
        vpc_id=vpc_config.apply(lambda c: c.vpc_id or ""),
    )


# --- network -----------------------------------------------------------------------------------


def carve(cidr: str, zones: int) -> tuple[list[str], list[str]]:
    """Private and public subnet CIDRs, one each per zone, deterministic for a given input.

    The range splits into 2**k equal blocks with 2**k > zones: the first `zones` blocks are the
    private node subnets (large: the VPC CNI gives every pod a VPC address), and the last block is
    cut 16 ways for the public NAT subnets (a /22 each from a /16, /26 from the smallest /20).
    """
    network = ipaddress.ip_network(cidr)
    bits = max(1, math.ceil(math.log2(zones + 1)))
    blocks = list(network.subnets(prefixlen_diff=bits))
    public = list(blocks[-1].subnets(prefixlen_diff=4))
    if zones > len(public):
        raise ValueError(f"{zones} zones do not fit the public subnets carved from {cidr}")
    return [str(b) for b in blocks[:zones]], [str(b) for b in public[:zones]]


def existing_subnets(context: RegionContext) -> dict[str, NodeSubnet]:
    """`network.existingSubnetIds`, paired with `corridor:zones` in order (one per zone)."""
    zones = context.spec.zones or []
    ids = context.spec.network.existing_subnet_ids or []
    if len(ids) != len(zones):
        raise ValueError(
            f"network.existingSubnetIds lists {len(ids)} subnets but corridor:zones has {len(zones)}; "
            "give one private subnet per zone, in the order of corridor:zones"
        )
    return {zone: NodeSubnet(id=subnet_id, zone=zone) for zone, subnet_id in zip(zones, ids, strict=True)}


def network(
    context: RegionContext, name: str, opts: pulumi.ResourceOptions
) -> tuple[aws.ec2.Vpc, dict[str, NodeSubnet]]:
    """A VPC with private node subnets and per-zone NAT egress; the VPC and the private subnet by zone."""
    zones = context.spec.zones or []
    tags = context.tags()
    private_cidrs, public_cidrs = carve(context.spec.network.cidr, len(zones))
    vpc = aws.ec2.Vpc(
        f"{name}-vpc",
        cidr_block=context.spec.network.cidr,
        enable_dns_support=True,
        enable_dns_hostnames=True,
        tags={**tags, "Name": f"corridor-{context.stack}"},
        opts=opts,
    )
    gateway = aws.ec2.InternetGateway(f"{name}-igw", vpc_id=vpc.id, tags=tags, opts=opts)
    public_routes = aws.ec2.RouteTable(f"{name}-public", vpc_id=vpc.id, tags=tags, opts=opts)
    aws.ec2.Route(
        f"{name}-public-default",
        route_table_id=public_routes.id,
        destination_cidr_block="0.0.0.0/0",
        gateway_id=gateway.id,
        opts=opts,
    )
    private: dict[str, NodeSubnet] = {}
    for zone, private_cidr, public_cidr in zip(zones, private_cidrs, public_cidrs, strict=True):
        private[zone] = zone_network(
            context, f"{name}-{zone}", vpc, zone, private_cidr, public_cidr, public_routes, opts
        )
    return vpc, private


def default_security_group(
    context: RegionContext, name: str, vpc: aws.ec2.Vpc, opts: pulumi.ResourceOptions
) -> aws.ec2.DefaultSecurityGroup:
    """The VPC's default security group, adopted and stripped of every rule (CIS AWS 5.4): an ENI
    that falls back to it then reaches nothing and is reached by nothing. Nodes use the EKS cluster
    security group and the EFA group, never this one. Adopting it removes AWS's default
    allow-within-group ingress and allow-all egress; destroying this resource only forgets it.
    https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
    """
    return aws.ec2.DefaultSecurityGroup(
        f"{name}-default-sg",
        vpc_id=vpc.id,
        ingress=[],
        egress=[],
        tags={**context.tags(), "Name": f"corridor-{context.stack}-default-deny"},
        opts=opts,
    )


def flow_log_group_name(context: RegionContext) -> str:
    """The flow log group's name, known before it exists (the key policy names it)."""
    return "/corridor/" + physical_name("aws", "log_group", context.stack, "vpc-flow-logs", scope=context.scope)


ANY_FLOW_LOG_GROUP = "/corridor/*-vpc-flow-logs"
"""`flow_log_group_name` of any stack, as an ARN pattern: what the key in drRegion admits for the
recovery stack that may stand there, whose name its source cannot know."""


def vpc_flow_logs(
    context: RegionContext,
    name: str,
    vpc: aws.ec2.Vpc,
    log_group_name: str,
    keys: Keys,
    key_access: aws.kms.KeyPolicy,
    opts: pulumi.ResourceOptions,
) -> FlowLogs:
    """Every accepted and rejected flow of the VPC to an encrypted, retained CloudWatch log group.

    The log group is evidence, so it is `stateful`, encrypted with the stack key (CloudWatch Logs
    checks it may use the key when the group is created, hence the wait for the key policy) and
    kept `logging.retentionDays`. The delivery role trusts the flow-logs service only for flow
    logs of this account and region (confused-deputy conditions) and may only write this group.
    https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    """
    region, tags = context.spec.region, context.tags()
    account = account_of(keys.primary.id)
    group = aws.cloudwatch.LogGroup(
        f"{name}-flow-logs",
        name=log_group_name,
        retention_in_days=context.spec.logging.retention_days,
        kms_key_id=keys.primary.id,
        tags=tags,
        opts=stateful(pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[key_access]))),
    )
    role = aws.iam.Role(
        f"{name}-flow-logs-role",
        name=physical_name("aws", "iam_role", "corridor", context.stack, "vpc-flow-logs", scope=context.scope),
        assume_role_policy=account.apply(
            lambda acct: json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                            "Condition": {
                                "StringEquals": {"aws:SourceAccount": acct},
                                "ArnLike": {"aws:SourceArn": f"arn:aws:ec2:{region}:{acct}:vpc-flow-log/*"},
                            },
                        }
                    ],
                }
            )
        ),
        tags=tags,
        opts=opts,
    )
    delivery = aws.iam.RolePolicy(
        f"{name}-flow-logs-delivery",
        role=role.id,
        policy=account.apply(
            lambda acct: json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                            "Resource": [
                                log_group_arn(region, acct, log_group_name),
                                log_group_arn(region, acct, log_group_name) + ":*",
                            ],
                        },
                        {
                            "Effect": "Allow",
                            "Action": "logs:DescribeLogGroups",
                            "Resource": log_group_arn(region, acct, "*"),
                        },
                    ],
                }
            )
        ),
        opts=opts,
    )
    aws.ec2.FlowLog(
        f"{name}-flow-log",
        vpc_id=vpc.id,
        traffic_type="ALL",
        log_destination_type="cloud-watch-logs",
        log_destination=group.arn,
        iam_role_arn=role.arn,
        max_aggregation_interval=FLOW_LOG_AGGREGATION_SECONDS,
        tags=tags,
        # Flow logs check the role when they are created.
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[delivery])),
    )
    return FlowLogs(
        destination=group.arn,
        note=f"VPC flow logs: every accepted and rejected flow of the VPC, aggregated over "
        f"{FLOW_LOG_AGGREGATION_SECONDS // 60} minutes, to this CloudWatch log group, encrypted with the stack "
        f"key and kept {context.spec.logging.retention_days} days. VPC flow logs record every flow, so "
        "logging.flowLogSampling does not apply",
    )


def zone_network(
    context: RegionContext,
    name: str,
    vpc: aws.ec2.Vpc,
    zone: str,
    private_cidr: str,
    public_cidr: str,
    public_routes: aws.ec2.RouteTable,
    opts: pulumi.ResourceOptions,
) -> NodeSubnet:
    """One zone: a public subnet with its own NAT gateway, and the private node subnet behind it."""
    tags = context.tags()
    # Subnet role tags tell the AWS Load Balancer Controller where to put internet-facing and
    # internal load balancers. https://docs.aws.amazon.com/eks/latest/userguide/network-load-balancing.html
    public = aws.ec2.Subnet(
        f"{name}-public",
        vpc_id=vpc.id,
        availability_zone=zone,
        cidr_block=public_cidr,
        map_public_ip_on_launch=False,
        tags={**tags, "kubernetes.io/role/elb": "1"},
        opts=opts,
    )
    aws.ec2.RouteTableAssociation(f"{name}-public", subnet_id=public.id, route_table_id=public_routes.id, opts=opts)
    eip = aws.ec2.Eip(f"{name}-nat", domain="vpc", tags=tags, opts=opts)
    nat = aws.ec2.NatGateway(
        f"{name}-nat",
        allocation_id=eip.id,
        subnet_id=public.id,
        connectivity_type="public",
        tags=tags,
        opts=opts,
    )
    private = aws.ec2.Subnet(
        f"{name}-private",
        vpc_id=vpc.id,
        availability_zone=zone,
        cidr_block=private_cidr,
        map_public_ip_on_launch=False,
        tags={**tags, "kubernetes.io/role/internal-elb": "1"},
        opts=opts,
    )
    routes = aws.ec2.RouteTable(f"{name}-private", vpc_id=vpc.id, tags=tags, opts=opts)
    aws.ec2.Route(
        f"{name}-private-default",
        route_table_id=routes.id,
        destination_cidr_block="0.0.0.0/0",
        nat_gateway_id=nat.id,
        opts=opts,
    )
    aws.ec2.RouteTableAssociation(f"{name}-private", subnet_id=private.id, route_table_id=routes.id, opts=opts)
    return NodeSubnet(id=private.id, zone=private.availability_zone)


# --- IAM ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Role:
    role: aws.iam.Role
    attachments: list[aws.iam.RolePolicyAttachment]


def iam_role(
    context: RegionContext, name: str, purpose: str, service: str, policies: list[str], opts: pulumi.ResourceOptions
) -> _Role:
    """A role only `service` can assume, with AWS managed `policies` attached."""
    role = aws.iam.Role(
        name,
        name=physical_name("aws", "iam_role", "corridor", context.stack, purpose, scope=context.scope),
        assume_role_policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
            }
        ),
        tags=context.tags(),
        opts=opts,
    )
    attachments = [
        aws.iam.RolePolicyAttachment(
            f"{name}-{policy}", role=role.name, policy_arn=MANAGED_POLICY.format(policy), opts=opts
        )
        for policy in policies
    ]
    return _Role(role, attachments)


def secrets_key_policy(name: str, role: aws.iam.Role, keys: Keys, opts: pulumi.ResourceOptions) -> aws.iam.RolePolicy:
    """Lets the cluster role use the stack key for envelope encryption of Secrets.

    The stack key keeps the default key policy, which delegates to IAM, so the cluster role needs
    an IAM policy naming the key: EKS wraps data keys with Encrypt/Decrypt and holds its use of
    the key through a grant. terraform-aws-eks attaches the same statement to its cluster role.
    https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
    https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html
    """
    return aws.iam.RolePolicy(
        f"{name}-secrets-key",
        role=role.id,
        policy=keys.primary.id.apply(
            lambda key_arn: json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": [
                                "kms:Encrypt",
                                "kms:Decrypt",
                                "kms:DescribeKey",
                                "kms:CreateGrant",
                                "kms:ListGrants",
                            ],
                            "Resource": [key_arn],
                        }
                    ],
                }
            )
        ),
        opts=opts,
    )


# --- control plane and system nodes --------------------------------------------------------------


def control_plane(
    context: RegionContext,
    name: str,
    cluster_name: str,
    role: _Role,
    subnet_ids: list[pulumi.Input[str]],
    keys: Keys,
    opts: pulumi.ResourceOptions,
) -> aws.eks.Cluster:
    return aws.eks.Cluster(
        f"{name}-eks",
        name=cluster_name,
        role_arn=role.role.arn,
        # No `version`: EKS picks its default at creation, and a pinned version would silently age
        # into extended support.
        vpc_config=aws.eks.ClusterVpcConfigArgs(
            subnet_ids=subnet_ids,
            endpoint_private_access=True,  # nodes reach the API server inside the VPC
            # Public endpoint (reliability C2): limited to corridor:network.apiAccessCidrs so
            # `pulumi up` and kubectl work from CI runners outside the VPC, or off with
            # network.privateEndpoint. Both are updated in place (UpdateClusterConfig).
            # https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
            endpoint_public_access=not context.spec.network.private_endpoint,
            public_access_cidrs=list(api_access(context).allowed_cidrs) or None,
        ),
        encryption_config=aws.eks.ClusterEncryptionConfigArgs(
            resources=["secrets"],
            provider=aws.eks.ClusterEncryptionConfigProviderArgs(key_arn=keys.primary.id),
        ),
        enabled_cluster_log_types=CLUSTER_LOG_TYPES,
        # API mode: cluster access only through EKS access entries (IAM-audited, revocable); the
        # creating principal gets cluster-admin so the first `pulumi up` can manage the cluster.
        # Managed node groups get their access entries from EKS automatically.
        # https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
        access_config=aws.eks.ClusterAccessConfigArgs(
            authentication_mode="API",
            bootstrap_cluster_creator_admin_permissions=True,
        ),
        # STANDARD: at the end of standard support EKS upgrades the cluster instead of billing
        # extended support. https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html
        upgrade_policy=aws.eks.ClusterUpgradePolicyArgs(support_type=SUPPORT_TYPE),
        # Re-creating a cluster loses in-cluster state and GPU reservations' placement (reliability
        # C13). EKS refuses DeleteCluster until this is switched off, which `pulumi destroy` can
        # do as a reviewed change, unlike Pulumi `protect` which blocks compute teardown outright.
        # Off in a recovery drill, which `pulumi destroy` must take down whole.
        deletion_protection=not context.disposable,
        tags=context.tags(),
        opts=opts,
    )


def api_access(context: RegionContext) -> ApiAccess:
    """Who reaches the API: exactly the ranges the cluster's `publicAccessCidrs` gets."""
    network = context.spec.network
    if network.private_endpoint:
        return ApiAccess(private=True, allowed_cidrs=())
    return ApiAccess(private=False, allowed_cidrs=tuple(network.api_access_cidrs))


def system_node_group(
    context: RegionContext,
    name: str,
    cluster: aws.eks.Cluster,
    node_role: _Role,
    subnet_ids: list[pulumi.Input[str]],
    opts: pulumi.ResourceOptions,
) -> aws.eks.NodeGroup:
    """Small CPU nodes across every zone for cluster add-ons; GPU nodes stay tainted and apart."""
    return aws.eks.NodeGroup(
        f"{name}-system",
        cluster_name=cluster.name,
        node_group_name_prefix="system-",
        node_role_arn=node_role.role.arn,
        subnet_ids=subnet_ids,
        ami_type="AL2023_x86_64_STANDARD",
        capacity_type="ON_DEMAND",
        instance_types=[SYSTEM_INSTANCE_TYPE],
        scaling_config=aws.eks.NodeGroupScalingConfigArgs(
            min_size=SYSTEM_MIN_NODES, max_size=SYSTEM_MAX_NODES, desired_size=SYSTEM_MIN_NODES
        ),
        update_config=aws.eks.NodeGroupUpdateConfigArgs(max_unavailable=1),
        # Node auto repair (reliability C9). https://docs.aws.amazon.com/eks/latest/userguide/node-health.html
        node_repair_config=aws.eks.NodeGroupNodeRepairConfigArgs(enabled=True),
        labels=context.system_node_labels(),
        tags=context.tags(),
        # The name prefix lets a replacement node group come up before the old one goes.
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=node_role.attachments)),
    )


# --- kubeconfig --------------------------------------------------------------------------------


def kubeconfig(cluster: aws.eks.Cluster, region: str) -> pulumi.Output[str]:
    """A kubeconfig that authenticates with `aws eks get-token` (the caller's AWS credentials)."""

    def render(args: list[object]) -> str:
        name, endpoint, ca_data = (str(a) for a in args)
        return exec_kubeconfig(
            name,
            endpoint,
            ca_data,
            {
                "command": "aws",
                "args": ["eks", "get-token", "--cluster-name", name, "--region", region],
                "interactiveMode": "Never",
            },
        )

    ca_data = cluster.certificate_authority.apply(lambda ca: ca.data or "")
    return pulumi.Output.all(cluster.name, cluster.endpoint, ca_data).apply(render)
