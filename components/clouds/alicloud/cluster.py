"""ACK: the region's managed Pro cluster, its VPC, NAT egress, a CPU system node pool and a kubeconfig.

Construction:
- Network: a VPC on `network.cidr` and, in each zone of the stack (`corridor:zones`, else the
  zones the region catalog records), one vSwitch for nodes and one for pods (`carve`). ACK's
  Terway CNI gives every pod a VPC address from the pod vSwitch of its node's zone, so flow logs
  and security groups see pods as they see nodes (flannel would hide them in an overlay).
  Alibaba recommends separate pod vSwitches in the nodes' zones.
  https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/work-with-terway
- Egress: an enhanced internet NAT gateway (the only kind Alibaba still creates: `nat_type`
  "Enhanced", pulumi_alicloud/vpc/nat_gateway.py) in the first zone's node vSwitch, one
  pay-by-traffic EIP bound to it, and one SNAT entry per vSwitch, so nodes and pods reach image
  registries with no public address of their own (reliability C3). ACK's own NAT gateway is off
  (`new_nat_gateway=False`): corridor owns the egress path.
  https://www.alibabacloud.com/help/en/nat-gateway/user-guide/create-and-manage-snat-entries
- Closed by default: one *advanced* (enterprise) security group for the control plane and every
  node. An advanced security group denies all inbound traffic, even between its own members,
  until a rule admits it, and allows all outbound traffic (which the Secrets KMS plugin needs to
  reach 100.64.0.0/10). corridor admits inbound traffic from the VPC's own range only (nodes,
  pods and the API server's ENIs), nothing from outside it.
  https://www.alibabacloud.com/help/en/ecs/user-guide/basic-security-groups-and-advanced-security-groups
- The API endpoint (C2): private. ACK's public access is an EIP on the API server's load balancer
  (`slb_internet_enabled`), and pulumi-alicloud 4.0.0 has no input that limits it to
  `network.apiAccessCidrs` (no ACL on the ManagedKubernetes resource; the listener is ACK's), so a
  public endpoint can only be open to the whole internet: corridor creates one only when the stack
  says exactly that (`network.apiOpenToWholeInternet` with `0.0.0.0/0`) and refuses any narrower
  list (`api_access`). Otherwise the stack sets `network.privateEndpoint` and reaches the API from
  the VPC (VPN, CEN, a bastion).
- VPC flow logs: every accepted and rejected flow of the VPC (`resource_type` "VPC", all ENIs)
  into an SLS logstore of the stack, kept `logging.retentionDays`. The same SLS project holds the
  control plane's logs (`control_plane_log_components`) and the API server audit log.
  https://www.alibabacloud.com/help/en/vpc/user-guide/flow-logs-overview
- The control plane: an ACK managed **Pro** cluster (`CLUSTER_SPEC`), Kubernetes Secrets
  envelope-encrypted with the stack key (`encryption_provider_key`, C1), RRSA (`enable_rrsa`, C6:
  pods assume RAM roles through their service account tokens), deletion protection (off for a
  recovery drill, which must come down with `pulumi destroy`), and the upgrade policy of
  `VERSION_POLICY` (an auto-upgrade channel inside a weekly maintenance window).
- A system node pool (`SYSTEM_INSTANCE_TYPES`, 3 nodes, labelled `context.system_node_labels()`)
  over the node vSwitches of every zone, system disks encrypted with the stack key
  (`corridor:nodeDiskKey: stack`) or the ECS service key.
- A kubeconfig whose user runs `ack-ram-tool credential-plugin get-credential` (Alibaba's
  client-go credential plugin for ACK, which fetches short-lived client certificates with the
  caller's RAM credentials): no credential lands in state. Its CA comes from
  `alicloud.cs.get_cluster_credential`, the data source pulumi-alicloud 4.0.0 recommends in place
  of the deprecated `client_cert`/`client_key`/`cluster_ca_cert`/`certificate_authority`
  attributes (pulumi_alicloud/cs/managed_kubernetes.py).
  https://github.com/AliyunContainerService/ack-ram-tool (website/docs/credential-plugin)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pulumi
import pulumi_alicloud as alicloud

from components.catalog import regions
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
from components.clouds.profile import OPEN_TO_ALL
from components.naming import physical_name

if TYPE_CHECKING:
    from components.clouds.alicloud.adapter import AlicloudBase

# --- the control plane ---------------------------------------------------------------------------

CLUSTER_SPEC = "ack.pro.small"
"""ACK managed Pro, not Basic (`ack.standard`): Secrets encryption with a KMS key is available only
on ACK Pro clusters ("Secret encryption at rest is only available for ACK Pro clusters",
https://www.alibabacloud.com/help/en/kms/key-management-service/use-cases/use-one-click-kms-to-encrypt-kubernetes-cluster-secret),
and only Pro has a control plane with a financially backed SLA (Basic has none).
https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/overview-of-ack-pro-clusters
The larger provisioned tiers (`ack.pro.xlarge`...) pre-allocate control plane capacity a
corridor fleet does not need (pulumi_alicloud/cs/managed_kubernetes.py)."""

CLUSTER_PROFILE = "Default"
"""An ACK managed cluster (not Edge, Serverless or ACS)."""

CNI_ADDON = "terway-eniip"
"""Terway in shared-ENI mode: VPC-native pod addresses from the pod vSwitches. `addons` is
create-only (pulumi_alicloud/cs/managed_kubernetes.py)."""

CSI_ADDONS = ("csi-plugin", "csi-provisioner")
"""Alibaba's CSI driver and provisioner (cloud disks for workloads)."""

CONTROL_PLANE_LOG_COMPONENTS = ("apiserver", "kcm", "scheduler", "ccm", "controlplane-events")
"""Every component pulumi-alicloud 4.0.0 can collect logs of (`control_plane_log_components`)."""

SERVICE_CIDR = "172.21.0.0/20"
"""The Service range: ACK requires it to overlap neither the VPC nor the pod range
(`service_cidr`, pulumi_alicloud/cs/managed_kubernetes.py); `carve` checks the VPC."""

UPGRADE_CHANNEL = "stable"
"""ACK's cluster auto-upgrade channels are `patch`, `stable` and `rapid`
(`operation_policy.cluster_auto_upgrade.channel`, pulumi_alicloud/cs/_inputs.py). `stable` moves
to a new minor only after ACK has run it for a while; `version` must then be left unset ("Do not
specify if cluster auto upgrade is enabled", `version`).
https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/automatically-upgrade-a-cluster"""

MAINTENANCE_WINDOW = alicloud.cs.ManagedKubernetesMaintenanceWindowArgs(
    enable=True,
    # RFC 3339: the first window (a Saturday, 03:00 UTC), then weekly on `weekly_period`.
    maintenance_time="2026-01-03T03:00:00.000Z",
    duration="4h",
    weekly_period="Saturday",
)
"""When ACK may upgrade the control plane and managed node pools: the auto-upgrade policy only
works inside an enabled window (`operation_policy`, pulumi_alicloud/cs/managed_kubernetes.py)."""

VERSION_POLICY = VersionPolicy(
    channel=UPGRADE_CHANNEL,
    version=None,
    node_upgrades="system pool: ACK managed node pool auto-upgrade in the maintenance window; GPU pools: explicit, "
    "a new kubelet or image reaches GPU nodes only when their pool is upgraded deliberately",
    notes=(
        f"ACK auto-upgrades the control plane along the '{UPGRADE_CHANNEL}' channel, only in the weekly maintenance "
        "window (Saturday 03:00 UTC, 4 hours); the version is ACK's newest at creation",
        "GPU pools are not auto-upgraded (a node replacement stops training jobs): upgrade them before the kubelet "
        "falls outside Kubernetes' supported version skew",
    ),
)

# --- system pool ---------------------------------------------------------------------------------

SYSTEM_INSTANCE_TYPES = ["ecs.g8i.xlarge", "ecs.g7.xlarge"]
"""4 vCPUs and 16 GiB (as GKE's e2-standard-4), tried in order: ACK takes the first type a zone
has in stock (`instance_types`, pulumi_alicloud/cs/node_pool.py)."""
SYSTEM_NODES = "3"
"""A string in the SDK (`desired_size: str`, pulumi_alicloud/cs/node_pool.py): a fixed size, the
autoscaler manages GPU pools only."""
SYSTEM_DISK_CATEGORY = "cloud_essd"
SYSTEM_DISK_GIB = 120
IMAGE_TYPE = "AliyunLinux3"
"""Alibaba Cloud Linux 3, ACK's default node OS, with the GPU driver ACK installs on GPU types."""
DISK_ENCRYPTION = "aes-256"
"""The only system disk encryption algorithm (`system_disk_encrypt_algorithm`)."""

MAX_ZONES = 4
"""vSwitch slots `carve` reserves: Alibaba's SE Asia and Middle East regions have at most three zones."""


# --- network -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranges:
    """The vSwitch ranges of each zone slot, carved from `network.cidr`."""

    pods: tuple[str, ...]
    nodes: tuple[str, ...]


def carve(cidr: str) -> Ranges:
    """Pods get the first half of `cidr` in `MAX_ZONES` equal slots, nodes the third quarter in
    as many; the last quarter stays free. Zone i always gets slot i, so a re-render never moves a
    range. For the default /16: pods /19, nodes /20 per zone."""
    network = ipaddress.ip_network(cidr)
    if network.overlaps(ipaddress.ip_network(SERVICE_CIDR)):
        raise ValueError(f"network.cidr {cidr} overlaps ACK's Service range {SERVICE_CIDR}")
    pods, rest = network.subnets(prefixlen_diff=1)
    nodes, _ = rest.subnets(prefixlen_diff=1)
    split = MAX_ZONES.bit_length() - 1
    return Ranges(
        pods=tuple(str(n) for n in pods.subnets(prefixlen_diff=split)),
        nodes=tuple(str(n) for n in nodes.subnets(prefixlen_diff=split)),
    )


def stack_zones(context: RegionContext) -> list[str]:
    """The zones the stack uses: `corridor:zones`, else every zone the region catalog records.

    vSwitches are zonal and must exist before the cluster, so the list is known at render time
    (an invoke's answer could not decide how many vSwitches to create)."""
    spec = context.spec
    zones = list(spec.zones) if spec.zones else list(regions.known_zones("alicloud", spec.region))
    if not zones:
        raise ValueError(f"corridor:zones is unset and the region catalog records no zone of {spec.region}")
    if len(zones) > MAX_ZONES:
        raise ValueError(f"corridor:zones names {len(zones)} zones; corridor carves vSwitches for at most {MAX_ZONES}")
    return zones


@dataclass(frozen=True)
class Network:
    """The VPC corridor creates and what the cluster and node pools attach to."""

    vpc: alicloud.vpc.Network
    ranges: Ranges
    zones: tuple[str, ...]
    node_switches: dict[str, alicloud.vpc.Switch]
    """Node vSwitch per zone."""
    pod_switches: dict[str, alicloud.vpc.Switch]
    """Pod (Terway) vSwitch per zone."""
    security_group: alicloud.ecs.SecurityGroup
    egress: tuple[pulumi.Resource, ...]
    """The NAT gateway, its EIP binding and SNAT entries: nodes need them to join."""


def network(context: RegionContext, base: AlicloudBase, name: str, opts: pulumi.ResourceOptions) -> Network:
    """The VPC, its vSwitches, the NAT egress and the closed security group."""
    spec, tags, group = context.spec, context.tags(), base.resource_group_id
    ranges = carve(spec.network.cidr)
    zones = stack_zones(context)

    def display(*parts: str) -> str:
        return physical_name("alicloud", "display_name", "corridor", context.stack, *parts, scope=context.scope)

    vpc = alicloud.vpc.Network(
        f"{name}-vpc",
        vpc_name=display("vpc"),
        cidr_block=spec.network.cidr,
        description=f"corridor stack {context.stack}",
        resource_group_id=group,
        tags=tags,
        opts=opts,
    )

    def switch(role: str, zone: str, cidr: str) -> alicloud.vpc.Switch:
        return alicloud.vpc.Switch(
            f"{name}-{role}-{zone}",
            vpc_id=vpc.id,
            zone_id=zone,
            cidr_block=cidr,
            vswitch_name=display(role, zone),
            tags=tags,
            opts=opts,
        )

    node_switches = {zone: switch("nodes", zone, ranges.nodes[i]) for i, zone in enumerate(zones)}
    pod_switches = {zone: switch("pods", zone, ranges.pods[i]) for i, zone in enumerate(zones)}

    nat = alicloud.vpc.NatGateway(
        f"{name}-nat",
        vpc_id=vpc.id,
        vswitch_id=node_switches[zones[0]].id,
        nat_type="Enhanced",
        network_type="internet",
        payment_type="PayAsYouGo",
        internet_charge_type="PayByLcu",
        nat_gateway_name=display("nat"),
        description=f"Egress of corridor stack {context.stack}",
        tags=tags,
        opts=opts,
    )
    eip = alicloud.ecs.EipAddress(
        f"{name}-nat-eip",
        address_name=display("nat"),
        payment_type="PayAsYouGo",
        internet_charge_type="PayByTraffic",
        # The cap of a pay-by-traffic EIP (1 to 200 Mbit/s, `bandwidth`): image pulls are bursty.
        bandwidth="200",
        isp="BGP",
        resource_group_id=group,
        tags=tags,
        opts=opts,
    )
    bound = alicloud.ecs.EipAssociation(
        f"{name}-nat-eip-association",
        allocation_id=eip.id,
        instance_id=nat.id,
        instance_type="Nat",
        opts=opts,
    )
    snat = [
        alicloud.vpc.SnatEntry(
            f"{name}-snat-{role}-{zone}",
            snat_table_id=nat.snat_table_ids,
            source_vswitch_id=switches[zone].id,
            snat_ip=eip.ip_address,
            snat_entry_name=display(role, zone),
            opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[bound])),
        )
        for role, switches in (("nodes", node_switches), ("pods", pod_switches))
        for zone in zones
    ]

    security_group = alicloud.ecs.SecurityGroup(
        f"{name}-sg",
        vpc_id=vpc.id,
        security_group_name=display("cluster"),
        security_group_type="enterprise",
        description="ACK control plane and nodes: inbound from the VPC only",
        resource_group_id=group,
        tags=tags,
        opts=opts,
    )
    inbound = alicloud.ecs.SecurityGroupRule(
        f"{name}-sg-in-vpc",
        security_group_id=security_group.id,
        type="ingress",
        ip_protocol="all",
        port_range="-1/-1",
        cidr_ip=spec.network.cidr,
        policy="accept",
        priority=1,
        nic_type="intranet",
        description="Nodes, pods and the API server's ENIs in the VPC",
        opts=opts,
    )
    return Network(
        vpc=vpc,
        ranges=ranges,
        zones=tuple(zones),
        node_switches=node_switches,
        pod_switches=pod_switches,
        security_group=security_group,
        egress=(nat, bound, *snat, inbound),
    )


