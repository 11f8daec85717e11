"""OKE: the region's enhanced cluster, its VCN, a CPU system node pool and a kubeconfig.

Construction:
- Network: a VCN on `network.cidr` with DNS labels, and three regional subnets carved from it
  (`carve`): the Kubernetes API endpoint (a /28), the worker nodes and the pods (VCN-native pod
  networking gives every pod a VCN address, so the pods subnet is the largest). Workers and pods
  never get public IPs (reliability C3). Private subnets route `0.0.0.0/0` through a NAT gateway
  (image pulls) and "All <region> Services in Oracle Services Network" through a service gateway
  (OKE, Object Storage, the Vault), as Oracle's example network for a VCN-native cluster does.
  https://docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengnetworkconfigexample.htm
- Closed by default: the VCN's default security list is adopted with no rule (CIS OCI 2.5: it
  allows SSH from anywhere) and is the only list on every subnet; all traffic the cluster needs is
  opened by three network security groups (API endpoint, workers, pods) holding exactly the rules
  of Oracle's security-list table for a VCN-native cluster (`API_RULES`, `WORKER_RULES`,
  `POD_RULES`; Oracle recommends NSGs over security lists and documents the same rules for both),
  plus HTTPS to the internet from workers and pods (the table's optional internet row, narrowed
  to 443) so nodes can pull images from public registries.
- The API endpoint (C2): with `network.privateEndpoint` it has a private IP only; otherwise its
  subnet is public (routed through an internet gateway), the endpoint gets a public IP as well,
  and the API NSG admits TCP 6443 only from `network.apiAccessCidrs`, so `pulumi up`, kubectl and
  corridor's in-cluster layer reach it from exactly those ranges. Workers and pods always use the
  private endpoint.
- VCN flow logs: an OCI Logging service log (`source.service = "flowlogs"`, category `all`) on
  each of the three subnets, in a log group of the stack, kept `logging.retentionDays` (OCI
  accepts 30-day steps up to 180; the profile validates it).
  https://docs.oracle.com/en-us/iaas/Content/Network/Concepts/vcn-flow-logs-enable.htm
- The control plane: an ENHANCED cluster (add-ons, workload identity and the financially backed
  SLA need it; the API creates a basic one when `type` is unset), Kubernetes Secrets
  envelope-encrypted with the stack key (`kms_key_id`, C1), VCN-native pod networking
  (`OCI_VCN_IP_NATIVE`), and a pinned Kubernetes version (`VERSION_POLICY`). Workload identity
  (C6) is a property of enhanced clusters: there is no flag to set; pods' service accounts are
  principals IAM policies can name (`request.principal.type = 'workload'`).
  https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contenggrantingworkloadaccesstoresources.htm
  OKE has no deletion protection flag, and compute is never Pulumi-`protect`ed (as on AWS, C13):
  the cluster is deleted by a deliberate `pulumi destroy`.
- IAM (`access_policy`): one policy in the stack's compartment letting OKE clusters use the stack
  key for Secrets, Block Volume use it for node boot volumes (with `corridor:nodeDiskKey: stack`),
  node pools launch into capacity reservations and compute clusters when the stack's pools need
  them; and, once the cluster exists, one letting only the Cluster Autoscaler's service account of
  this cluster manage node pools (`autoscaler_policy`). Both go through the home-region
  provider: OCI accepts IAM writes only in the tenancy's home region (`identity.py`).
- Add-ons: OKE's NVIDIA GPU Plugin (the device plugin on Oracle's GPU images; its bundled DCGM
  exporter is off when corridor's own agents export GPU metrics), and, once the GPU pools exist,
  the Cluster Autoscaler (`node_pool.py`, `register_autoscaled`).
- A system node pool (`VM.Standard.E5.Flex`, 2 OCPUs, 3 nodes, labelled
  `context.system_node_labels()`), one placement per availability domain of `corridor:zones`
  (every availability domain of the region without it), on Oracle's OKE Oracle Linux image; boot
  volumes encrypted with the stack key and in transit.
- A kubeconfig whose user runs `oci ce cluster generate-token`: the cluster's CA is read from
  `oci.containerengine.get_cluster_kube_config`, the endpoint from the cluster; no static
  credential lands in state. https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengdownloadkubeconfigfile.htm
"""

from __future__ import annotations

import base64
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import pulumi
import pulumi_oci as oci
import yaml

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
from components.clouds.oci.identity import iam_policy
from components.naming import physical_name

if TYPE_CHECKING:
    from components.clouds.oci.adapter import OciBase

# --- version policy ------------------------------------------------------------------------------

# OKE has no release channel: every cluster and node pool names its Kubernetes version, and OKE
# upgrades neither by itself. v1.36.1 is the version Oracle's own GPU quickstart deploys
# (oracle-quickstart/oci-hpc-oke terraform/variables.tf `kubernetes_version`, 2026-08-20). OKE
# supports three minor versions for new clusters and drops the oldest 30 days after adding one.
# https://docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengaboutk8sversions.htm
KUBERNETES_VERSION = "v1.36.1"
VERSION_POLICY = VersionPolicy(
    channel="none",
    version=KUBERNETES_VERSION,
    node_upgrades="explicit: node pools keep the Kubernetes version and the OKE image they were created with; "
    "a new version or image reaches nodes only when a node pool is updated and its nodes are cycled",
    notes=(
        f"Kubernetes {KUBERNETES_VERSION} pinned on the control plane and every node pool: OKE has no release "
        "channel and never upgrades a cluster by itself",
        "OKE supports three Kubernetes minor versions for new clusters and stops supporting the oldest 30 days "
        "after it adds a new one: raise KUBERNETES_VERSION before the pinned minor leaves that list",
    ),
)

CLUSTER_TYPE = "ENHANCED_CLUSTER"
"""Enhanced, not basic: cluster add-ons (NVIDIA GPU Plugin, Cluster Autoscaler) and workload
identity exist only on enhanced clusters, and the API creates a basic cluster when `type` is unset.
https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengcomparingenhancedwithbasicclusters_topic.htm"""

CNI_TYPE = "OCI_VCN_IP_NATIVE"
"""VCN-native pod networking: pods get VCN addresses, so flow logs, NSGs and route tables see
them (flannel would hide pod traffic in an overlay).
https://docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengpodnetworking_topic-OCI_CNI_plugin.htm"""

