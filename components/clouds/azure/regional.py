"""What both the cluster and storage of an Azure stack need, made by `build_base` before either.

- The node network: a virtual network on `network.cidr`, one node subnet carved from it with a
  `Microsoft.Storage` service endpoint, and a Standard NAT gateway with one Standard static
  public IP on that subnet; or `network.existingSubnetIds[0]`. Storage needs the subnet before
  its accounts (their network rules name it, and Azure refuses a rule for a subnet without the
  service endpoint), and storage and the cluster are built in parallel, so the subnet is made
  here and both receive it.
- The stack's Log Analytics workspace: AKS control-plane audit logs and every storage account's
  blob access logs go to it.

Both used to be children of the cluster (`GpuCluster`, logical names `cluster-*`); each keeps its
state through a `pulumi.Alias` to that old URN, so a live stack adopts them in place.

Sources: MicrosoftDocs/azure-aks-docs articles/aks/nat-gateway.md; azure-docs
articles/virtual-network/virtual-network-service-endpoints-overview.md;
articles/azure-monitor/logs/data-retention-configure.md.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import pulumi
from pulumi_azure_native import network, operationalinsights, resources

from components.clouds.base import RegionContext, stateful
from components.naming import physical_name

# The node subnet: a /22 (1,019 usable node IPs) at the start of `network.cidr` (validation
# guarantees /20 or larger). With overlay networking pods do not take subnet IPs.
NODE_SUBNET_PREFIX = 22

CLUSTER_COMPONENT = ("cluster", "corridor:index:GpuCluster")
"""(name, type) of the `GpuCluster` component the network and the workspace were children of
before they moved here (components/region_stack.py names it `cluster`)."""

STORAGE_SERVICE_ENDPOINT = "Microsoft.Storage"
"""The service endpoint the node subnet carries so that the storage accounts' network rules can
admit it. Adding a service endpoint to an existing subnet is an in-place update; Azure closes
open TCP connections from the subnet to Storage while the route switches
(virtual-network-service-endpoints-overview.md, "Key benefits"/"Scenarios")."""


@dataclass(frozen=True)
class NodeNetwork:
    subnet_id: pulumi.Output[str]
    """The subnet every AKS node lives in."""
    egress_ip: pulumi.Output[str] | None
    """The NAT gateway's public IP as a /32; None for a subnet corridor did not make."""
    storage_endpoint: bool
    """Whether corridor put the `Microsoft.Storage` service endpoint on the subnet (an existing
    subnet must already carry it)."""


def moved_from_cluster(old_name: str, opts: pulumi.ResourceOptions) -> pulumi.ResourceOptions:
    """`opts` plus an alias to `old_name` under the `GpuCluster` component, where the resource
    lived before it moved to the region (`opts.parent`)."""
    name, type_ = CLUSTER_COMPONENT
    old_parent = pulumi.create_urn(name, type_, parent=opts.parent)
    return pulumi.ResourceOptions.merge(
        opts, pulumi.ResourceOptions(aliases=[pulumi.Alias(name=old_name, parent=old_parent)])
    )


def node_subnet_prefix(cidr: str) -> str:
    """The node subnet: the first /22 of `cidr`, the same on every render."""
    return str(next(ipaddress.ip_network(cidr).subnets(new_prefix=NODE_SUBNET_PREFIX)))


