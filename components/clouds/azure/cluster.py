"""AKS: a network with NAT egress, a control-plane identity, the managed cluster and its kubeconfig.

Construction, in creation order:

1. Network: the region's node subnet (`AzureBase.node_subnet_id`, made by `build_base` in
   azure/regional.py, because the storage accounts' network rules need it too). Nodes have no
   public IPs; all egress leaves through the NAT gateway on that subnet
   (`outboundType: userAssignedNATGateway`), which needs the gateway on the subnet before the
   cluster exists. https://learn.microsoft.com/azure/aks/nat-gateway#create-an-aks-cluster-with-a-userassignednatgateway
   Pods get overlay addresses (Azure CNI Overlay), so the subnet only holds node IPs.
2. A disk encryption set built on the stack's primary key, whose system-assigned identity holds
   "Key Vault Crypto Service Encryption User" on the primary vault; protected like the key. Every
   node's OS disk is encrypted with it (the cluster's `diskEncryptionSetID`), and every agent pool
   encrypts at host (temp disks and disk caches). Both can only be set when the cluster or the pool
   is created (azure-disk-customer-managed-keys.md, enable-host-encryption.md, "Limitations").
   With `corridor:nodeDiskKey: platform` (a cluster deployed before corridor used the stack key)
   there is no set, no `diskEncryptionSetID` and no `enableEncryptionAtHost` on any pool: the
   inputs such a cluster was created with, so it is not re-created.
3. A user-assigned identity for the control plane and its role assignments, made before the
   cluster: "Key Vault Crypto User" on the primary vault (KMS etcd encryption does not work with
   a system-assigned identity, which only exists after the cluster), "Network Contributor" on the
   node subnet (bring-your-own network), and "Contributor" on the resource group of every
   capacity reservation group a reserved GPU pool uses (AKS needs a user-assigned identity for
   CRGs; the role can take up to 60 minutes to propagate, so it is granted with the cluster and
   not with the pool); and "Reader" on the disk encryption set, when there is one
   (azure-disk-customer-managed-keys.md: "the AKS cluster identity has read access to the
   DiskEncryptionSet").
4. The managed cluster: Entra ID only (local accounts off, Azure RBAC), workload identity and OIDC
   issuer, Kubernetes Secrets encrypted by KMS with the stack's primary key, Azure CNI Overlay
   with the Cilium dataplane and network policy, the paid Standard tier, auto-upgrade channels,
   and one System node pool spread over every zone of the stack: `corridor:zones`, else all
   three zones of a region that has them (azure/zones.py), else none (a region without zones),
   carrying the system node labels of every cloud (`RegionContext.system_node_labels`). The API
   server is public and limited to `network.apiAccessCidrs` plus the NAT egress IP, or private
   only (`network.privateEndpoint`).
5. Control-plane audit logs (`kube-audit-admin`, `guard`, `cluster-autoscaler`) to the stack's Log
   Analytics workspace (`AzureBase.workspace`). AKS has no deletion-protection field, so the cluster resource carries
   Pulumi `protect` instead (a CanNotDelete lock would also block replacing GPU agent pools,
   which are child resources).
6. A kubeconfig that authenticates through `kubelogin` with the caller's Azure CLI login.

Sources: MicrosoftDocs/azure-aks-docs (snapshot 2026-08-21) articles/aks/{nat-gateway,
use-kms-etcd-encryption, use-capacity-reservation-groups, concepts-network-cni-overview,
use-system-pools, auto-upgrade-cluster, azure-cni-powered-by-cilium, kubelogin-authentication,
monitor-aks, free-standard-pricing-tiers, api-server-authorized-ip-ranges, private-clusters,
azure-disk-customer-managed-keys, enable-host-encryption}.md; SDK pulumi_azure_native 3.29 (containerservice API
2025-09-01, network API 2024-05-01).
"""

from __future__ import annotations

import base64
import ipaddress
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import yaml
from pulumi_azure_native import (
    authorization,
    compute,
    containerservice,
    managedidentity,
    monitor,
    operationalinsights,
    resources,
)