# --- ports and protocols (Oracle's security rules for a VCN-native cluster) -----------------------

API_PORT = 6443
"""Kubernetes API."""
CONTROL_PLANE_PORT = 12250
"""Workers and pods to the OKE control plane proxy."""
KUBELET_PORT = 10250
"""Control plane to the kubelet."""
HTTPS_PORT = 443
TCP, ICMP, ALL = "6", "1", "all"
ANYWHERE = "0.0.0.0/0"

# --- system pool ---------------------------------------------------------------------------------

# 2 OCPUs (4 vCPUs) and 16 GB, as GKE's e2-standard-4: enough for CoreDNS, the autoscaler, the
# GPU plugin's controllers and corridor's agents. E5.Flex is AMD's current general-purpose shape.
SYSTEM_SHAPE = "VM.Standard.E5.Flex"
SYSTEM_OCPUS, SYSTEM_MEMORY_GBS = 2, 16
# Three nodes: one per fault domain of a single-AD region (most OCI regions have one AD), so a
# fault domain's loss leaves two system nodes.
SYSTEM_NODES = 3
SYSTEM_BOOT_VOLUME_GBS = "100"  # a string in the SDK (`boot_volume_size_in_gbs`)
# VCN-native pods are secondary VNIC addresses: a flex VM with at most 2 OCPUs takes 31 pods
# (Oracle's quickstart: `ocpus <= 2 ? 31 : (ocpus - 1) * 31`).
SYSTEM_MAX_PODS = 31
FAULT_DOMAINS = ("FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3")
"""Every availability domain has three fault domains.
https://docs.oracle.com/en-us/iaas/Content/General/Concepts/regions.htm#fault"""

OKE_INIT = (
    'curl --fail -H "Authorization: Bearer Oracle" -L0 '
    "http://169.254.169.254/opc/v2/instance/metadata/oke_init_script | base64 --decode >/var/run/oke-init.sh"
)
"""The first line of OKE's default cloud-init for managed nodes: fetch OKE's init script from the
instance metadata. https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengusingcustomcloudinitscripts.htm"""

ADDON_GPU_PLUGIN = "NvidiaGpuPlugin"
ADDON_AUTOSCALER = "ClusterAutoscaler"


def cloud_init(kubelet_extra_args: str | None = None) -> str:
    """OKE's default startup script for managed nodes, with `--kubelet-extra-args` when given.

    A managed node pool has no taints field, so a taint is a kubelet registration flag passed
    through OKE's init script (`--kubelet-extra-args`), the route Oracle documents for customising
    the default cloud-init. https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengusingcustomcloudinitscripts.htm
    """
    run = "bash /var/run/oke-init.sh"
    if kubelet_extra_args:
        run += f' --kubelet-extra-args "{kubelet_extra_args}"'
    return f"#!/bin/bash\n{OKE_INIT}\n{run}\n"


def user_data(script: str) -> str:
    """Instance metadata `user_data`: cloud-init content, base64-encoded as OCI requires."""
    return base64.b64encode(script.encode()).decode()


# --- network -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ranges:
    """The three subnets' ranges, carved from `network.cidr`."""

    api: str
    workers: str
    pods: str


def carve(cidr: str) -> Ranges:
    """Pods get the first half of `cidr`, workers the next quarter, the API endpoint the first /28
    of the last quarter (the rest stays free, e.g. for load balancer subnets).

    For the default /16: pods /17 (32,768 addresses), workers /18, API 10.40.192.0/28; for the
    smallest allowed /20: pods /21, workers /22. Deterministic, so a re-render never moves a range.
    """
    network = ipaddress.ip_network(cidr)
    pods, rest = network.subnets(prefixlen_diff=1)
    workers, last = rest.subnets(prefixlen_diff=1)
    api = next(last.subnets(new_prefix=28))
    return Ranges(api=str(api), workers=str(workers), pods=str(pods))


Peer = Literal["api", "workers", "pods", "services", "internet"]


@dataclass(frozen=True)
class Rule:
    """One stateful NSG rule, as Oracle's table states it: the other side, protocol, port."""

    direction: Literal["INGRESS", "EGRESS"]
    peer: Peer
    protocol: str
    port: int | None
    description: str

    @property
    def slug(self) -> str:
        """A stable logical-name suffix: direction, peer, port or protocol."""
        what = str(self.port) if self.port else {TCP: "tcp", ICMP: "icmp", ALL: "all"}[self.protocol]
        return f"{'in' if self.direction == 'INGRESS' else 'out'}-{self.peer}-{what}"


def _in(peer: Peer, protocol: str, port: int | None, description: str) -> Rule:
    return Rule("INGRESS", peer, protocol, port, description)


def _out(peer: Peer, protocol: str, port: int | None, description: str) -> Rule:
    return Rule("EGRESS", peer, protocol, port, description)