def node_network(
    context: RegionContext, group: resources.ResourceGroup, name: str, opts: pulumi.ResourceOptions
) -> NodeNetwork:
    """The subnet nodes live in and its egress IP: the given subnet (egress unknown to corridor),
    or a new one with NAT egress. Children are `name-*`; each aliases its old `cluster-*` URN."""
    spec = context.spec
    if spec.network.existing_subnet_ids:
        # An existing subnet must already route egress the way `userAssignedNATGateway` expects
        # (a NAT gateway on the subnet) and carry the Microsoft.Storage service endpoint the
        # storage accounts' network rules need; corridor does not touch someone else's network.
        return NodeNetwork(pulumi.Output.from_input(spec.network.existing_subnet_ids[0]), None, False)
    tags = context.tags()

    def net_name(*parts: str) -> str:
        return physical_name("azure", "virtual_network", "corridor", *parts, scope=context.scope)

    # Standard is the only NAT gateway SKU in network API 2024-05-01, and a Standard gateway is
    # zonal; with no zone Azure places it in one (nat-gateway.md). The zone-redundant StandardV2
    # SKU is not in this API version, so egress depends on one zone.
    public_ip = network.PublicIPAddress(
        f"{name}-egress-ip",
        public_ip_address_name=net_name("egress"),
        resource_group_name=group.name,
        location=spec.region,
        sku=network.PublicIPAddressSkuArgs(
            name=network.PublicIPAddressSkuName.STANDARD, tier=network.PublicIPAddressSkuTier.REGIONAL
        ),
        public_ip_allocation_method=network.IPAllocationMethod.STATIC,
        public_ip_address_version=network.IPVersion.I_PV4,
        tags=tags,
        opts=moved_from_cluster("cluster-egress-ip", opts),
    )
    nat = network.NatGateway(
        f"{name}-nat",
        nat_gateway_name=net_name("nat"),
        resource_group_name=group.name,
        location=spec.region,
        sku=network.NatGatewaySkuArgs(name=network.NatGatewaySkuName.STANDARD),
        public_ip_addresses=[network.SubResourceArgs(id=public_ip.id)],
        idle_timeout_in_minutes=4,
        tags=tags,
        opts=moved_from_cluster("cluster-nat", opts),
    )
    vnet = network.VirtualNetwork(
        f"{name}-vnet",
        virtual_network_name=net_name("vnet"),
        resource_group_name=group.name,
        location=spec.region,
        address_space=network.AddressSpaceArgs(address_prefixes=[spec.network.cidr]),
        tags=tags,
        opts=moved_from_cluster("cluster-vnet", opts),
    )
    subnet = network.Subnet(
        f"{name}-nodes",
        subnet_name="nodes",
        virtual_network_name=vnet.name,
        resource_group_name=group.name,
        address_prefix=node_subnet_prefix(spec.network.cidr),
        nat_gateway=network.SubResourceArgs(id=nat.id),
        # No implicit outbound IP: without the NAT gateway a node has no way out at all.
        default_outbound_access=False,
        # Storage traffic from the nodes arrives from this subnet, which the storage accounts'
        # network rules admit (azure/storage.py). No `locations`: Azure fills in the region and its
        # pair, as for any Microsoft.Storage endpoint.
        service_endpoints=[network.ServiceEndpointPropertiesFormatArgs(service=STORAGE_SERVICE_ENDPOINT)],
        opts=moved_from_cluster("cluster-nodes", opts),
    )
    return NodeNetwork(subnet.id, public_ip.ip_address.apply(lambda address: f"{address}/32"), True)


def log_workspace(
    context: RegionContext, group: resources.ResourceGroup, name: str, opts: pulumi.ResourceOptions
) -> operationalinsights.Workspace:
    """The stack's Log Analytics workspace `name-logs`: AKS audit logs and blob access logs.

    Protected (`stateful`): it holds the audit trail. Retention is `logging.retentionDays`
    (30..730, the range of the PerGB2018 tier's interactive retention, data-retention-configure.md).
    Local (shared-key) authentication is off, so only Entra ID callers can write or read; diagnostic
    settings deliver over Azure's backbone and need no key. Encrypting a workspace with a
    customer-managed key needs a dedicated Log Analytics cluster (a 100 GB/day commitment tier,
    azure-monitor/logs/customer-managed-keys.md), so the workspace uses Microsoft-managed keys.
    Public network access for query stays on: closing it needs an Azure Monitor Private Link
    Scope in the caller's network (README, "What is not covered").
    """
    return operationalinsights.Workspace(
        f"{name}-logs",
        workspace_name=workspace_name(context.scope),
        resource_group_name=group.name,
        location=context.spec.region,
        sku=operationalinsights.WorkspaceSkuArgs(name=operationalinsights.WorkspaceSkuNameEnum.PER_GB2018),
        retention_in_days=context.spec.logging.retention_days,
        features=operationalinsights.WorkspaceFeaturesArgs(disable_local_auth=True),
        tags=context.tags(),
        opts=stateful(moved_from_cluster("cluster-logs", opts)),
    )


def workspace_name(scope: str) -> str:
    """The workspace of the stack whose scope is `scope` (`RegionContext.scope`); a recovery
    stack names its source's, where the source's accounts log."""
    # The name predates the workspace's move and must not change (a rename replaces it).
    return physical_name("azure", "virtual_network", "corridor-aks-logs", scope=scope)
