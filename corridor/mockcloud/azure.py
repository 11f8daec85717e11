"""Mock Azure: the ids and computed attributes Azure returns for corridor's resource types.

Every resource id names the subscription of the resource's azure-native provider
(`subscriptionId` input), every tenant the provider's `tenantId`; values that belong to another
resource (an identity's principal, a vault's URI, a cluster's API server) are read from that
resource in the graph. A resource that already exists (a recovery stack's `get` or `import_`)
keeps the ARM id it was named by, and its names come from that id's path (`_existing`).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any

from pulumi.runtime.mocks import MockCallArgs

from corridor.mockcloud.common import (
    PLACEHOLDER_AZURE_SUBSCRIPTION,
    PLACEHOLDER_AZURE_TENANT,
    ComputedState,
    Graph,
    InvokeAnswer,
    Registration,
    stable_uuid,
)

IDENTITY = "azure-native:managedidentity:UserAssignedIdentity"
VAULT = "azure-native:keyvault:Vault"
MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster"


def subscription(provider: Mapping[str, Any]) -> str:
    """The subscription the provider works in."""
    return str(provider.get("subscriptionId") or PLACEHOLDER_AZURE_SUBSCRIPTION)


def tenant(provider: Mapping[str, Any]) -> str:
    """The Entra ID tenant the provider authenticates against."""
    return str(provider.get("tenantId") or PLACEHOLDER_AZURE_TENANT)


def group_id(registration: Registration, group: str) -> str:
    return f"/subscriptions/{subscription(registration.provider)}/resourceGroups/{group}"


def _azure_id(registration: Registration, provider: str, state: dict[str, Any], kind: str, name: str) -> str:
    group = group_id(registration, state.get("resourceGroupName", ""))
    return f"{group}/providers/{provider}/{kind}/{name}"


def _azure_group(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name = state["resourceGroupName"]
    return {"id": group_id(registration, name), "name": name}


def _azure_vault(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name = state["vaultName"]
    properties = dict(state.get("properties") or {})
    properties["vaultUri"] = f"https://{name}.vault.azure.net/"
    return {
        "id": _azure_id(registration, "Microsoft.KeyVault", state, "vaults", name),
        "name": name,
        "properties": properties,
    }


def _azure_key(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    vault, key = state["vaultName"], state["keyName"]
    vault_id = _azure_id(registration, "Microsoft.KeyVault", state, "vaults", vault)
    # The key lives at its vault's URI; a vault outside the stack has the URI Azure gives every vault.
    vault_node = registration.graph.get(vault_id, VAULT)
    vault_uri = str(vault_node.state["properties"]["vaultUri"]) if vault_node else f"https://{vault}.vault.azure.net/"
    uri = f"{vault_uri.rstrip('/')}/keys/{key}"
    # A key that already exists has the version it was created with, whichever stack reads it.
    existing = registration.args.resource_id
    version = (stable_uuid("key-version", existing) if existing else stable_uuid(registration.name)).replace("-", "")
    return {
        "id": f"{vault_id}/keys/{key}",
        "name": key,
        "keyUri": uri,
        "keyUriWithVersion": f"{uri}/{version}",
    }


def _azure_identity(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name = state["resourceName"]
    return {
        "id": _azure_id(registration, "Microsoft.ManagedIdentity", state, "userAssignedIdentities", name),
        "name": name,
        "principalId": stable_uuid("principal", registration.name),
        "clientId": stable_uuid("client", registration.name),
        "tenantId": tenant(registration.provider),
    }


def _azure_role_assignment(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name = state.get("roleAssignmentName") or stable_uuid("role-assignment", registration.name)
    return {
        "id": f"{state['scope']}/providers/Microsoft.Authorization/roleAssignments/{name}",
        "name": name,
    }


def _identity_map(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    """ARM takes user-assigned identities as a list of ids and returns a map keyed by id, each
    entry carrying that identity's own principal and client ids."""
    identity = state.get("identity")
    if not identity:
        return {}
    assigned = [str(uai) for uai in identity.get("userAssignedIdentities") or []]
    return {
        "identity": {**identity, "userAssignedIdentities": {uai: _identity_ids(registration, uai) for uai in assigned}}
    }