# Oracle's security rules for a VCN-native cluster ("Example 3/4: Cluster with OCI CNI Plugin"),
# row by row; ICMP rows are type 3 code 4 (path MTU discovery).
# https://docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengnetworkconfigexample.htm
API_RULES = (
    _in("workers", TCP, API_PORT, "Kubernetes worker to Kubernetes API endpoint communication"),
    _in("workers", TCP, CONTROL_PLANE_PORT, "Kubernetes worker to Kubernetes API endpoint communication"),
    _in("workers", ICMP, None, "Path discovery"),
    _in("pods", TCP, API_PORT, "Pod to Kubernetes API endpoint communication"),
    _in("pods", TCP, CONTROL_PLANE_PORT, "Pod to Kubernetes API endpoint communication"),
    _out("services", TCP, None, "Allow Kubernetes API endpoint to communicate with OKE"),
    _out("services", ICMP, None, "Path discovery"),
    _out("workers", TCP, KUBELET_PORT, "Allow Kubernetes API endpoint to communicate with worker nodes"),
    _out("workers", ICMP, None, "Path discovery"),
    _out("pods", ALL, None, "Allow Kubernetes API endpoint to communicate with pods"),
)
WORKER_RULES = (
    _in("api", TCP, KUBELET_PORT, "Allow Kubernetes API endpoint to communicate with worker nodes"),
    _in("internet", ICMP, None, "Path discovery"),
    _out("pods", ALL, None, "Allow worker nodes to access pods"),
    _out("internet", ICMP, None, "Path discovery"),
    _out("services", TCP, None, "Allow worker nodes to communicate with OKE"),
    _out("api", TCP, API_PORT, "Kubernetes worker to Kubernetes API endpoint communication"),
    _out("api", TCP, CONTROL_PLANE_PORT, "Kubernetes worker to Kubernetes API endpoint communication"),
    _out("internet", TCP, HTTPS_PORT, "Worker nodes pull images from registries outside OCI (through the NAT gateway)"),
)
POD_RULES = (
    _in("workers", ALL, None, "Allow worker nodes to access pods"),
    _in("api", ALL, None, "Allow Kubernetes API endpoint to communicate with pods"),
    _in("pods", ALL, None, "Allow pods to communicate with other pods"),
    _out("pods", ALL, None, "Allow pods to communicate with other pods"),
    _out("services", ICMP, None, "Path discovery"),
    _out("services", TCP, None, "Allow pods to communicate with OCI services"),
    _out("internet", TCP, HTTPS_PORT, "Allow pods to communicate with internet (HTTPS, through the NAT gateway)"),
    _out("api", TCP, API_PORT, "Pod to Kubernetes API endpoint communication"),
    _out("api", TCP, CONTROL_PLANE_PORT, "Pod to Kubernetes API endpoint communication"),
)

ALL_SERVICES = re.compile(r"All .* Services In Oracle Services Network")
"""The service gateway's target: every Oracle service of the region (OKE, Object Storage, Vault,
Logging), not Object Storage alone. https://docs.oracle.com/en-us/iaas/Content/Network/Tasks/servicegateway.htm"""


@dataclass(frozen=True)
class OracleServices:
    """The region's "All Services" entry: its OCID (service gateway) and its CIDR label (route
    rules and NSG rules of type SERVICE_CIDR_BLOCK, e.g. `all-jed-services-in-oracle-services-network`)."""

    id: pulumi.Output[str]
    cidr_label: pulumi.Output[str]


def oracle_services(opts: pulumi.ResourceOptions) -> OracleServices:
    """The region's "All <region> Services in Oracle Services Network" (`oci.core.get_services`)."""

    def pick(
        services: Sequence[oci.core.outputs.GetServicesServiceResult],
    ) -> oci.core.outputs.GetServicesServiceResult:
        matches = [s for s in services if ALL_SERVICES.fullmatch(s.name)]
        if len(matches) != 1:
            raise ValueError(f"expected one 'All <region> Services In Oracle Services Network', found {len(matches)}")
        return matches[0]

    found = oci.core.get_services_output(opts=pulumi.InvokeOutputOptions(parent=opts.parent)).services.apply(pick)
    return OracleServices(id=found.apply(lambda s: s.id), cidr_label=found.apply(lambda s: s.cidr_block))


@dataclass(frozen=True)
class Network:
    """The VCN corridor creates and what the cluster and node pools attach to."""

    vcn: oci.core.Vcn
    ranges: Ranges
    api_subnet: oci.core.Subnet
    worker_subnet: oci.core.Subnet
    pod_subnet: oci.core.Subnet
    api_nsg: oci.core.NetworkSecurityGroup
    worker_nsg: oci.core.NetworkSecurityGroup
    pod_nsg: oci.core.NetworkSecurityGroup
    rules: tuple[oci.core.NetworkSecurityGroupSecurityRule, ...]
    """Every NSG rule: the cluster waits for them, so node pools (which name it) come later too."""