from components.clouds.azure import zones
from components.clouds.azure.handles import AksCluster, AzureBase, AzureKeys
from components.clouds.azure.profile import CAPACITY_RESERVATION_GROUP_ID, FLOW_LOGS, PROFILE, AzurePlacement
from components.clouds.azure.roles import assign_role, assign_role_to_principal
from components.clouds.base import ApiAccess, FlowLogs, NodeDisks, RegionContext, VersionPolicy, stateful, zones_of
from components.clouds.kubeconfig import exec_kubeconfig
from components.definition.pool_plan import PoolPlan
from components.naming import physical_name

# Built-in roles (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
# Key Vault Crypto User: encrypt/decrypt with a vault's keys, what the KMS plugin calls
# (use-kms-etcd-encryption.md, "Assign permissions ... with Azure RBAC").
KEY_VAULT_CRYPTO_USER = "12338af0-0e69-4776-bea7-57ae8d297424"
# Network Contributor: the cluster identity needs it on a bring-your-own subnet
# (concepts-network-cni-overview.md, "Prerequisites").
NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7"
# Contributor on the CRG's resource group (use-capacity-reservation-groups.md, "Prerequisites").
CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c"
# Key Vault Crypto Service Encryption User: wrap/unwrap with a vault's keys, what a disk
# encryption set's identity needs (disks-enable-customer-managed-keys-portal.md, RBAC vaults).
CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6"
# Reader: the cluster identity must read the disk encryption set (azure-disk-customer-managed-keys.md).
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"

# The Entra ID application every AKS API-server token is issued for
# (kubelogin-authentication.md, "AKS Microsoft Entra server application ID").
AKS_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630"

# The one System pool, under the name the profile reserves (validation rejects a GPU pool of
# that name). Name rules: 1-12 lowercase alphanumerics (AgentPool name rules).
SYSTEM_POOL_NAME = PROFILE.reserved_pool_names[0]
# 4 vCPU / 16 GiB: the documented floor for a system pool is 4 vCPUs and 4 GB, and the portal's
# Dev/Test preset uses this size (use-system-pools.md "System and user node pools";
# quotas-skus-regions.md presets). The pool carries only AKS add-ons and the controllers of the
# in-cluster GPU/network operators; it is small because the money is in the GPU pools.
SYSTEM_VM_SIZE = "Standard_D4ds_v5"
# "System pools must contain at least two nodes but the recommendation is three" (one per zone
# when zones are set); the autoscaler may add two for operator controllers and CoreDNS.
SYSTEM_MIN_NODES = 3
SYSTEM_MAX_NODES = 5

# Control-plane log categories (monitor-aks.md): `kube-audit-admin` is the audit log without
# get/list events (the documented way to keep audit volume affordable), `guard` is the Entra ID
# and Azure RBAC authorisation audit, `cluster-autoscaler` explains why a GPU pool did not scale.
AUDIT_CATEGORIES = ("kube-audit-admin", "guard", "cluster-autoscaler")

# The `autoUpgradeProfile` below, as the cluster's `versionPolicy` output (auto-upgrade-cluster.md).
VERSION_POLICY = VersionPolicy(
    channel="stable",
    version=None,
    node_upgrades="NodeImage channel",
    notes=(
        "AKS 'stable' auto-upgrade channel: the cluster follows the latest patch of minor version N-1; "
        "corridor pins no Kubernetes version",
        "node OS images are upgraded through the 'NodeImage' node OS upgrade channel",
    ),
)


def build_cluster(
    context: RegionContext, name: str, base: AzureBase, keys: AzureKeys, opts: pulumi.ResourceOptions
) -> AksCluster:
    """Disk encryption, control-plane identity and grants, the managed cluster, audit logs, kubeconfig."""
    group = base.resource_group
    subnet_id = base.node_subnet_id
    disks = node_disk_encryption(context, group, name, keys, opts) if stack_key_disks(context) else None
    encryption_set = disks.encryption_set if disks is not None else None
    identity = control_plane_identity(context, group, name, opts)
    grants = role_assignments(context, name, identity, keys, subnet_id, encryption_set, opts)
    if disks is not None:
        grants.append(disks.key_access)
    access, api_access = api_server_access(context, base.egress_ip)
    cluster = managed_cluster(context, group, name, identity, keys, subnet_id, access, encryption_set, grants, opts)
    disk_key_id = keys.primary.id if disks is not None else None
    audit_logging(base.workspace, name, cluster, opts)
    endpoint = cluster.fqdn.apply(lambda fqdn: f"https://{fqdn}:443")
    return AksCluster(
        name=cluster.name,
        endpoint=endpoint,
        kubeconfig=kubeconfig(group, cluster, endpoint, opts),
        version_policy=VERSION_POLICY,
        secrets_key_id=keys.primary.id,
        system_zones=zones_of(cluster.agent_pool_profiles.apply(system_pool_zones)),
        system_zone_reason=zones.system_placement(context.spec).reason,
        api_access=api_access,
        flow_logs=FlowLogs(destination=None, note=f"not created: {PROFILE.unsupported[FLOW_LOGS]}"),
        node_disks=node_disks(disk_key_id, "system"),
        managed_cluster=cluster,
        node_subnet_id=subnet_id,
        disk_encryption_set=encryption_set,
        disk_key_id=disk_key_id,
    )