def api_access(context: RegionContext) -> ApiAccess:
    """Who reaches the API: the VPC only, or (only when the stack accepts it explicitly with
    `network.apiOpenToWholeInternet` and lists nothing but `0.0.0.0/0`/`::/0`) everyone.

    ACK's public endpoint is an EIP on the API server's load balancer (`slb_internet_enabled`);
    pulumi-alicloud 4.0.0 has no input limiting it to source ranges (no ACL on ManagedKubernetes,
    and the listener is ACK's own): the profile declares `API_ACCESS_CIDRS` unsupported, so
    validation has refused any narrower `apiAccessCidrs` before this runs."""
    network = context.spec.network
    if network.private_endpoint:
        return ApiAccess(private=True, allowed_cidrs=())
    cidrs = tuple(network.api_access_cidrs)
    if network.api_open_to_whole_internet and set(cidrs) <= OPEN_TO_ALL:
        return ApiAccess(private=False, allowed_cidrs=cidrs)
    raise AssertionError("validation admits no narrower apiAccessCidrs on alicloud (API_ACCESS_CIDRS)")


# --- logs ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Logs:
    """The SLS project of the stack (flow logs, control plane and audit logs) and the flow logs."""

    project: alicloud.log.Project
    flow_logs: FlowLogs


def logs(context: RegionContext, base: AlicloudBase, name: str, net: Network, opts: pulumi.ResourceOptions) -> Logs:
    """The SLS project, the flow-log logstore and the VPC flow log.

    Project and logstore hold evidence, and deleting either deletes its records, so both are
    `stateful`: destroying the stack forgets them. SLS encrypts stored logs; a customer key would
    need a RAM role for SLS on the key (`encrypt_conf.user_cmk_info`), which corridor does not
    create, so the logstore is encrypted with SLS's service key.
    https://www.alibabacloud.com/help/en/sls/user-guide/data-encryption
    """
    retention = context.spec.logging.retention_days
    project = alicloud.log.Project(
        f"{name}-logs",
        project_name=physical_name("alicloud", "sls_project", "corridor", context.stack, scope=context.scope),
        description=f"Flow, control plane and audit logs of corridor stack {context.stack}",
        resource_group_id=base.resource_group_id,
        tags=context.tags(),
        opts=stateful(opts),
    )
    store = alicloud.log.Store(
        f"{name}-flow-log-store",
        project_name=project.project_name,
        logstore_name=physical_name("alicloud", "sls_logstore", "vpc-flow-logs", scope=context.scope),
        retention_period=retention,
        encrypt_conf=alicloud.log.StoreEncryptConfArgs(enable=True, encrypt_type="default"),
        opts=stateful(opts),
    )
    alicloud.vpc.FlowLog(
        f"{name}-flow-log",
        flow_log_name=physical_name("alicloud", "display_name", "corridor", context.stack, "vpc", scope=context.scope),
        resource_type="VPC",
        resource_id=net.vpc.id,
        traffic_type="All",
        traffic_paths=["all"],
        project_name=project.project_name,
        log_store_name=store.logstore_name,
        status="Active",
        resource_group_id=base.resource_group_id,
        tags=context.tags(),
        opts=opts,
    )
    return Logs(
        project=project,
        flow_logs=FlowLogs(
            destination=project.project_name.apply(lambda p: f"sls://{p}/vpc-flow-logs"),
            note=f"VPC flow logs: every accepted and rejected flow of every ENI in the VPC (nodes, pods, the API "
            f"server), in this SLS logstore, kept {retention} days and encrypted with SLS's service key. Every flow "
            "is logged, so logging.flowLogSampling does not apply",
        ),
    )