def network(context: RegionContext, base: OciBase, name: str, opts: pulumi.ResourceOptions) -> Network:
    """The VCN, its gateways, route tables, the locked default security list, subnets and NSGs."""
    spec, tags, compartment = context.spec, context.tags(), base.compartment_id
    ranges = carve(spec.network.cidr)
    public_api = not spec.network.private_endpoint

    def display(*parts: str) -> str:
        return physical_name("oci", "display_name", "corridor", context.stack, *parts, scope=context.scope)

    vcn = oci.core.Vcn(
        f"{name}-vcn",
        compartment_id=compartment,
        cidr_blocks=[spec.network.cidr],
        display_name=display("vcn"),
        # A DNS label on the VCN and each subnet gives nodes resolvable hostnames, which OKE's
        # example networks select ("DNS Resolution: Selected").
        dns_label=physical_name("oci", "dns_label", "corridor", scope=context.scope),
        freeform_tags=tags,
        opts=opts,
    )
    # CIS OCI 2.5: the default security list admits SSH from anywhere. Adopted with no rule; every
    # subnet names it (and nothing else), and NSGs open what the cluster needs.
    oci.core.DefaultSecurityList(
        f"{name}-default-security-list",
        manage_default_resource_id=vcn.default_security_list_id,
        compartment_id=compartment,
        display_name=display("default-deny"),
        ingress_security_rules=[],
        egress_security_rules=[],
        freeform_tags=tags,
        opts=opts,
    )
    services = oracle_services(opts)
    nat = oci.core.NatGateway(
        f"{name}-nat",
        compartment_id=compartment,
        vcn_id=vcn.id,
        block_traffic=False,
        display_name=display("nat"),
        freeform_tags=tags,
        opts=opts,
    )
    service_gateway = oci.core.ServiceGateway(
        f"{name}-service-gateway",
        compartment_id=compartment,
        vcn_id=vcn.id,
        services=[oci.core.ServiceGatewayServiceArgs(service_id=services.id)],
        display_name=display("service-gateway"),
        freeform_tags=tags,
        opts=opts,
    )
    private_routes = oci.core.RouteTable(
        f"{name}-private-routes",
        compartment_id=compartment,
        vcn_id=vcn.id,
        display_name=display("private"),
        route_rules=[
            oci.core.RouteTableRouteRuleArgs(
                network_entity_id=nat.id,
                destination=ANYWHERE,
                destination_type="CIDR_BLOCK",
                description="Internet egress (image pulls) through the NAT gateway",
            ),
            oci.core.RouteTableRouteRuleArgs(
                network_entity_id=service_gateway.id,
                destination=services.cidr_label,
                destination_type="SERVICE_CIDR_BLOCK",
                description="Oracle services (OKE, Object Storage, Vault) through the service gateway",
            ),
        ],
        freeform_tags=tags,
        opts=opts,
    )
    api_routes = private_routes
    if public_api:
        # A public API endpoint answers through an internet gateway; its subnet routes nothing
        # else (Oracle's example 3).
        internet = oci.core.InternetGateway(
            f"{name}-internet-gateway",
            compartment_id=compartment,
            vcn_id=vcn.id,
            enabled=True,
            display_name=display("internet-gateway"),
            freeform_tags=tags,
            opts=opts,
        )
        api_routes = oci.core.RouteTable(
            f"{name}-api-routes",
            compartment_id=compartment,
            vcn_id=vcn.id,
            display_name=display("api"),
            route_rules=[
                oci.core.RouteTableRouteRuleArgs(
                    network_entity_id=internet.id,
                    destination=ANYWHERE,
                    destination_type="CIDR_BLOCK",
                    description="The public Kubernetes API endpoint answers through the internet gateway",
                )
            ],
            freeform_tags=tags,
            opts=opts,
        )

    def subnet(role: str, cidr: str, routes: oci.core.RouteTable, public: bool) -> oci.core.Subnet:
        # Regional subnets (no availability_domain): OKE places nodes in any AD of the region.
        return oci.core.Subnet(
            f"{name}-{role}",
            compartment_id=compartment,
            vcn_id=vcn.id,
            cidr_block=cidr,
            display_name=display(role),
            dns_label=role,
            prohibit_public_ip_on_vnic=not public,
            route_table_id=routes.id,
            security_list_ids=[vcn.default_security_list_id],
            freeform_tags=tags,
            opts=opts,
        )

    api_subnet = subnet("api", ranges.api, api_routes, public_api)
    worker_subnet = subnet("workers", ranges.workers, private_routes, False)
    pod_subnet = subnet("pods", ranges.pods, private_routes, False)

    def nsg(role: str) -> oci.core.NetworkSecurityGroup:
        return oci.core.NetworkSecurityGroup(
            f"{name}-{role}-nsg",
            compartment_id=compartment,
            vcn_id=vcn.id,
            display_name=display(role),
            freeform_tags=tags,
            opts=opts,
        )

    nsgs = {"api": nsg("api"), "workers": nsg("workers"), "pods": nsg("pods")}
    peers: dict[Peer, tuple[pulumi.Input[str], str]] = {
        "api": (ranges.api, "CIDR_BLOCK"),
        "workers": (ranges.workers, "CIDR_BLOCK"),
        "pods": (ranges.pods, "CIDR_BLOCK"),
        "services": (services.cidr_label, "SERVICE_CIDR_BLOCK"),
        "internet": (ANYWHERE, "CIDR_BLOCK"),
    }
    rules: list[oci.core.NetworkSecurityGroupSecurityRule] = []
    for role, table in (("api", API_RULES), ("workers", WORKER_RULES), ("pods", POD_RULES)):
        for rule in table:
            peer, peer_type = peers[rule.peer]
            rules.append(nsg_rule(f"{name}-{role}-{rule.slug}", nsgs[role], rule, peer, peer_type, opts))
    for cidr in api_access(context).allowed_cidrs:
        # The public endpoint, to exactly network.apiAccessCidrs (C2).
        client = _in("internet", TCP, API_PORT, "Kubernetes API clients in network.apiAccessCidrs")
        slug = re.sub(r"[^0-9a-f]+", "-", str(cidr).lower()).strip("-")
        rules.append(nsg_rule(f"{name}-api-in-client-{slug}", nsgs["api"], client, cidr, "CIDR_BLOCK", opts))
    return Network(
        vcn=vcn,
        ranges=ranges,
        api_subnet=api_subnet,
        worker_subnet=worker_subnet,
        pod_subnet=pod_subnet,
        api_nsg=nsgs["api"],
        worker_nsg=nsgs["workers"],
        pod_nsg=nsgs["pods"],
        rules=tuple(rules),
    )


def nsg_rule(
    name: str,
    group: oci.core.NetworkSecurityGroup,
    rule: Rule,
    peer: pulumi.Input[str],
    peer_type: str,
    opts: pulumi.ResourceOptions,
) -> oci.core.NetworkSecurityGroupSecurityRule:
    """One stateful rule of `group`: `peer` is its source (ingress) or destination (egress)."""
    ingress = rule.direction == "INGRESS"
    tcp = (
        oci.core.NetworkSecurityGroupSecurityRuleTcpOptionsArgs(
            destination_port_range=oci.core.NetworkSecurityGroupSecurityRuleTcpOptionsDestinationPortRangeArgs(
                min=rule.port, max=rule.port
            )
        )
        if rule.protocol == TCP and rule.port is not None
        else None
    )
    icmp = oci.core.NetworkSecurityGroupSecurityRuleIcmpOptionsArgs(type=3, code=4) if rule.protocol == ICMP else None
    return oci.core.NetworkSecurityGroupSecurityRule(
        name,
        network_security_group_id=group.id,
        direction=rule.direction,
        protocol=rule.protocol,
        description=rule.description,
        stateless=False,
        source=peer if ingress else None,
        source_type=peer_type if ingress else None,
        destination=None if ingress else peer,
        destination_type=None if ingress else peer_type,
        tcp_options=tcp,
        icmp_options=icmp,
        opts=opts,
    )