def stack_key_disks(context: RegionContext) -> bool:
    """Whether node disks use the stack key (`corridor:nodeDiskKey: stack`, the default): a disk
    encryption set for OS disks and encryption at host on every pool. False for `platform`."""
    return context.spec.node_disk_key == "stack"


def node_disks(key_id: pulumi.Output[str] | None, pool: str) -> NodeDisks:
    """How the nodes of `pool` (`system`, or a GPU pool) encrypt their disks: with `key_id`, the
    stack's primary key that the cluster's disk encryption set is built on, or, None, with
    Azure's platform-managed keys (`corridor:nodeDiskKey: platform`)."""
    if key_id is None:
        return NodeDisks(
            key_id=None,
            note=f"platform-managed keys: corridor:nodeDiskKey is platform, so the {pool} pool's OS disks are "
            "encrypted by Azure with its platform-managed key (no disk encryption set) and it does not encrypt "
            "at host (temp disks and disk caches unencrypted), as on a cluster deployed before corridor used the "
            "stack key; switching to stack re-creates the cluster and every GPU pool",
        )
    return NodeDisks(
        key_id=key_id,
        note=f"{pool} pool: OS disks encrypted with the stack's primary key through the cluster's disk encryption "
        "set (diskEncryptionSetID), and encryption at host (enableEncryptionAtHost) for temp disks and disk "
        "caches (temp disks with Azure platform keys); both set only when the cluster or the pool is created",
    )


def system_pool_zones(
    profiles: Sequence[containerservice.outputs.ManagedClusterAgentPoolProfileResponse] | None,
) -> Sequence[str] | None:
    """The `availabilityZones` the managed cluster itself gives its system pool."""
    system = [profile for profile in profiles or [] if profile.name == SYSTEM_POOL_NAME]
    return system[0].availability_zones if system else None


# --- network ---------------------------------------------------------------------------------


# Overlay pod and service ranges live outside the virtual network but must not overlap it
# (azure-cni-overlay.md). AKS's defaults come first; the alternates serve a network that uses them.
POD_CIDRS = ("10.244.0.0/16", "172.30.0.0/16", "192.168.0.0/16")
SERVICE_CIDRS = ("10.0.0.0/16", "172.31.0.0/16", "192.168.240.0/20")


def cluster_ranges(cidr: str) -> tuple[str, str, str]:
    """(pod CIDR, service CIDR, DNS service IP) that stay clear of the node network `cidr`."""
    nodes = ipaddress.ip_network(cidr)
    pods = next(c for c in POD_CIDRS if not ipaddress.ip_network(c).overlaps(nodes))
    services = next(
        c
        for c in SERVICE_CIDRS
        if not ipaddress.ip_network(c).overlaps(nodes)
        and not ipaddress.ip_network(c).overlaps(ipaddress.ip_network(pods))
    )
    # The cluster DNS service takes the tenth address of the service range, as AKS's default does.
    return pods, services, str(ipaddress.ip_network(services)[10])


