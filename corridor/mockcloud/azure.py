"""Mock Azure: the ids and computed attributes Azure returns for corridor's resource types."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs

from corridor.mockcloud.common import AZURE_SUBSCRIPTION, ComputedState, stable_uuid


def _azure_id(provider: str, state: dict[str, Any], kind: str, name: str) -> str:
    group = state.get("resourceGroupName", "")
    return f"/subscriptions/{AZURE_SUBSCRIPTION}/resourceGroups/{group}/providers/{provider}/{kind}/{name}"


def _azure_group(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["resourceGroupName"]
    return {"id": f"/subscriptions/{AZURE_SUBSCRIPTION}/resourceGroups/{name}", "name": name}


def _azure_vault(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["vaultName"]
    properties = dict(state.get("properties") or {})
    properties["vaultUri"] = f"https://{name}.vault.azure.net/"
    return {"id": _azure_id("Microsoft.KeyVault", state, "vaults", name), "name": name, "properties": properties}


def _azure_key(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    vault, key = state["vaultName"], state["keyName"]
    uri = f"https://{vault}.vault.azure.net/keys/{key}"
    version = stable_uuid(args.name).replace("-", "")
    return {
        "id": _azure_id("Microsoft.KeyVault", state, f"vaults/{vault}/keys", key),
        "name": key,
        "keyUri": uri,
        "keyUriWithVersion": f"{uri}/{version}",
    }


def _azure_identity(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["resourceName"]
    return {
        "id": _azure_id("Microsoft.ManagedIdentity", state, "userAssignedIdentities", name),
        "name": name,
        "principalId": stable_uuid("principal", args.name),
        "clientId": stable_uuid("client", args.name),
        "tenantId": "11111111-1111-1111-1111-111111111111",
    }


def _azure_role_assignment(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state.get("roleAssignmentName") or stable_uuid("role-assignment", args.name)
    return {
        "id": f"{state['scope']}/providers/Microsoft.Authorization/roleAssignments/{name}",
        "name": name,
    }


def _identity_map(state: dict[str, Any]) -> dict[str, Any]:
    """ARM takes user-assigned identities as a list of ids and returns a map keyed by id."""
    identity = state.get("identity")
    if not identity:
        return {}
    assigned = identity.get("userAssignedIdentities") or []
    return {
        "identity": {
            **identity,
            "userAssignedIdentities": {
                uai: {"principalId": stable_uuid("principal", uai), "clientId": stable_uuid("client", uai)}
                for uai in assigned
            },
        }
    }


def _azure_storage_account(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["accountName"]
    services = ("blob", "dfs", "file", "queue", "table", "web")
    host = {"web": "z1.web"}
    extra = _identity_map(state)
    return {
        **extra,
        "id": _azure_id("Microsoft.Storage", state, "storageAccounts", name),
        "name": name,
        "primaryLocation": region,
        "primaryEndpoints": {
            service: f"https://{name}.{host.get(service, service)}.core.windows.net/" for service in services
        },
        "provisioningState": "Succeeded",
    }


def _storage_child(kind: str, name_key: str) -> ComputedState:
    """Sub-resources of a storage account (`blobServices/default`, `managementPolicies/default`)."""

    def computed(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
        name = state.get(name_key) or "default"
        return {
            "id": _azure_id("Microsoft.Storage", state, f"storageAccounts/{state['accountName']}/{kind}", name),
            "name": name,
        }

    return computed


def _azure_container(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["containerName"]
    path = f"storageAccounts/{state['accountName']}/blobServices/default/containers"
    return {"id": _azure_id("Microsoft.Storage", state, path, name), "name": name}


def _azure_object_replication(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    # On the destination account (`default`) Azure assigns the policy id and one id per rule; the
    # source account's policy repeats them.
    given = state.get("objectReplicationPolicyId") or "default"
    policy_id = stable_uuid("or-policy", args.name) if given == "default" else given
    rules = [
        {**rule, "ruleId": rule.get("ruleId") or stable_uuid("or-rule", policy_id, rule["sourceContainer"])}
        for rule in state.get("rules") or []
    ]
    path = f"storageAccounts/{state['accountName']}/objectReplicationPolicies"
    return {
        "id": _azure_id("Microsoft.Storage", state, path, policy_id),
        "name": policy_id,
        "policyId": policy_id,
        "rules": rules,
        "enabledTime": "2026-01-01T00:00:00Z",
    }


def _named(provider: str, kind: str, name_key: str) -> ComputedState:
    """A resource whose id is `<group>/providers/<provider>/<kind>/<name>`."""

    def computed(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
        name = state[name_key]
        return {"id": _azure_id(provider, state, kind, name), "name": name}

    return computed


def _azure_public_ip(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    address = f"20.74.{int(hashlib.sha256(args.name.encode()).hexdigest()[:2], 16)}.10"
    return {
        **_named("Microsoft.Network", "publicIPAddresses", "publicIpAddressName")(region, args, state),
        "ipAddress": address,
    }


def _azure_subnet(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["subnetName"]
    kind = f"virtualNetworks/{state['virtualNetworkName']}/subnets"
    return {"id": _azure_id("Microsoft.Network", state, kind, name), "name": name}


def _fqdn(cluster: str, region: str) -> str:
    # AKS: <dnsPrefix>-<8 hex>.hcp.<region>.azmk8s.io
    return f"{cluster}-{hashlib.sha256(cluster.encode()).hexdigest()[:8]}.hcp.{region}.azmk8s.io"


def _azure_managed_cluster(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["resourceName"]
    fqdn = _fqdn(state.get("dnsPrefix") or name, region)
    return {
        **_identity_map(state),
        "id": _azure_id("Microsoft.ContainerService", state, "managedClusters", name),
        "name": name,
        "fqdn": fqdn,
        "azurePortalFQDN": fqdn.replace(".hcp.", ".portal.hcp."),
        "nodeResourceGroup": f"MC_{state.get('resourceGroupName', '')}_{name}_{region}",
        "currentKubernetesVersion": "1.34.2",
        "provisioningState": "Succeeded",
        "oidcIssuerProfile": {
            **(state.get("oidcIssuerProfile") or {}),
            "issuerURL": f"https://{region}.oic.prod-aks.azure.com/11111111-1111-1111-1111-111111111111/"
            f"{stable_uuid('oidc', name)}/",
        },
    }


def _azure_agent_pool(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["agentPoolName"]
    kind = f"managedClusters/{state['resourceName']}/agentPools"
    return {"id": _azure_id("Microsoft.ContainerService", state, kind, name), "name": name}


def _azure_workspace(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["workspaceName"]
    return {
        "id": _azure_id("Microsoft.OperationalInsights", state, "workspaces", name),
        "name": name,
        "customerId": stable_uuid("workspace", name),
    }


def _scoped(kind: str, name_key: str) -> ComputedState:
    """Extension resources (locks, diagnostic settings): `<scope>/providers/<kind>/<name>`."""

    def computed(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
        name = state[name_key]
        scope = state.get("scope") or state.get("resourceUri") or ""
        return {"id": f"{scope}/providers/{kind}/{name}", "name": name}

    return computed


# A user kubeconfig as `listClusterUserCredential` returns it for an Entra ID cluster (format
# exec): the cluster entry with its CA, and a kubelogin user that holds no secret.
MOCK_CA = base64.b64encode(b"-----BEGIN CERTIFICATE-----\nMIIE6DCCAtCgAwIBAgIQ\n-----END CERTIFICATE-----\n").decode()


def _user_credentials(args: MockCallArgs) -> dict[str, Any]:
    name = args.args["resourceName"]
    group = args.args["resourceGroupName"]
    kubeconfig = f"""apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: {MOCK_CA}
    server: https://{name}-00000000.hcp.example.azmk8s.io:443
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
      - 11111111-1111-1111-1111-111111111111
      - --login
      - devicecode
      command: kubelogin
      env: null
"""
    return {"kubeconfigs": [{"name": "clusterUser", "value": base64.b64encode(kubeconfig.encode()).decode()}]}


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
    "azure-native:monitor:DiagnosticSetting": _scoped("Microsoft.Insights/diagnosticSettings", "name"),
    "azure-native:authorization:ManagementLockByScope": _scoped("Microsoft.Authorization/locks", "lockName"),
}

INVOKES: dict[str, Any] = {
    "azure-native:containerservice:listManagedClusterUserCredentials": _user_credentials,
}