# --- the cluster handle ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AckCluster(Cluster):
    """The ACK cluster as its GPU node pools need it: the neutral fields plus the control plane,
    the vSwitches and security group nodes attach to, and the disk key."""

    ack: alicloud.cs.ManagedKubernetes
    resource_group_id: str
    zones: tuple[str, ...]
    node_vswitch_ids: dict[str, pulumi.Output[str]]
    """Node vSwitch id per zone."""
    security_group_id: pulumi.Output[str]
    disk_key_id: pulumi.Output[str] | None
    """The stack key GPU system disks are encrypted with; None with `corridor:nodeDiskKey: platform`."""
    system_pool: alicloud.cs.NodePool
    """GPU pools wait for it (CoreDNS, the device plugin's controllers run there)."""


def build_cluster(
    context: RegionContext, base: AlicloudBase, name: str, keys: Keys, opts: pulumi.ResourceOptions
) -> AckCluster:
    spec = context.spec
    if spec.network.existing_subnet_ids is not None:
        # Terway needs a node and a pod vSwitch per zone; one list of ids cannot say which is which.
        raise ValueError("network.existingSubnetIds is not supported on alicloud: corridor creates the cluster's VPC")
    access_to_api = api_access(context)
    net = network(context, base, name, opts)
    log = logs(context, base, name, net, opts)
    stack_key_disks = spec.node_disk_key == "stack"
    zones = list(net.zones)
    project_name = log.project.project_name
    ack = alicloud.cs.ManagedKubernetes(
        f"{name}-ack",
        name=physical_name("alicloud", "cluster", "corridor", context.stack, scope=context.scope),
        cluster_spec=CLUSTER_SPEC,
        profile=CLUSTER_PROFILE,
        resource_group_id=base.resource_group_id,
        vswitch_ids=[net.node_switches[z].id for z in zones],
        pod_vswitch_ids=[net.pod_switches[z].id for z in zones],
        service_cidr=SERVICE_CIDR,
        security_group_id=net.security_group.id,
        # corridor's NAT gateway is the egress path; the API endpoint is private unless the stack
        # explicitly opens it to the whole internet (`api_access`, C2).
        new_nat_gateway=False,
        slb_internet_enabled=not access_to_api.private,
        addons=[alicloud.cs.ManagedKubernetesAddonArgs(name=addon) for addon in (CNI_ADDON, *CSI_ADDONS)],
        # Kubernetes Secrets envelope-encrypted with the stack key (C1): both inputs are needed.
        encryption_provider_key=keys.primary.id,
        disable_encryption=False,
        # RAM Roles for Service Accounts (C6); it cannot be turned off once on.
        enable_rrsa=True,
        control_plane_log_project=project_name,
        control_plane_log_components=list(CONTROL_PLANE_LOG_COMPONENTS),
        control_plane_log_ttl=str(spec.logging.retention_days),
        audit_log_config=alicloud.cs.ManagedKubernetesAuditLogConfigArgs(enabled=True, sls_project_name=project_name),
        deletion_protection=not context.disposable,
        maintenance_window=MAINTENANCE_WINDOW,
        operation_policy=alicloud.cs.ManagedKubernetesOperationPolicyArgs(
            cluster_auto_upgrade=alicloud.cs.ManagedKubernetesOperationPolicyClusterAutoUpgradeArgs(
                enabled=True, channel=UPGRADE_CHANNEL
            )
        ),
        tags=context.tags(),
        opts=pulumi.ResourceOptions.merge(
            opts,
            pulumi.ResourceOptions(
                # Nodes join through the NAT gateway, and the VPC admits them to the API server.
                depends_on=list(net.egress),
                # ACK moves the version along its channel; a re-render must not pull it back.
                ignore_changes=["version"],
            ),
        ),
    )
    # ACK resizes a node pool's scaling group on pending pods only once the cluster's node
    # autoscaler is configured (CreateAutoscalingConfig, which the console's "Enable Node Scaling"
    # calls): without it a GPU pool at minNodes 0 stays empty. The upstream Cluster Autoscaler,
    # scanning every 30 s and allowed to scale a pool up from zero (docs/dr-runbook.md times it).
    # https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/auto-scaling-of-nodes
    alicloud.cs.AutoscalingConfig(
        f"{name}-autoscaler",
        cluster_id=ack.id,
        scaler_type="cluster-autoscaler",
        expander="least-waste",
        scan_interval="30s",
        scale_up_from_zero=True,
        scale_down_enabled=True,
        opts=opts,
    )
    disk_key = keys.primary.id if stack_key_disks else None
    system = system_node_pool(context, base, name, ack, net, disk_key, opts)
    endpoint = ack.connections.apply(lambda connections: _endpoint(connections, access_to_api.private))
    return AckCluster(
        name=ack.name,
        endpoint=endpoint,
        kubeconfig=kubeconfig(ack, endpoint, opts),
        version_policy=VERSION_POLICY,
        secrets_key_id=keys.primary.id,
        system_zones=pool_zones(system, net),
        system_zone_reason=(
            "spread: the system pool has a vSwitch in each zone of "
            + ("corridor:zones" if spec.zones else f"{spec.region} (corridor:zones unset, the region catalog's zones)")
            + ", so losing one zone leaves system nodes running"
        ),
        api_access=access_to_api,
        flow_logs=log.flow_logs,
        node_disks=node_disks(disk_key, "the system pool's"),
        ack=ack,
        resource_group_id=base.resource_group_id,
        zones=net.zones,
        node_vswitch_ids={z: net.node_switches[z].id for z in zones},
        security_group_id=net.security_group.id,
        disk_key_id=disk_key,
        system_pool=system,
    )