def api_server_access(
    context: RegionContext, egress_ip: pulumi.Output[str] | None
) -> tuple[containerservice.ManagedClusterAPIServerAccessProfileArgs, ApiAccess]:
    """The API server's access profile and the neutral `apiAccess` it amounts to.

    - `network.privateEndpoint`: a private cluster, its API server reachable only from the
      virtual network (and peered or linked networks); `pulumi up` and every client must run
      there (private-clusters.md). No authorized ranges: AKS refuses them on a private cluster.
    - otherwise a public endpoint limited to `network.apiAccessCidrs` plus the cluster's own NAT
      egress IP, which nodes need to reach the API server and which AKS adds by itself only for
      load-balancer egress (api-server-authorized-ip-ranges.md, "Limitations and considerations";
      at most 200 ranges). `0.0.0.0/0` or `::/0` (only with `network.apiOpenToWholeInternet`) is
      sent as no ranges at all, which is how AKS spells "open".
    """
    net = context.spec.network
    if net.private_endpoint:
        profile = containerservice.ManagedClusterAPIServerAccessProfileArgs(enable_private_cluster=True)
        return profile, ApiAccess(private=True, allowed_cidrs=())
    cidrs = tuple(net.api_access_cidrs)
    whole = tuple(cidr for cidr in cidrs if ipaddress.ip_network(cidr, strict=False).prefixlen == 0)
    if whole:
        return (
            containerservice.ManagedClusterAPIServerAccessProfileArgs(enable_private_cluster=False),
            ApiAccess(private=False, allowed_cidrs=whole),
        )
    ranges: list[pulumi.Input[str]] = [*cidrs, *([egress_ip] if egress_ip is not None else [])]
    profile = containerservice.ManagedClusterAPIServerAccessProfileArgs(
        enable_private_cluster=False, authorized_ip_ranges=ranges
    )
    # The NAT IP is an Output (Azure allocates it), which the stack output resolves; the neutral
    # `ApiAccess.allowed_cidrs` is typed `tuple[str, ...]`, hence the ignore.
    return profile, ApiAccess(private=False, allowed_cidrs=tuple(ranges))


# --- node disk encryption --------------------------------------------------------------------


@dataclass(frozen=True)
class DiskEncryption:
    encryption_set: compute.DiskEncryptionSet
    key_access: authorization.RoleAssignment
    """The set's grant on the primary vault, which must exist before any disk is created."""


def node_disk_encryption(
    context: RegionContext,
    group: resources.ResourceGroup,
    name: str,
    keys: AzureKeys,
    opts: pulumi.ResourceOptions,
) -> DiskEncryption:
    """`name-disk-encryption`: a disk encryption set on the primary key, and its key access.

    The set's system-assigned identity is granted "Key Vault Crypto Service Encryption User" on
    the primary vault (an RBAC vault, azure/keys.py). The set follows Key Vault's rotations by
    itself (`rotationToLatestKeyVersionEnabled`, within an hour of a new version,
    disks-enable-customer-managed-keys-portal.md "automatic key rotation"), so the key version
    it starts from is left to Azure after creation (`ignore_changes`). Protected and retained like
    the key: deleting it makes every disk it encrypts unreadable.
    https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys
    """
    spec = context.spec
    encryption_set = compute.DiskEncryptionSet(
        f"{name}-disk-encryption",
        disk_encryption_set_name=physical_name(
            "azure", "disk_encryption_set", "corridor-nodes", spec.region, scope=context.scope
        ),
        resource_group_name=group.name,
        location=spec.region,
        identity=compute.EncryptionSetIdentityArgs(type=compute.DiskEncryptionSetIdentityType.SYSTEM_ASSIGNED),
        encryption_type=compute.DiskEncryptionSetType.ENCRYPTION_AT_REST_WITH_CUSTOMER_KEY,
        active_key=compute.KeyForDiskEncryptionSetArgs(
            key_url=keys.primary_key.key_uri_with_version,
            source_vault=compute.SourceVaultArgs(id=keys.primary_vault.id),
        ),
        rotation_to_latest_key_version_enabled=True,
        tags=context.tags(),
        opts=pulumi.ResourceOptions.merge(stateful(opts), pulumi.ResourceOptions(ignore_changes=["activeKey.keyUrl"])),
    )
    principal = encryption_set.identity.apply(lambda identity: identity.principal_id if identity else "")
    key_access = assign_role_to_principal(
        context,
        f"{name}-disk-encryption-key-access",
        keys.primary_vault.id,
        CRYPTO_SERVICE_ENCRYPTION_USER,
        principal,
        encryption_set.id,
        opts,
    )
    return DiskEncryption(encryption_set=encryption_set, key_access=key_access)


# --- identity --------------------------------------------------------------------------------