def flow_logs(context: RegionContext, base: OciBase, name: str, net: Network, opts: pulumi.ResourceOptions) -> FlowLogs:
    """Every flow of the three subnets, as OCI Logging service logs of the `flowlogs` service.

    Log group and logs are evidence, and an OCI log holds its own records (deleting it deletes
    them), so both are `stateful`: destroying the stack forgets them and the records stay for
    their retention; a change that would replace a log (its subnet replaced) stops for review.
    OCI Logging encrypts logs with Oracle-managed keys; it takes no customer key.
    https://docs.oracle.com/en-us/iaas/Content/Logging/Concepts/service_logs.htm
    """
    retention = context.spec.logging.retention_days
    group = oci.logging.LogGroup(
        f"{name}-flow-logs",
        compartment_id=base.compartment_id,
        display_name=physical_name("oci", "log_group", context.stack, "vcn-flow-logs", scope=context.scope),
        description=f"VCN flow logs of corridor stack {context.stack}",
        freeform_tags=context.tags(),
        opts=stateful(opts),
    )
    for role, subnet in (("api", net.api_subnet), ("workers", net.worker_subnet), ("pods", net.pod_subnet)):
        oci.logging.Log(
            f"{name}-flow-log-{role}",
            display_name=physical_name("oci", "display_name", context.stack, role, "flow-log", scope=context.scope),
            log_group_id=group.id,
            log_type="SERVICE",
            configuration=oci.logging.LogConfigurationArgs(
                source=oci.logging.LogConfigurationSourceArgs(
                    service="flowlogs", category="all", resource=subnet.id, source_type="OCISERVICE"
                ),
                compartment_id=base.compartment_id,
            ),
            is_enabled=True,
            retention_duration=retention,
            freeform_tags=context.tags(),
            opts=stateful(opts),
        )
    return FlowLogs(
        destination=group.id,
        note=f"VCN flow logs: every accepted and rejected flow of the API endpoint, worker and pod subnets, as OCI "
        f"Logging service logs (flowlogs, category all) in this log group, kept {retention} days and encrypted with "
        "Oracle-managed keys (OCI Logging takes no customer key). Every flow is logged, so "
        "logging.flowLogSampling does not apply",
    )


def api_access(context: RegionContext) -> ApiAccess:
    """Who reaches the API: exactly the ranges the API NSG admits to the public endpoint."""
    network = context.spec.network
    if network.private_endpoint:
        return ApiAccess(private=True, allowed_cidrs=())
    return ApiAccess(private=False, allowed_cidrs=tuple(network.api_access_cidrs))


# --- availability domains -------------------------------------------------------------------------


def zone_of(availability_domain: str) -> str:
    """corridor's name of an availability domain: `Xyzw:ME-JEDDAH-1-AD-1` is `AD-1`."""
    match = re.search(r"AD-\d+$", availability_domain)
    if match is None:
        raise ValueError(f"'{availability_domain}' is not an availability domain name")
    return match.group(0)


def availability_domains(
    context: RegionContext, base: OciBase, opts: pulumi.ResourceOptions
) -> pulumi.Output[list[str]]:
    """The full names of the availability domains the stack uses: those of `corridor:zones`
    (`AD-1`...), else every one of the region. The tenancy-specific prefix of a name is known only
    to `ListAvailabilityDomains` (`oci.identity.get_availability_domains` on the tenancy)."""
    wanted = context.spec.zones

    def select(names: list[str]) -> list[str]:
        by_zone = {zone_of(n): n for n in names}
        if not wanted:
            return [by_zone[zone] for zone in sorted(by_zone)]
        missing = [zone for zone in wanted if zone not in by_zone]
        if missing:
            raise ValueError(
                f"corridor:zones names {', '.join(missing)}, which {context.spec.region} does not have "
                f"(it has {', '.join(sorted(by_zone))})"
            )
        return [by_zone[zone] for zone in wanted]

    listed = oci.identity.get_availability_domains_output(
        compartment_id=base.tenancy_id, opts=pulumi.InvokeOutputOptions(parent=opts.parent)
    )
    return listed.availability_domains.apply(lambda ads: select([ad.name for ad in ads]))


# --- IAM -----------------------------------------------------------------------------------------

KEY_STATEMENTS = (
    # Kubernetes Secrets: the cluster's resource principal wraps data keys with the stack key.
    # https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengencryptingdata.htm
    "Allow any-user to use keys in compartment id {compartment} where ALL "
    "{{request.principal.type = 'cluster', target.key.id = '{key}'}}",
)
BOOT_VOLUME_STATEMENTS = (
    # Node boot volumes: Block Volume uses the key; since 2024-08-15 the node pool principal must
    # be allowed the key delegate. https://docs.oracle.com/en-us/iaas/Content/ContEng/Concepts/contengpolicyconfig.htm
    "Allow service blockstorage to use keys in compartment id {compartment} where target.key.id = '{key}'",
    "Allow any-user to use key-delegates in compartment id {compartment} where ALL "
    "{{request.principal.type = 'nodepool', target.key.id = '{key}'}}",
)
RESERVATION_STATEMENTS = (
    # Managed nodes launched into a compute capacity reservation.
    # https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengmakingcapacityreservations.htm
    "Allow service oke to use compute-capacity-reservations in compartment id {compartment}",
    "Allow any-user to use compute-capacity-reservations in compartment id {compartment} where "
    "request.principal.type = 'nodepool'",
)
COMPUTE_CLUSTER_STATEMENTS = (
    # Managed nodes launched into a compute cluster (the RDMA network block of a bare-metal GPU
    # pool): the permission Oracle's GPU quickstart grants node pools (oci-hpc-oke terraform/iam.tf).
    "Allow any-user to {{COMPUTE_CLUSTER_LAUNCH_INSTANCE}} in compartment id {compartment} where "
    "request.principal.type = 'nodepool'",
)
AUTOSCALER_VERBS = (
    "manage cluster-node-pools",
    "manage instance-family",
    "use subnets",
    "read virtual-network-family",
    "use vnics",
    "inspect compartments",
)
"""What the Cluster Autoscaler add-on needs to resize node pools, as a workload identity.
https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengusingclusterautoscaler_topic-Working_with_Cluster_Autoscaler_as_Cluster_Add-on.htm"""


def access_statements(
    compartment: str, key_id: str, boot_volumes: bool, reservations: bool, compute_clusters: bool
) -> list[str]:
    """The statements of the cluster's access policy, all scoped to the stack's compartment."""
    templates = [
        *KEY_STATEMENTS,
        *(BOOT_VOLUME_STATEMENTS if boot_volumes else ()),
        *(RESERVATION_STATEMENTS if reservations else ()),
        *(COMPUTE_CLUSTER_STATEMENTS if compute_clusters else ()),
    ]
    return [template.format(compartment=compartment, key=key_id) for template in templates]


def autoscaler_statements(compartment: str, cluster_id: str) -> list[str]:
    """Node-pool management for the Cluster Autoscaler add-on's service account of this cluster only."""
    who = (
        "ALL {request.principal.type = 'workload', request.principal.namespace = 'kube-system', "
        f"request.principal.service_account = 'cluster-autoscaler', request.principal.cluster_id = '{cluster_id}'}}"
    )
    return [f"Allow any-user to {verbs} in compartment id {compartment} where {who}" for verbs in AUTOSCALER_VERBS]