def _endpoint(connections: Sequence[alicloud.cs.outputs.ManagedKubernetesConnection], private: bool) -> str:
    """The API URL clients use: the intranet endpoint, or the internet one when the API is public."""
    connection = connections[0] if connections else None
    url = None
    if connection is not None:
        url = connection.api_server_intranet if private else connection.api_server_internet
    if not url:
        raise ValueError(f"the cluster reports no {'intranet' if private else 'internet'} API endpoint")
    return url


def node_disks(key_id: pulumi.Output[str] | None, whose: str) -> NodeDisks:
    """How a pool's system disks are encrypted: always encrypted, with the stack key
    (`system_disk_kms_key`) or, with `corridor:nodeDiskKey: platform`, ECS's service key."""
    if key_id is not None:
        return NodeDisks(
            key_id=key_id,
            note=f"ECS disk encryption with the stack key: {whose} system_disk_encrypted is true and "
            "system_disk_kms_key names the key",
        )
    return NodeDisks(
        key_id=None,
        note=f"ECS disk encryption with the ECS service key: corridor:nodeDiskKey is platform, so {whose} "
        "system_disk_encrypted is true and no system_disk_kms_key is named",
    )


def pool_zones(
    node_pool: alicloud.cs.NodePool, net_or_cluster: Network | AckCluster
) -> pulumi.Output[list[str] | None]:
    """The zones of a node pool's own vSwitches (`vswitch_ids`), by the stack's vSwitch-to-zone map."""
    if isinstance(net_or_cluster, Network):
        ids = {z: s.id for z, s in net_or_cluster.node_switches.items()}
    else:
        ids = net_or_cluster.node_vswitch_ids
    zone_list = list(ids)
    by_id = pulumi.Output.all(*[ids[z] for z in zone_list]).apply(
        lambda resolved: {str(i): z for i, z in zip(resolved, zone_list, strict=True)}
    )
    return zones_of(
        pulumi.Output.all(node_pool.vswitch_ids, by_id).apply(lambda args: [args[1][str(i)] for i in (args[0] or [])])
    )