def control_plane_identity(
    context: RegionContext, group: resources.ResourceGroup, name: str, opts: pulumi.ResourceOptions
) -> managedidentity.UserAssignedIdentity:
    return managedidentity.UserAssignedIdentity(
        f"{name}-identity",
        resource_name_=physical_name("azure", "identity", "corridor-aks", context.spec.region, scope=context.scope),
        resource_group_name=group.name,
        location=context.spec.region,
        tags=context.tags(),
        opts=opts,
    )


def crg_id(plan: PoolPlan) -> str | None:
    """The capacity reservation group a pool's plan consumes, as its resource id; None for a
    pool that consumes none. The cluster grants access to it and the agent pool names it."""
    reservation = plan.reservation
    if reservation is None or reservation.kind != "capacityReservationGroup":
        return None
    return reservation.id


def crg_resource_group(group_id: str) -> str:
    """`/subscriptions/<s>/resourceGroups/<g>` of a capacity reservation group resource id
    (`CAPACITY_RESERVATION_GROUP_ID`, the shape validation checks)."""
    if not re.fullmatch(CAPACITY_RESERVATION_GROUP_ID, group_id, flags=re.IGNORECASE):
        raise ValueError(
            f"'{group_id}' is not a capacity reservation group id "
            "(/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/capacityReservationGroups/<name>)"
        )
    # '', 'subscriptions', <s>, 'resourceGroups', <g>: no segment of a matching id holds a '/'.
    return "/".join(group_id.split("/")[:5])


def reservation_scopes(context: RegionContext) -> dict[str, str]:
    """Resource-group scopes of the CRGs reserved pools use, keyed by resource group name."""
    scopes: dict[str, str] = {}
    for plan in context.spec.pool_plans:
        group_id = crg_id(plan)
        if group_id:
            scope = crg_resource_group(group_id)
            scopes.setdefault(scope.rsplit("/", 1)[-1].lower(), scope)
    return scopes


def role_assignments(
    context: RegionContext,
    name: str,
    identity: managedidentity.UserAssignedIdentity,
    keys: AzureKeys,
    subnet_id: pulumi.Output[str],
    encryption_set: compute.DiskEncryptionSet | None,
    opts: pulumi.ResourceOptions,
) -> list[authorization.RoleAssignment]:
    """The control plane's grants, all made before the cluster (see the module docstring)."""
    grants = [
        assign_role(context, f"{name}-key-access", keys.primary_vault.id, KEY_VAULT_CRYPTO_USER, identity, opts),
        assign_role(context, f"{name}-subnet-access", subnet_id, NETWORK_CONTRIBUTOR, identity, opts),
    ]
    if encryption_set is not None:
        grants.append(assign_role(context, f"{name}-disk-encryption-access", encryption_set.id, READER, identity, opts))
    for group_name, scope in sorted(reservation_scopes(context).items()):
        grants.append(assign_role(context, f"{name}-crg-access-{group_name}", scope, CONTRIBUTOR, identity, opts))
    return grants


# --- cluster ---------------------------------------------------------------------------------


def system_pool(
    context: RegionContext, subnet_id: pulumi.Input[str]
) -> containerservice.ManagedClusterAgentPoolProfileArgs:
    """The System pool: AKS add-ons and operator controllers, spread over the stack's zones
    (`zones.system_placement`: one scale set across zones 1-3 by default where the region has
    zones, so a zone outage leaves system nodes running).

    Not tainted `CriticalAddonsOnly`: the only other pools are GPU pools tainted `GPU_TAINT`, so
    the controllers users install (GPU/network operators, NFD, Prometheus) need an untainted CPU
    home, or they would sit Pending or keep a GPU node from scaling to zero.
    """
    return containerservice.ManagedClusterAgentPoolProfileArgs(
        name=SYSTEM_POOL_NAME,
        mode=containerservice.AgentPoolMode.SYSTEM,
        type=containerservice.AgentPoolType.VIRTUAL_MACHINE_SCALE_SETS,
        vm_size=SYSTEM_VM_SIZE,
        os_type=containerservice.OSType.LINUX,
        # Azure Linux: Microsoft's minimal container host image (use-azure-linux.md).
        os_sku=containerservice.OSSKU.AZURE_LINUX,
        count=SYSTEM_MIN_NODES,
        enable_auto_scaling=True,
        min_count=SYSTEM_MIN_NODES,
        max_count=SYSTEM_MAX_NODES,
        availability_zones=zones.system_placement(context.spec).zones,
        vnet_subnet_id=subnet_id,
        enable_node_public_ip=False,
        # Temp disks and disk caches encrypted on the host; set at creation only
        # (enable-host-encryption.md). Needs the subscription feature Microsoft.Compute/EncryptionAtHost.
        # Left unset with `corridor:nodeDiskKey: platform`, as on a cluster made before it.
        enable_encryption_at_host=True if stack_key_disks(context) else None,
        # The same labels as the system nodes of every cloud (`tagging.system_node_labels`).
        node_labels=context.system_node_labels(),
        tags=context.tags(),
    )