# --- the cluster handle ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AutoscaledPool:
    """One GPU node pool the Cluster Autoscaler add-on resizes."""

    pool: str
    min_nodes: int
    max_nodes: int
    node_pool: oci.containerengine.NodePool


@dataclass(frozen=True)
class OkeCluster(Cluster):
    """The OKE cluster as its GPU node pools need it: the neutral fields plus the control plane,
    the subnets and NSGs nodes and pods attach to, the availability domains and the keys."""

    oke: oci.containerengine.Cluster
    compartment_id: str
    kubernetes_version: str
    worker_subnet_id: pulumi.Output[str]
    pod_subnet_id: pulumi.Output[str]
    worker_nsg_id: pulumi.Output[str]
    pod_nsg_id: pulumi.Output[str]
    availability_domains: pulumi.Output[list[str]]
    """Full names of the availability domains the stack uses (`availability_domains`)."""
    disk_key_id: pulumi.Output[str] | None
    """The stack key GPU boot volumes are encrypted with; None with `corridor:nodeDiskKey: platform`."""
    access_policy: oci.identity.Policy
    """Lets node pools use the boot-volume key, reservations and compute clusters; pools wait for it."""
    autoscaler_policy: oci.identity.Policy
    system_pool: oci.containerengine.NodePool
    """The CPU system pool: GPU pools wait for it (the autoscaler and GPU plugin controllers run
    there). The NSG rules come first anyway: the cluster waits for them."""
    autoscaled: list[AutoscaledPool] = field(default_factory=list)
    """GPU pools registered so far (`register_autoscaled`); the add-on follows the last one."""


def build_cluster(
    context: RegionContext, base: OciBase, name: str, keys: Keys, opts: pulumi.ResourceOptions
) -> OkeCluster:
    spec = context.spec
    if spec.network.existing_subnet_ids is not None:
        # VCN-native OKE needs an API, a worker and a pod subnet with the NSGs above; one list of
        # existing subnet ids cannot say which is which. The profile refuses the key.
        raise ValueError("network.existingSubnetIds is not supported on oci: corridor creates the cluster's VCN")
    net = network(context, base, name, opts)
    logs = flow_logs(context, base, name, net, opts)
    stack_key_disks = spec.node_disk_key == "stack"
    plans = spec.pool_plans
    access = iam_policy(
        context,
        base,
        f"{name}-access-policy",
        "oke",
        "OKE may use the stack key for Kubernetes Secrets and boot volumes",
        keys.primary.id.apply(
            lambda key: access_statements(
                base.compartment_id,
                key,
                boot_volumes=stack_key_disks,
                reservations=any(plan.reservation is not None for plan in plans),
                compute_clusters=any(plan.fabric for plan in plans),
            )
        ),
        opts,
    )
    cluster_name = physical_name("oci", "display_name", "corridor", context.stack, scope=context.scope)
    access_to_api = api_access(context)
    oke = oci.containerengine.Cluster(
        f"{name}-oke",
        compartment_id=base.compartment_id,
        name=cluster_name,
        type=CLUSTER_TYPE,
        kubernetes_version=KUBERNETES_VERSION,
        vcn_id=net.vcn.id,
        # Kubernetes Secrets envelope-encrypted with the stack key (C1); settable only at creation.
        kms_key_id=keys.primary.id,
        endpoint_config=oci.containerengine.ClusterEndpointConfigArgs(
            subnet_id=net.api_subnet.id,
            is_public_ip_enabled=not access_to_api.private,
            nsg_ids=[net.api_nsg.id],
        ),
        cluster_pod_network_options=[oci.containerengine.ClusterClusterPodNetworkOptionArgs(cni_type=CNI_TYPE)],
        freeform_tags=context.tags(),
        # OKE checks it may use the key when it creates the cluster.
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[access, *net.rules])),
    )
    autoscaler = iam_policy(
        context,
        base,
        f"{name}-autoscaler-policy",
        "oke-autoscaler",
        "the Cluster Autoscaler of the stack's cluster may resize its node pools",
        oke.id.apply(lambda cluster_id: autoscaler_statements(base.compartment_id, cluster_id)),
        opts,
    )
    ads = availability_domains(context, base, opts)
    system = system_node_pool(context, base, name, oke, net, ads, keys if stack_key_disks else None, access, opts)
    gpu_plugin(context, name, oke, system, opts)
    endpoint = oke.endpoints.apply(lambda endpoints: _endpoint(endpoints, access_to_api.private))
    return OkeCluster(
        name=oke.name,
        endpoint=endpoint,
        kubeconfig=kubeconfig(oke, endpoint, access_to_api.private, spec.region, opts),
        version_policy=VERSION_POLICY,
        secrets_key_id=keys.primary.id,
        system_zones=pool_zones(system),
        system_zone_reason=(
            "spread: the system pool has a placement in each availability domain of "
            + ("corridor:zones" if spec.zones else f"{spec.region} (corridor:zones unset)")
            + f", across the fault domains {', '.join(FAULT_DOMAINS)} of each, so losing one leaves system "
            "nodes running"
        ),
        api_access=access_to_api,
        flow_logs=logs,
        node_disks=node_disks(keys.primary.id if stack_key_disks else None, "the system pool's"),
        oke=oke,
        compartment_id=base.compartment_id,
        kubernetes_version=KUBERNETES_VERSION,
        worker_subnet_id=net.worker_subnet.id,
        pod_subnet_id=net.pod_subnet.id,
        worker_nsg_id=net.worker_nsg.id,
        pod_nsg_id=net.pod_nsg.id,
        availability_domains=ads,
        disk_key_id=keys.primary.id if stack_key_disks else None,
        access_policy=access,
        autoscaler_policy=autoscaler,
        system_pool=system,
    )


def _endpoint(endpoints: Sequence[oci.containerengine.outputs.ClusterEndpoint], private: bool) -> str:
    """The API URL clients use: the public endpoint when there is one, else the private one."""
    (endpoint,) = endpoints
    host = endpoint.private_endpoint if private else endpoint.public_endpoint
    if not host:
        raise ValueError(f"the cluster reports no {'private' if private else 'public'} endpoint")
    return f"https://{host}"