# --- system pool, kubeconfig ------------------------------------------------------------------------


def system_node_pool(
    context: RegionContext,
    base: AlicloudBase,
    name: str,
    ack: alicloud.cs.ManagedKubernetes,
    net: Network,
    disk_key: pulumi.Output[str] | None,
    opts: pulumi.ResourceOptions,
) -> alicloud.cs.NodePool:
    """Small CPU nodes over every zone the stack uses, for cluster add-ons; GPU nodes stay tainted
    and apart. ACK manages it (`management`): nodes are upgraded in the maintenance window."""
    return alicloud.cs.NodePool(
        f"{name}-system",
        cluster_id=ack.id,
        node_pool_name=physical_name(
            "alicloud", "display_name", "corridor", context.stack, "system", scope=context.scope
        ),
        instance_types=SYSTEM_INSTANCE_TYPES,
        desired_size=SYSTEM_NODES,
        vswitch_ids=[net.node_switches[z].id for z in net.zones],
        # Spread the nodes evenly across the zones' vSwitches.
        multi_az_policy="BALANCE",
        security_group_ids=[net.security_group.id],
        image_type=IMAGE_TYPE,
        system_disk_category=SYSTEM_DISK_CATEGORY,
        system_disk_size=SYSTEM_DISK_GIB,
        system_disk_encrypted=True,
        system_disk_encrypt_algorithm=DISK_ENCRYPTION,
        system_disk_kms_key=disk_key,
        labels=[alicloud.cs.NodePoolLabelArgs(key=k, value=v) for k, v in context.system_node_labels().items()],
        management=alicloud.cs.NodePoolManagementArgs(enable=True, auto_upgrade=True, max_unavailable=1),
        resource_group_id=base.resource_group_id,
        tags=context.tags(),
        opts=opts,
    )