def managed_cluster(
    context: RegionContext,
    group: resources.ResourceGroup,
    name: str,
    identity: managedidentity.UserAssignedIdentity,
    keys: AzureKeys,
    subnet_id: pulumi.Output[str],
    access: containerservice.ManagedClusterAPIServerAccessProfileArgs,
    encryption_set: compute.DiskEncryptionSet | None,
    grants: list[authorization.RoleAssignment],
    opts: pulumi.ResourceOptions,
) -> containerservice.ManagedCluster:
    spec = context.spec
    cluster_name = physical_name("azure", "aks_cluster", "corridor", spec.region, scope=context.scope)
    pod_cidr, service_cidr, dns_ip = cluster_ranges(spec.network.cidr)
    return containerservice.ManagedCluster(
        f"{name}-aks",
        resource_name_=cluster_name,
        resource_group_name=group.name,
        location=spec.region,
        dns_prefix=cluster_name,
        identity=containerservice.ManagedClusterIdentityArgs(
            type=containerservice.ResourceIdentityType.USER_ASSIGNED, user_assigned_identities=[identity.id]
        ),
        # Standard tier: the financially backed uptime SLA (99.95% with zones) and the scale
        # limits production clusters need; Free has no SLA (free-standard-pricing-tiers.md).
        sku=containerservice.ManagedClusterSKUArgs(
            name=containerservice.ManagedClusterSKUName.BASE, tier=containerservice.ManagedClusterSKUTier.STANDARD
        ),
        agent_pool_profiles=[system_pool(context, subnet_id)],
        # Every node's OS disk encrypted with the stack key. Create-only: azure-native marks it
        # force-new (provider/pkg/gen/replacement.go), and AKS allows it only at cluster creation
        # (azure-disk-customer-managed-keys.md, "Limitations"); on a cluster made without it, the
        # preview shows a replacement, which `protect` stops (see the report of issue 11). No set
        # with `corridor:nodeDiskKey: platform`: OS disks keep Azure's platform-managed key.
        disk_encryption_set_id=encryption_set.id if encryption_set is not None else None,
        # Entra ID only: no static admin credentials to leak, every request audited by `guard`.
        aad_profile=containerservice.ManagedClusterAADProfileArgs(
            managed=True, enable_azure_rbac=True, tenant_id=spec.placement_as(AzurePlacement).azure_tenant_id
        ),
        enable_rbac=True,
        disable_local_accounts=True,
        oidc_issuer_profile=containerservice.ManagedClusterOIDCIssuerProfileArgs(enabled=True),
        security_profile=containerservice.ManagedClusterSecurityProfileArgs(
            workload_identity=containerservice.ManagedClusterSecurityProfileWorkloadIdentityArgs(enabled=True),
            azure_key_vault_kms=containerservice.AzureKeyVaultKmsArgs(
                enabled=True,
                # KMS names one key version (the plugin needs vault, key and version). Versions
                # never expire (azure/keys.py), so the cluster keeps working on the old version
                # after Key Vault rotates the key; `pulumi refresh` + `pulumi up` moves it to the
                # new one (use-kms-etcd-encryption.md, "Rotate existing keys").
                key_id=keys.primary_key.key_uri_with_version,
                # The vault allows public network access (azure/keys.py), and KMS must be told
                # which: Public (changing it later means turning KMS off and on).
                key_vault_network_access=containerservice.KeyVaultNetworkAccessTypes.PUBLIC,
            ),
        ),
        network_profile=containerservice.ContainerServiceNetworkProfileArgs(
            network_plugin=containerservice.NetworkPlugin.AZURE,
            network_plugin_mode=containerservice.NetworkPluginMode.OVERLAY,
            # Cilium: eBPF dataplane with network policy enforcement built in.
            network_dataplane=containerservice.NetworkDataplane.CILIUM,
            network_policy=containerservice.NetworkPolicy.CILIUM,
            outbound_type=containerservice.OutboundType.USER_ASSIGNED_NAT_GATEWAY,
            pod_cidr=pod_cidr,
            service_cidr=service_cidr,
            dns_service_ip=dns_ip,
        ),
        auto_upgrade_profile=containerservice.ManagedClusterAutoUpgradeProfileArgs(
            upgrade_channel=containerservice.UpgradeChannel.STABLE,
            node_os_upgrade_channel=containerservice.NodeOSUpgradeChannel.NODE_IMAGE,
        ),
        # Public endpoint limited to `network.apiAccessCidrs`, or a private cluster
        # (`network.privateEndpoint`); authenticated by Entra ID either way.
        api_server_access_profile=access,
        tags=context.tags(),
        # Every identity grant must exist before AKS checks them at creation.
        # AKS has no deletion protection; `protect` makes `pulumi destroy` or a replacement stop
        # until someone runs `pulumi state unprotect` deliberately. Agent pools are separate
        # resources and stay freely replaceable.
        # The autoscaler owns the system pool's count after creation (see node_pool.py).
        opts=pulumi.ResourceOptions.merge(
            opts,
            pulumi.ResourceOptions(depends_on=grants, protect=True, ignore_changes=["agentPoolProfiles[0].count"]),
        ),
    )