def node_disks(key_id: pulumi.Output[str] | None, whose: str) -> NodeDisks:
    """How a pool's boot volumes are encrypted: the stack key (`node_config_details.kms_key_id`),
    or with `corridor:nodeDiskKey: platform` Oracle-managed keys."""
    if key_id is not None:
        return NodeDisks(
            key_id=key_id,
            note=f"Block Volume encryption with the stack key: {whose} node_config_details.kms_key_id names it "
            "(Block Volume and the node pool principal may use it, IAM policy)",
        )
    return NodeDisks(
        key_id=None,
        note=f"Oracle-managed keys: corridor:nodeDiskKey is platform, so {whose} node_config_details names no key",
    )


def pool_zones(node_pool: oci.containerengine.NodePool) -> pulumi.Output[list[str] | None]:
    """The availability domains (as `AD-n`) of a node pool's own placement configurations."""
    return zones_of(
        node_pool.node_config_details.apply(
            lambda details: [zone_of(p.availability_domain) for p in details.placement_configs]
        )
    )


# --- system pool, add-ons, kubeconfig -------------------------------------------------------------


IMAGE_BUILD = re.compile(r"-(\d{4}\.\d{2}\.\d{2})-(\d+)-OKE-[\d.]+-(\d+)$")
"""The build of an OKE image name: its date, the date's build and OKE's build number."""


def image_build(source_name: str) -> tuple[str, int, int]:
    """How new an OKE image is, from its name (`...-2026.10.02-0-OKE-1.36.1-1187`): newer builds
    sort later, whatever the Oracle Linux release in the name (8.9 sorts after 8.10 as text)."""
    match = IMAGE_BUILD.search(source_name)
    if match is None:
        return ("", 0, 0)
    return (match.group(1), int(match.group(2)), int(match.group(3)))


def oke_image(
    compartment_id: str, opts: pulumi.ResourceOptions, *, gpu: bool, arch: Literal["x86_64", "aarch64"]
) -> pulumi.Output[str]:
    """The newest Oracle Linux OKE image for `KUBERNETES_VERSION` of the region: GPU (NVIDIA driver
    and container toolkit) or not, for `arch`.

    OKE images are regional (a different OCID per region) and Oracle publishes new builds, so
    the image is looked up (`oci.containerengine.get_node_pool_option`) rather than configured;
    node pools ignore later changes to it (`ignore_changes`), so a new build is never rolled out
    unasked. OKE names them `Oracle-Linux-<os>-[aarch64-]<date>-...` with `-GPU-` for GPU builds
    and `-OKE-<version>-` for the Kubernetes version they carry.
    https://docs.oracle.com/en-us/iaas/Content/ContEng/Reference/contengimagesshapes.htm
    """
    version = KUBERNETES_VERSION.removeprefix("v")

    def pick(sources: Sequence[oci.containerengine.outputs.GetNodePoolOptionSourceResult]) -> str:
        matches = [
            s
            for s in sources
            if s.source_type.upper() == "IMAGE"
            and s.source_name.startswith("Oracle-Linux-")
            and f"-OKE-{version}-" in s.source_name
            and ("-GPU-" in s.source_name) == gpu
            and ("aarch64" in s.source_name) == (arch == "aarch64")
        ]
        if not matches:
            kind = "GPU" if gpu else "CPU"
            raise ValueError(f"OKE lists no Oracle Linux {kind} image for {arch} and Kubernetes {KUBERNETES_VERSION}")
        return max(matches, key=lambda s: image_build(s.source_name)).image_id

    options = oci.containerengine.get_node_pool_option_output(
        node_pool_option_id="all",
        compartment_id=compartment_id,
        node_pool_k8s_version=KUBERNETES_VERSION,
        opts=pulumi.InvokeOutputOptions(parent=opts.parent),
    )
    return options.sources.apply(pick)


def system_node_pool(
    context: RegionContext,
    base: OciBase,
    name: str,
    oke: oci.containerengine.Cluster,
    net: Network,
    ads: pulumi.Output[list[str]],
    keys: Keys | None,
    access: oci.identity.Policy,
    opts: pulumi.ResourceOptions,
) -> oci.containerengine.NodePool:
    """Small CPU nodes in every availability domain the stack uses, for cluster add-ons; GPU
    nodes stay tainted and apart. A fixed size: the autoscaler manages GPU pools only (Oracle
    recommends keeping one pool outside its control)."""

    def placements(
        names: list[str], subnet: str
    ) -> list[oci.containerengine.NodePoolNodeConfigDetailsPlacementConfigArgs]:
        return [
            oci.containerengine.NodePoolNodeConfigDetailsPlacementConfigArgs(
                availability_domain=ad, subnet_id=subnet, fault_domains=list(FAULT_DOMAINS)
            )
            for ad in names
        ]

    return oci.containerengine.NodePool(
        f"{name}-system",
        cluster_id=oke.id,
        compartment_id=base.compartment_id,
        name=physical_name("oci", "display_name", "corridor", context.stack, "system", scope=context.scope),
        kubernetes_version=KUBERNETES_VERSION,
        node_shape=SYSTEM_SHAPE,
        node_shape_config=oci.containerengine.NodePoolNodeShapeConfigArgs(
            ocpus=SYSTEM_OCPUS, memory_in_gbs=SYSTEM_MEMORY_GBS
        ),
        node_source_details=oci.containerengine.NodePoolNodeSourceDetailsArgs(
            source_type="IMAGE",
            image_id=oke_image(base.compartment_id, opts, gpu=False, arch="x86_64"),
            boot_volume_size_in_gbs=SYSTEM_BOOT_VOLUME_GBS,
        ),
        node_config_details=oci.containerengine.NodePoolNodeConfigDetailsArgs(
            size=SYSTEM_NODES,
            placement_configs=pulumi.Output.all(ads, net.worker_subnet.id).apply(
                lambda args: placements(list(args[0]), str(args[1]))
            ),
            nsg_ids=[net.worker_nsg.id],
            node_pool_pod_network_option_details=pod_network(net.pod_subnet.id, net.pod_nsg.id, SYSTEM_MAX_PODS),
            kms_key_id=keys.primary.id if keys is not None else None,
            # Paravirtualized attachments of a VM's boot volume, encrypted in transit too.
            is_pv_encryption_in_transit_enabled=True,
            freeform_tags=context.tags(),
        ),
        initial_node_labels=[
            oci.containerengine.NodePoolInitialNodeLabelArgs(key=key, value=value)
            for key, value in context.system_node_labels().items()
        ],
        freeform_tags=context.tags(),
        opts=pulumi.ResourceOptions.merge(
            opts,
            pulumi.ResourceOptions(
                # The NSG rules are in place before the cluster, which the pool names.
                depends_on=[access],
                # The image is chosen at creation; a newer OKE build is rolled out deliberately.
                ignore_changes=["nodeSourceDetails.imageId"],
            ),
        ),
    )