def kubeconfig(
    ack: alicloud.cs.ManagedKubernetes, endpoint: pulumi.Output[str], opts: pulumi.ResourceOptions
) -> pulumi.Output[str]:
    """A kubeconfig whose user runs `ack-ram-tool credential-plugin get-credential` (the caller's
    RAM credentials; short-lived client certificates, never stored).

    Only the cluster CA is taken from `get_cluster_credential`; the client certificate it also
    returns is discarded. The shortest validity it accepts (15 minutes) keeps that certificate
    useless soon after the render."""
    credential = alicloud.cs.get_cluster_credential_output(
        cluster_id=ack.id,
        temporary_duration_minutes=15,
        opts=pulumi.InvokeOutputOptions(parent=opts.parent, depends_on=[ack]),
    )

    def render(args: list[object]) -> str:
        cluster_name, cluster_id, server, ca = (str(a) for a in args)
        return kubeconfig_document(cluster_name, cluster_id, server, ca)

    ca = credential.certificate_authorities.apply(lambda cas: cas[0].cluster_cert)
    return pulumi.Output.secret(pulumi.Output.all(ack.name, ack.id, endpoint, ca).apply(render))


def kubeconfig_document(cluster_name: str, cluster_id: str, server: str, ca_data: str) -> str:
    """corridor's kubeconfig for the cluster: `server`, the cluster CA (base64), and a user running
    Alibaba's ACK credential plugin for this cluster."""
    return exec_kubeconfig(
        cluster_name,
        server,
        ca_data,
        {
            "command": "ack-ram-tool",
            "args": ["credential-plugin", "get-credential", "--cluster-id", cluster_id, "--api-version", "v1beta1"],
            "interactiveMode": "Never",
        },
    )