def audit_logging(
    workspace: operationalinsights.Workspace,
    name: str,
    cluster: containerservice.ManagedCluster,
    opts: pulumi.ResourceOptions,
) -> monitor.DiagnosticSetting:
    """Control-plane audit logs into the stack's Log Analytics workspace, in resource-specific tables."""
    return monitor.DiagnosticSetting(
        f"{name}-audit",
        name="corridor-audit",
        resource_uri=cluster.id,
        workspace_id=workspace.id,
        log_analytics_destination_type="Dedicated",
        logs=[monitor.DiagnosticsLogSettingsArgs(category=category, enabled=True) for category in AUDIT_CATEGORIES],
        opts=opts,
    )


# --- kubeconfig ------------------------------------------------------------------------------


def kubeconfig(
    group: resources.ResourceGroup,
    cluster: containerservice.ManagedCluster,
    endpoint: pulumi.Output[str],
    opts: pulumi.ResourceOptions,
) -> pulumi.Output[str]:
    """A kubeconfig for `endpoint` whose user runs `kubelogin get-token --login azurecli`.

    The cluster CA is not a ManagedCluster output, so it is read from the user credentials AKS
    returns (one invoke; with local accounts disabled these carry no secret, only the cluster
    entry). The user entry is corridor's own, so no static credential ever lands in state.
    """
    credentials = containerservice.list_managed_cluster_user_credentials_output(
        resource_group_name=group.name,
        resource_name=cluster.name,
        format="exec",
        opts=pulumi.InvokeOutputOptions(parent=opts.parent, depends_on=[cluster]),
    )
    ca = credentials.kubeconfigs.apply(lambda configs: certificate_authority(configs[0].value))
    return pulumi.Output.all(cluster.name, endpoint, ca).apply(lambda args: render_kubeconfig(*args))


def certificate_authority(encoded: str) -> str:
    """`certificate-authority-data` of the first cluster in a base64-encoded kubeconfig."""
    document: Mapping[str, Any] = yaml.safe_load(base64.b64decode(encoded))
    return str(document["clusters"][0]["cluster"]["certificate-authority-data"])


def render_kubeconfig(cluster_name: str, server: str, ca: str) -> str:
    return exec_kubeconfig(
        cluster_name,
        server,
        ca,
        {
            "command": "kubelogin",
            "args": ["get-token", "--login", "azurecli", "--server-id", AKS_SERVER_ID],
            "interactiveMode": "IfAvailable",
            "provideClusterInfo": False,
            "installHint": "install kubelogin: https://azure.github.io/kubelogin/install.html",
        },
    )