def pod_network(
    subnet_id: pulumi.Input[str], nsg_id: pulumi.Input[str], max_pods: int
) -> oci.containerengine.NodePoolNodeConfigDetailsNodePoolPodNetworkOptionDetailsArgs:
    """VCN-native pods of a node pool: in the pods subnet, behind the pods NSG."""
    return oci.containerengine.NodePoolNodeConfigDetailsNodePoolPodNetworkOptionDetailsArgs(
        cni_type=CNI_TYPE, pod_subnet_ids=[subnet_id], pod_nsg_ids=[nsg_id], max_pods_per_node=max_pods
    )


def gpu_plugin(
    context: RegionContext,
    name: str,
    oke: oci.containerengine.Cluster,
    system: oci.containerengine.NodePool,
    opts: pulumi.ResourceOptions,
) -> oci.containerengine.Addon:
    """OKE's NVIDIA GPU Plugin add-on: the device plugin on Oracle's GPU images (which carry the
    driver and container toolkit), so nothing installs a second driver. Its own DCGM exporter is
    off while corridor's GPU agents run theirs (one exporter per node, port 9400).
    https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/configuration-arguments-nvidia-gpu-plugin.htm
    """
    agents = context.spec.observability.enabled
    return oci.containerengine.Addon(
        f"{name}-nvidia-gpu-plugin",
        cluster_id=oke.id,
        addon_name=ADDON_GPU_PLUGIN,
        remove_addon_resources_on_delete=True,
        # OKE may have installed it with the cluster; corridor then takes it over.
        override_existing=True,
        configurations=[
            oci.containerengine.AddonConfigurationArgs(
                key="isDcgmExporterDisabled", value="true" if agents else "false"
            )
        ],
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[system])),
    )


def register_autoscaled(
    context: RegionContext, cluster: OkeCluster, pool: AutoscaledPool
) -> oci.containerengine.Addon | None:
    """Record a GPU pool for the Cluster Autoscaler add-on; once every pool of the stack's plans is
    recorded, create the add-on (one per cluster) resizing each between its min and max.

    The add-on is a child of the OKE cluster whichever pool completes it, so its URN does not
    depend on the pools. It authenticates as a workload identity (`authType: workload`), which
    the autoscaler policy lets manage this compartment's node pools.
    https://docs.oracle.com/en-us/iaas/Content/ContEng/Tasks/contengusingclusterautoscaler_topic-Working_with_Cluster_Autoscaler_as_Cluster_Add-on.htm
    """
    cluster.autoscaled.append(pool)
    expected = sorted(plan.pool.name for plan in context.spec.pool_plans)
    if sorted(p.pool for p in cluster.autoscaled) != expected:
        return None
    pools = sorted(cluster.autoscaled, key=lambda p: p.pool)
    nodes = pulumi.Output.all(*[p.node_pool.id for p in pools]).apply(
        lambda ids: ",".join(f"{p.min_nodes}:{p.max_nodes}:{i}" for p, i in zip(pools, ids, strict=True))
    )
    return oci.containerengine.Addon(
        "cluster-autoscaler",
        cluster_id=cluster.oke.id,
        addon_name=ADDON_AUTOSCALER,
        remove_addon_resources_on_delete=True,
        override_existing=True,
        configurations=[
            oci.containerengine.AddonConfigurationArgs(key="nodes", value=nodes),
            oci.containerengine.AddonConfigurationArgs(key="authType", value="workload"),
        ],
        opts=pulumi.ResourceOptions(
            parent=cluster.oke,
            depends_on=[cluster.autoscaler_policy, *(p.node_pool for p in pools)],
        ),
    )


def kubeconfig(
    oke: oci.containerengine.Cluster,
    endpoint: pulumi.Output[str],
    private: bool,
    region: str,
    opts: pulumi.ResourceOptions,
) -> pulumi.Output[str]:
    """A kubeconfig whose user runs `oci ce cluster generate-token` (the caller's OCI credentials).

    The cluster resource does not expose its CA; OKE's own kubeconfig for the endpoint does
    (`get_cluster_kube_config`, token version 2.0.0), and only the CA is taken from it.
    """
    generated = oci.containerengine.get_cluster_kube_config_output(
        cluster_id=oke.id,
        endpoint="PRIVATE_ENDPOINT" if private else "PUBLIC_ENDPOINT",
        token_version="2.0.0",
        opts=pulumi.InvokeOutputOptions(parent=opts.parent, depends_on=[oke]),
    )

    def render(args: list[object]) -> str:
        cluster_name, cluster_id, server, content = (str(a) for a in args)
        return kubeconfig_document(cluster_name, cluster_id, server, content, region)

    return pulumi.Output.secret(pulumi.Output.all(oke.name, oke.id, endpoint, generated.content).apply(render))


def kubeconfig_document(cluster_name: str, cluster_id: str, server: str, oke_kubeconfig: str, region: str) -> str:
    """corridor's kubeconfig for the cluster: `server`, the CA of OKE's own kubeconfig
    (`oke_kubeconfig`, YAML with one cluster), and a user running `oci ce cluster generate-token`."""
    (entry,) = yaml.safe_load(oke_kubeconfig)["clusters"]
    return exec_kubeconfig(
        cluster_name,
        server,
        entry["cluster"]["certificate-authority-data"],
        {
            "command": "oci",
            "args": ["ce", "cluster", "generate-token", "--cluster-id", cluster_id, "--region", region],
            "interactiveMode": "Never",
        },
    )