def _identity_ids(registration: Registration, uai: str) -> dict[str, str]:
    node = registration.graph.get(uai, IDENTITY)
    if node is not None:
        return {"principalId": str(node.state["principalId"]), "clientId": str(node.state["clientId"])}
    # An identity outside the stack (a config-given id): stable ids of its own, shared by every user.
    return {"principalId": stable_uuid("principal", uai), "clientId": stable_uuid("client", uai)}


def _azure_storage_account(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name = state["accountName"]
    services = ("blob", "dfs", "file", "queue", "table", "web")
    host = {"web": "z1.web"}
    extra = _identity_map(registration, state)
    return {
        **extra,
        "id": _azure_id(registration, "Microsoft.Storage", state, "storageAccounts", name),
        "name": name,
        "primaryLocation": registration.region,
        "primaryEndpoints": {
            service: f"https://{name}.{host.get(service, service)}.core.windows.net/" for service in services
        },
        "provisioningState": "Succeeded",
    }


def _storage_child(kind: str, name_key: str) -> ComputedState:
    """Sub-resources of a storage account (`blobServices/default`, `managementPolicies/default`)."""

    def computed(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
        name = state.get(name_key) or "default"
        return {
            "id": _azure_id(
                registration, "Microsoft.Storage", state, f"storageAccounts/{state['accountName']}/{kind}", name
            ),
            "name": name,
        }

    return computed


def _azure_container(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name = state["containerName"]
    path = f"storageAccounts/{state['accountName']}/blobServices/default/containers"
    return {"id": _azure_id(registration, "Microsoft.Storage", state, path, name), "name": name}


def _azure_object_replication(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # On the destination account (`default`) Azure assigns the policy id and one id per rule; the
    # source account's policy repeats them.
    given = state.get("objectReplicationPolicyId") or "default"
    policy_id = stable_uuid("or-policy", registration.name) if given == "default" else given
    rules = [
        {**rule, "ruleId": rule.get("ruleId") or stable_uuid("or-rule", policy_id, rule["sourceContainer"])}
        for rule in state.get("rules") or []
    ]
    path = f"storageAccounts/{state['accountName']}/objectReplicationPolicies"
    return {
        "id": _azure_id(registration, "Microsoft.Storage", state, path, policy_id),
        "name": policy_id,
        "policyId": policy_id,
        "rules": rules,
        "enabledTime": "2026-01-01T00:00:00Z",
    }


def _named(provider: str, kind: str, name_key: str) -> ComputedState:
    """A resource whose id is `<group>/providers/<provider>/<kind>/<name>`."""

    def computed(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
        name = state[name_key]
        return {"id": _azure_id(registration, provider, state, kind, name), "name": name}

    return computed


def _azure_public_ip(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    address = f"20.74.{int(hashlib.sha256(registration.name.encode()).hexdigest()[:2], 16)}.10"
    return {
        **_named("Microsoft.Network", "publicIPAddresses", "publicIpAddressName")(registration, state),
        "ipAddress": address,
    }


def _azure_subnet(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name = state["subnetName"]
    kind = f"virtualNetworks/{state['virtualNetworkName']}/subnets"
    return {"id": _azure_id(registration, "Microsoft.Network", state, kind, name), "name": name}


def _fqdn(cluster: str, region: str) -> str:
    # AKS: <dnsPrefix>-<8 hex>.hcp.<region>.azmk8s.io
    return f"{cluster}-{hashlib.sha256(cluster.encode()).hexdigest()[:8]}.hcp.{region}.azmk8s.io"


def _azure_managed_cluster(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name, region = state["resourceName"], registration.region
    fqdn = _fqdn(state.get("dnsPrefix") or name, region)
    return {
        **_identity_map(registration, state),
        "id": _azure_id(registration, "Microsoft.ContainerService", state, "managedClusters", name),
        "name": name,
        "fqdn": fqdn,
        "azurePortalFQDN": fqdn.replace(".hcp.", ".portal.hcp."),
        "nodeResourceGroup": f"MC_{state.get('resourceGroupName', '')}_{name}_{region}",
        "currentKubernetesVersion": "1.34.2",
        "provisioningState": "Succeeded",
        "oidcIssuerProfile": {
            **(state.get("oidcIssuerProfile") or {}),
            "issuerURL": f"https://{region}.oic.prod-aks.azure.com/{tenant(registration.provider)}/"
            f"{stable_uuid('oidc', name)}/",
        },
    }


def _azure_agent_pool(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name = state["agentPoolName"]
    kind = f"managedClusters/{state['resourceName']}/agentPools"
    return {"id": _azure_id(registration, "Microsoft.ContainerService", state, kind, name), "name": name}


def _azure_workspace(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name = state["workspaceName"]
    return {
        "id": _azure_id(registration, "Microsoft.OperationalInsights", state, "workspaces", name),
        "name": name,
        "customerId": stable_uuid("workspace", name),
    }


def _azure_disk_encryption_set(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    """A disk encryption set: its system-assigned identity gets a principal of its own."""
    name = state["diskEncryptionSetName"]
    identity = dict(state.get("identity") or {})
    if "SystemAssigned" in str(identity.get("type", "")):
        identity.update(principalId=stable_uuid("principal", registration.name), tenantId=tenant(registration.provider))
    return {
        "id": _azure_id(registration, "Microsoft.Compute", state, "diskEncryptionSets", name),
        "name": name,
        "identity": identity,
        "provisioningState": "Succeeded",
    }


def _scoped(kind: str, name_key: str) -> ComputedState:
    """Extension resources (locks, diagnostic settings): `<scope>/providers/<kind>/<name>`."""

    def computed(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
        name = state[name_key]
        scope = state.get("scope") or state.get("resourceUri") or ""
        return {"id": f"{scope}/providers/{kind}/{name}", "name": name}

    return computed


# A user kubeconfig as `listClusterUserCredential` returns it for an Entra ID cluster (format
# exec): the cluster entry with its API server and CA, and a kubelogin user that holds no secret.
MOCK_CA = base64.b64encode(b"-----BEGIN CERTIFICATE-----\nMIIE6DCCAtCgAwIBAgIQ\n-----END CERTIFICATE-----\n").decode()


def _credentials_target(args: MockCallArgs, graph: Graph | None) -> tuple[str, str]:
    """(API server FQDN, tenant) of the cluster the invoke names.

    Under a render the cluster is in the graph (the program asks after creating it), and AKS
    answers NotFound for one that does not exist, so neither does the mock. A unit test calling
    the answer directly (no graph) gets a visibly made-up server and the placeholder tenant.
    """
    name, group = str(args.args["resourceName"]), str(args.args["resourceGroupName"])
    if graph is None:
        return f"{name}-00000000.hcp.example.azmk8s.io", PLACEHOLDER_AZURE_TENANT
    provider = graph.provider_inputs(args.provider)
    cluster_id = (
        f"/subscriptions/{subscription(provider)}/resourceGroups/{group}"
        f"/providers/Microsoft.ContainerService/managedClusters/{name}"
    )
    cluster = graph.get(cluster_id, MANAGED_CLUSTER)
    if cluster is None:
        raise LookupError(f"ResourceNotFound: the mock cloud holds no managed cluster {cluster_id}")
    return str(cluster.state["fqdn"]), tenant(provider)


def _user_credentials(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    name = args.args["resourceName"]
    group = args.args["resourceGroupName"]
    fqdn, tenant_id = _credentials_target(args, graph)
    kubeconfig = f"""apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {MOCK_CA}
    server: https://{fqdn}:443
  name: {name}
contexts:
- context:
    cluster: {name}
    user: clusterUser_{group}_{name}
  name: {name}
current-context: {name}
kind: Config
users:
- name: clusterUser_{group}_{name}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - get-token
      - --environment
      - AzurePublicCloud
      - --server-id
      - 6dae42f8-4368-4678-94ff-3960e28e3630
      - --client-id
      - 80faf920-1908-4b52-b5ef-a8e7bedfc67a
      - --tenant-id
      - {tenant_id}
      - --login
      - devicecode
      command: kubelogin
      env: null
"""
    return {"kubeconfigs": [{"name": "clusterUser", "value": base64.b64encode(kubeconfig.encode()).decode()}]}


PATH_INPUTS = {
    "resourceGroups": "resourceGroupName",
    "vaults": "vaultName",
    "keys": "keyName",
    "storageAccounts": "accountName",
    "blobServices": "blobServicesName",
    "containers": "containerName",
    "managementPolicies": "managementPolicyName",
    "objectReplicationPolicies": "objectReplicationPolicyId",
    "userAssignedIdentities": "resourceName",
}
"""The azure-native input each ARM id path segment names (`.../vaults/<vaultName>/keys/<keyName>`)."""


def _path_inputs(resource_id: str) -> dict[str, str]:
    """The names an ARM id's path spells, as the resource's inputs name them."""
    # `/subscriptions/<s>/resourceGroups/<g>/providers/<namespace>/<kind>/<name>[/<kind>/<name>...]`:
    # (kind, name) pairs, the namespace pairing with `providers`.
    segments = resource_id.strip("/").split("/")
    pairs = zip(segments[0::2], segments[1::2], strict=False)
    return {PATH_INPUTS[kind]: value for kind, value in pairs if kind in PATH_INPUTS}


def _existing(computed: ComputedState) -> ComputedState:
    """`computed`, also for a resource that already exists. A read (`get`) carries no inputs,
    only the ARM id, whose path names the resource as its inputs would; an import carries both,
    and they must name the same resource, as Azure would refuse an import whose id is not the
    resource the inputs describe."""

    def answer(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
        existing = registration.args.resource_id
        if not existing:
            return computed(registration, state)
        extra = computed(registration, {**_path_inputs(existing), **state})
        if extra.get("id", existing) != existing:
            raise LookupError(f"{registration.name}: id {existing} is not the resource its inputs name ({extra['id']})")
        return extra

    return answer


COMPUTED: dict[str, ComputedState] = {
    "azure-native:resources:ResourceGroup": _azure_group,
    "azure-native:keyvault:Vault": _azure_vault,
    "azure-native:keyvault:Key": _azure_key,
    "azure-native:managedidentity:UserAssignedIdentity": _azure_identity,
    "azure-native:authorization:RoleAssignment": _azure_role_assignment,
    "azure-native:storage:StorageAccount": _azure_storage_account,
    "azure-native:storage:BlobServiceProperties": _storage_child("blobServices", "blobServicesName"),
    "azure-native:storage:ManagementPolicy": _storage_child("managementPolicies", "managementPolicyName"),
    "azure-native:storage:BlobContainer": _azure_container,
    "azure-native:storage:ObjectReplicationPolicy": _azure_object_replication,
    "azure-native:network:PublicIPAddress": _azure_public_ip,
    "azure-native:network:NatGateway": _named("Microsoft.Network", "natGateways", "natGatewayName"),
    "azure-native:network:VirtualNetwork": _named("Microsoft.Network", "virtualNetworks", "virtualNetworkName"),
    "azure-native:network:Subnet": _azure_subnet,
    "azure-native:containerservice:ManagedCluster": _azure_managed_cluster,
    "azure-native:containerservice:AgentPool": _azure_agent_pool,
    "azure-native:operationalinsights:Workspace": _azure_workspace,
    "azure-native:compute:DiskEncryptionSet": _azure_disk_encryption_set,
    "azure-native:monitor:DiagnosticSetting": _scoped("Microsoft.Insights/diagnosticSettings", "name"),
    "azure-native:authorization:ManagementLockByScope": _scoped("Microsoft.Authorization/locks", "lockName"),
    "azure-native:consumption:Budget": _scoped("Microsoft.Consumption/budgets", "budgetName"),
}
COMPUTED = {type_: _existing(computed) for type_, computed in COMPUTED.items()}

INVOKES: dict[str, InvokeAnswer] = {
    "azure-native:containerservice:listManagedClusterUserCredentials": _user_credentials,
}
