"""Exact provider inputs of the Azure GPU cluster (AKS) and its GPU agent pools."""

from __future__ import annotations

import base64
import dataclasses
import uuid
from typing import Any

import pytest
import yaml
from pulumi.runtime.mocks import MockCallArgs

from components import tagging
from components.clouds.azure import cluster as aks
from components.clouds.azure import roles, zones
from components.definition import load_spec
from corridor.mockcloud.azure import INVOKES
from corridor.render import render_config
from tests.conftest import BASELINE, PROJECT_DIR, base_config, edited_config, render_plan
from tests.plans import resources

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
GROUP_ID = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/corridor-uaenorth"
SUBNET_ID = f"{GROUP_ID}/providers/Microsoft.Network/virtualNetworks/corridor-vnet/subnets/nodes"
IDENTITY_ID = f"{GROUP_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/corridor-aks-uaenorth"
CLUSTER_ID = f"{GROUP_ID}/providers/Microsoft.ContainerService/managedClusters/corridor-uaenorth"
CRG_GROUP = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/gpu-reservations"
CRG_ID = f"{CRG_GROUP}/providers/Microsoft.Compute/capacityReservationGroups/h100-crg"
GPU_TAINT = "nvidia.com/gpu=present:NoSchedule"
SPOT_TAINT = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"

TRAIN = {
    "name": "train",
    "accelerator": "H100",
    "gpusPerNode": 8,
    "minNodes": 0,
    "maxNodes": 4,
    "capacity": "onDemand",
    "interconnect": "auto",
}
INFER = {
    "name": "infer",
    "accelerator": "A100-80GB",
    "gpusPerNode": 1,
    "minNodes": 0,
    "maxNodes": 8,
    "capacity": "spot",
    "interconnect": "none",
}


def _role(role: str) -> str:
    return f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{role}"


def _one(plan: dict[str, Any], type_: str, name: str) -> dict[str, Any]:
    """The custom resource of `type_` named `name` (components share logical names)."""
    matches = [r for r in resources(plan, type_) if r["name"] == name]
    assert len(matches) == 1, f"expected one {type_} named {name!r}, found {len(matches)}"
    return matches[0]


def _cluster(plan: dict[str, Any]) -> dict[str, Any]:
    return _one(plan, "azure-native:containerservice:ManagedCluster", "cluster-aks")


def _pool(plan: dict[str, Any], pool: str) -> dict[str, Any]:
    return _one(plan, "azure-native:containerservice:AgentPool", f"gpu-{pool}")


def _reserved_plan(**pool: Any) -> dict[str, Any]:
    return render_plan(
        "azure",
        {
            "gpuPools": [{**TRAIN, "capacity": "reserved", **pool}, INFER],
            "reservations": {"train": {"kind": "capacityReservationGroup", "id": CRG_ID}},
        },
    )


def test_secrets_are_kms_encrypted_with_the_stack_keys_pinned_version() -> None:
    """C1: KMS etcd encryption on, with a versioned URI of the stack's primary key (KMS names one
    version), public vault access to match the vault's network rules; secretsKeyId is the key."""
    plan = render_plan("azure")
    key_id = plan["outputs"]["keys"]["keyId"]
    kms = _cluster(plan)["inputs"]["securityProfile"]["azureKeyVaultKms"]
    assert kms["enabled"] is True
    assert kms["keyVaultNetworkAccess"] == "Public"
    version = kms["keyId"].removeprefix(f"{key_id}/")
    assert version != kms["keyId"]
    assert len(version) == 32
    assert "/" not in version
    assert plan["outputs"]["cluster"]["secretsKeyId"] == key_id


def test_cluster_identity_auth_and_workload_identity() -> None:
    """C5/C6: one user-assigned control-plane identity, Entra ID with Azure RBAC, no local
    accounts, OIDC issuer and workload identity on."""
    inputs = _cluster(render_plan("azure"))["inputs"]
    assert inputs["identity"] == {"type": "UserAssigned", "userAssignedIdentities": [IDENTITY_ID]}
    assert inputs["aadProfile"] == {
        "managed": True,
        "enableAzureRBAC": True,
        "tenantID": "11111111-1111-1111-1111-111111111111",
    }
    assert inputs["enableRBAC"] is True
    assert inputs["disableLocalAccounts"] is True
    assert inputs["oidcIssuerProfile"] == {"enabled": True}
    assert inputs["securityProfile"]["workloadIdentity"] == {"enabled": True}


def test_cluster_sku_version_policy_network_and_endpoint() -> None:
    """C9/C12/C4: Standard tier (SLA), stable + NodeImage channels and no pinned version, CNI
    overlay with Cilium policy, NAT egress, ranges clear of the vnet, public endpoint."""
    plan = render_plan("azure")
    inputs = _cluster(plan)["inputs"]
    assert inputs["sku"] == {"name": "Base", "tier": "Standard"}
    assert inputs["autoUpgradeProfile"] == {"upgradeChannel": "stable", "nodeOSUpgradeChannel": "NodeImage"}
    assert "kubernetesVersion" not in inputs
    assert inputs["networkProfile"] == {
        "networkPlugin": "azure",
        "networkPluginMode": "overlay",
        "networkDataplane": "cilium",
        "networkPolicy": "cilium",
        "outboundType": "userAssignedNATGateway",
        "podCidr": "10.244.0.0/16",
        "serviceCidr": "10.0.0.0/16",
        "dnsServiceIP": "10.0.0.10",
    }
    assert inputs["apiServerAccessProfile"] == {"enablePrivateCluster": False}
    assert (inputs["resourceName"], inputs["dnsPrefix"], inputs["location"]) == (
        "corridor-uaenorth",
        "corridor-uaenorth",
        "uaenorth",
    )
    policy = plan["outputs"]["cluster"]["versionPolicy"]
    assert policy == aks.VERSION_POLICY.outputs()
    assert (policy["channel"], policy["version"], policy["nodeUpgrades"]) == ("stable", None, "NodeImage channel")
    assert any("minor version N-1" in note for note in policy["notes"])
    assert plan["outputs"]["cluster"]["endpoint"].startswith("https://corridor-uaenorth-")
    assert plan["outputs"]["cluster"]["endpoint"].endswith(".hcp.uaenorth.azmk8s.io:443")


@pytest.mark.parametrize(
    ("cidr", "expected"),
    [
        ("10.40.0.0/16", ("10.244.0.0/16", "10.0.0.0/16", "10.0.0.10")),
        ("10.0.0.0/8", ("172.30.0.0/16", "172.31.0.0/16", "172.31.0.10")),
    ],
)
def test_pod_and_service_ranges_avoid_the_node_network(cidr: str, expected: tuple[str, str, str]) -> None:
    """A vnet on AKS's default service range moves pods and services to the alternates."""
    assert aks.cluster_ranges(cidr) == expected


def test_system_pool() -> None:
    """One System pool: D4ds_v5, Azure Linux, 3..5 nodes autoscaled, in the node subnet, no public
    IPs, spread over zones 1-3 of uaenorth with corridor:zones unset (issue 9: a zone outage
    must not take every system node); untainted so operator controllers have a CPU home; the
    system node labels every cloud's system nodes carry (pool `system` and the stack's tags)."""
    plan = render_plan("azure")
    assert "corridor:zones" not in edited_config("azure", {}).values
    (pool,) = _cluster(plan)["inputs"]["agentPoolProfiles"]
    tags = pool.pop("tags")
    assert tags["managed-by"] == "corridor"
    labels = pool.pop("nodeLabels")
    assert labels == tagging.system_node_labels(tags)
    assert (labels["corridor.dev/pool"], labels["corridor.dev/team"]) == ("system", "ml-platform")
    assert pool == {
        "name": "system",
        "mode": "System",
        "type": "VirtualMachineScaleSets",
        "vmSize": "Standard_D4ds_v5",
        "osType": "Linux",
        "osSKU": "AzureLinux",
        "count": 3,
        "enableAutoScaling": True,
        "minCount": 3,
        "maxCount": 5,
        "availabilityZones": ["1", "2", "3"],
        "vnetSubnetID": SUBNET_ID,
        "enableNodePublicIP": False,
    }
    assert plan["outputs"]["cluster"]["systemZones"] == ["1", "2", "3"]
    assert plan["outputs"]["cluster"]["systemZoneReason"].startswith("spread: one scale set over zones 1, 2, 3")


def test_system_pool_follows_corridor_zones_when_set() -> None:
    """An explicit corridor:zones is the system pool's zone list, and the reason names it."""
    plan = render_plan("azure", {"zones": ["1", "2"]})
    (pool,) = _cluster(plan)["inputs"]["agentPoolProfiles"]
    assert pool["availabilityZones"] == ["1", "2"]
    assert plan["outputs"]["cluster"]["systemZones"] == ["1", "2"]
    assert "(corridor:zones)" in plan["outputs"]["cluster"]["systemZoneReason"]


def test_region_without_zones_pins_nothing_and_says_why() -> None:
    """In a region without availability zones (uaecentral) no pool names zones, which Azure
    would reject, and every reason says the region has none instead of claiming a spread."""
    assert not zones.has_zones("uaecentral")
    plan = render_plan("azure", {"region": "uaecentral", "drRegion": "uaenorth"})
    (system,) = _cluster(plan)["inputs"]["agentPoolProfiles"]
    assert "availabilityZones" not in system
    cluster = plan["outputs"]["cluster"]
    assert cluster["systemZones"] is None
    assert cluster["systemZoneReason"].startswith("unpinned: uaecentral has no availability zones")
    for name in ("train", "infer"):
        assert "availabilityZones" not in _pool(plan, name)["inputs"]
        out = plan["outputs"]["gpuPools"][name]
        assert out["zones"] is None
        assert out["zoneReason"].startswith("unpinned: uaecentral has no availability zones")
    train = plan["outputs"]["gpuPools"]["train"]
    assert train["fabric"]["kind"] == "infiniband"
    assert train["capacity"]["zone"] is None
    assert any("with no zone pinned" in note for note in train["notes"])


def test_regions_with_zones_live_in_one_module_for_storage_and_cluster() -> None:
    """Storage redundancy and node-pool zones read the same region list, so a region's storage is
    zone-redundant exactly when its nodes are spread over zones."""
    from components.clouds.azure import storage

    assert not hasattr(storage, "REGIONS_WITH_ZONES")
    assert {"uaenorth", "qatarcentral", "israelcentral", "southeastasia"} <= zones.REGIONS_WITH_ZONES
    assert "uaecentral" not in zones.REGIONS_WITH_ZONES
    assert storage.sku_for("uaenorth") == "Standard_ZRS"
    assert storage.sku_for("uaecentral") == "Standard_LRS"


def test_private_nodes_behind_a_nat_gateway() -> None:
    """C3: the first /22 of network.cidr as node subnet, NAT gateway with a Standard static IP,
    no default outbound access; nodes never get public IPs."""
    plan = render_plan("azure", {"network": {"cidr": "10.50.0.0/16"}})
    vnet = _one(plan, "azure-native:network:VirtualNetwork", "cluster-vnet")["inputs"]
    assert vnet["addressSpace"] == {"addressPrefixes": ["10.50.0.0/16"]}
    subnet = _one(plan, "azure-native:network:Subnet", "cluster-nodes")["inputs"]
    nat_id = f"{GROUP_ID}/providers/Microsoft.Network/natGateways/corridor-nat"
    assert subnet["addressPrefix"] == "10.50.0.0/22"
    assert subnet["natGateway"] == {"id": nat_id}
    assert subnet["defaultOutboundAccess"] is False
    nat = _one(plan, "azure-native:network:NatGateway", "cluster-nat")["inputs"]
    assert nat["sku"] == {"name": "Standard"}
    assert nat["publicIpAddresses"] == [
        {"id": f"{GROUP_ID}/providers/Microsoft.Network/publicIPAddresses/corridor-egress"}
    ]
    ip = _one(plan, "azure-native:network:PublicIPAddress", "cluster-egress-ip")["inputs"]
    assert (ip["sku"], ip["publicIPAllocationMethod"]) == ({"name": "Standard", "tier": "Regional"}, "Static")
    for pool in [*_cluster(plan)["inputs"]["agentPoolProfiles"], _pool(plan, "train")["inputs"]]:
        assert pool["enableNodePublicIP"] is False


def test_existing_subnet_replaces_the_network() -> None:
    """network.existingSubnetIds: no vnet, subnet or NAT; every pool and the Network Contributor
    grant use the given subnet."""
    existing = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks"
    plan = render_plan("azure", {"network": {"existingSubnetIds": [existing]}})
    assert [r for r in plan["resources"] if r["type"].startswith("azure-native:network:")] == []
    assert _cluster(plan)["inputs"]["agentPoolProfiles"][0]["vnetSubnetID"] == existing
    assert _pool(plan, "train")["inputs"]["vnetSubnetID"] == existing
    assert _one(plan, "azure-native:authorization:RoleAssignment", "cluster-subnet-access")["inputs"]["scope"] == (
        existing
    )


def test_control_plane_grants_precede_the_cluster() -> None:
    """Key Vault Crypto User on the primary vault and Network Contributor on the subnet, to the
    control-plane identity, with uuid5 names; the cluster depends on both."""
    plan = render_plan("azure")
    vault = _one(plan, "azure-native:keyvault:Vault", "keys-primary-vault")["inputs"]["vaultName"]
    expected = {
        "cluster-key-access": (f"{GROUP_ID}/providers/Microsoft.KeyVault/vaults/{vault}", aks.KEY_VAULT_CRYPTO_USER),
        "cluster-subnet-access": (SUBNET_ID, aks.NETWORK_CONTRIBUTOR),
    }
    cluster = _cluster(plan)
    for name, (scope, role) in expected.items():
        grant = _one(plan, "azure-native:authorization:RoleAssignment", name)
        inputs = grant["inputs"]
        assert (inputs["scope"], inputs["roleDefinitionId"]) == (scope, _role(role))
        assert inputs["principalType"] == "ServicePrincipal"
        assert inputs["roleAssignmentName"] == str(
            uuid.uuid5(roles.ROLE_ASSIGNMENT_NAMESPACE, f"{scope}|{_role(role)}|{IDENTITY_ID}")
        )
        assert grant["urn"] in cluster["dependsOn"]


def test_audit_logs_go_to_log_analytics() -> None:
    """Audit logging: kube-audit-admin, guard and cluster-autoscaler from the cluster into a
    PerGB2018 workspace with 90-day retention, in resource-specific tables."""
    plan = render_plan("azure")
    workspace = _one(plan, "azure-native:operationalinsights:Workspace", "cluster-logs")["inputs"]
    assert (workspace["sku"], workspace["retentionInDays"]) == ({"name": "PerGB2018"}, 90)
    setting = _one(plan, "azure-native:monitor:DiagnosticSetting", "cluster-audit")["inputs"]
    assert setting == {
        "name": "corridor-audit",
        "resourceUri": CLUSTER_ID,
        "workspaceId": f"{GROUP_ID}/providers/Microsoft.OperationalInsights/workspaces/corridor-aks-logs",
        "logAnalyticsDestinationType": "Dedicated",
        "logs": [
            {"category": "kube-audit-admin", "enabled": True},
            {"category": "guard", "enabled": True},
            {"category": "cluster-autoscaler", "enabled": True},
        ],
    }


def test_deletion_protection_is_pulumi_protect_on_the_cluster_only() -> None:
    """C13: AKS has no deletion-protection field, so the cluster is Pulumi-protected (teardown
    needs a deliberate `pulumi state unprotect`); GPU pools stay replaceable and no ARM lock
    blocks them."""
    plan = render_plan("azure")
    assert not resources(plan, "azure-native:authorization:ManagementLockByScope")
    cluster = _cluster(plan)
    assert (cluster["protect"], cluster["retainOnDelete"]) == (True, False)
    assert _pool(plan, "train")["protect"] is False


def test_kubeconfig_uses_kubelogin_with_the_clusters_ca() -> None:
    """The kubeconfig is secret, reads only the CA from listClusterUserCredential (one invoke,
    format exec) and authenticates with `kubelogin get-token --login azurecli` for AKS's server id."""
    rendered = render_config(PROJECT_DIR, edited_config("azure", {}))
    assert rendered.plan["outputs"]["cluster"]["kubeconfig"] == "[secret]"
    calls = [c for c in rendered.calls if c.token == "azure-native:containerservice:listManagedClusterUserCredentials"]
    assert [(c.args["resourceGroupName"], c.args["resourceName"], c.args["format"]) for c in calls] == [
        ("corridor-uaenorth", "corridor-uaenorth", "exec")
    ]
    answer = INVOKES["azure-native:containerservice:listManagedClusterUserCredentials"](
        MockCallArgs("t", {"resourceGroupName": "g", "resourceName": "c"}, "")
    )
    ca = aks.certificate_authority(answer["kubeconfigs"][0]["value"])
    assert base64.b64decode(ca).startswith(b"-----BEGIN CERTIFICATE-----")
    document = yaml.safe_load(aks.render_kubeconfig("c", "https://c.hcp.uaenorth.azmk8s.io:443", ca))
    assert document["clusters"] == [
        {"name": "c", "cluster": {"server": "https://c.hcp.uaenorth.azmk8s.io:443", "certificate-authority-data": ca}}
    ]
    (user,) = document["users"]
    assert user["user"]["exec"]["command"] == "kubelogin"
    assert user["user"]["exec"]["args"] == [
        "get-token",
        "--login",
        "azurecli",
        "--server-id",
        "6dae42f8-4368-4678-94ff-3960e28e3630",
    ]
    assert "token" not in user["user"]
    assert "client-key-data" not in user["user"]


COMMON_POOL_INPUTS = {
    "resourceGroupName": "corridor-uaenorth",
    "resourceName": "corridor-uaenorth",
    "mode": "User",
    "type": "VirtualMachineScaleSets",
    "osType": "Linux",
    "osSKU": "Ubuntu",
    "gpuProfile": {"driver": "Install"},
    "enableAutoScaling": True,
    "enableNodePublicIP": False,
    "vnetSubnetID": SUBNET_ID,
    # uaenorth has zones and corridor:zones is unset: every GPU pool in zone 1.
    "availabilityZones": ["1"],
}


@pytest.mark.parametrize(
    ("pool", "vm_size", "count", "capacity_inputs", "taints", "upgrade"),
    [
        ("train", "Standard_ND96isr_H100_v5", (0, 4), {}, [GPU_TAINT], {"maxSurge": "0", "maxUnavailable": "1"}),
        (
            "infer",
            "Standard_NC24ads_A100_v4",
            (0, 8),
            {"scaleSetPriority": "Spot", "scaleSetEvictionPolicy": "Delete", "spotMaxPrice": -1},
            [GPU_TAINT, SPOT_TAINT],
            None,
        ),
    ],
)
def test_gpu_pool_inputs_per_capacity_mode(
    pool: str,
    vm_size: str,
    count: tuple[int, int],
    capacity_inputs: dict[str, Any],
    taints: list[str],
    upgrade: dict[str, str] | None,
) -> None:
    """onDemand (train) and spot (infer): User pool on the catalog VM size, Ubuntu, AKS driver,
    GPU taint (plus Azure's spot taint and label, declared so they never diff), corridor labels,
    min..max autoscaling starting at min, in-place upgrades for non-spot pools."""
    inputs = _pool(render_plan("azure"), pool)["inputs"]
    labels = inputs.pop("nodeLabels")
    assert inputs.pop("tags")["managed-by"] == "corridor"
    expected = {
        **COMMON_POOL_INPUTS,
        "agentPoolName": pool,
        "vmSize": vm_size,
        "minCount": count[0],
        "maxCount": count[1],
        "count": count[0],
        "nodeTaints": taints,
        **capacity_inputs,
    }
    if upgrade:
        expected["upgradeSettings"] = upgrade
    assert inputs == expected
    assert labels["corridor.dev/pool"] == pool
    assert labels["corridor.dev/capacity"] == ("spot" if pool == "infer" else "onDemand")
    assert labels["corridor.dev/team"] == "ml-platform"
    assert (labels.get("kubernetes.azure.com/scalesetpriority") == "spot") is (pool == "infer")


def test_reserved_pool_uses_its_crg_and_the_identity_holds_contributor_on_its_group() -> None:
    """reserved / capacityReservationGroup: the CRG id on the pool, Contributor on the CRG's
    resource group for the control-plane identity before the cluster exists."""
    plan = _reserved_plan()
    inputs = _pool(plan, "train")["inputs"]
    assert inputs["capacityReservationGroupID"] == CRG_ID
    assert "scaleSetPriority" not in inputs
    grant = _one(plan, "azure-native:authorization:RoleAssignment", "cluster-crg-access-gpu-reservations")
    assert (grant["inputs"]["scope"], grant["inputs"]["roleDefinitionId"]) == (CRG_GROUP, _role(aks.CONTRIBUTOR))
    assert grant["urn"] in _cluster(plan)["dependsOn"]
    out = plan["outputs"]["gpuPools"]["train"]
    capacity = out["capacity"]
    assert capacity.pop("wiring").startswith("agent pool capacityReservationGroupID")
    assert capacity == {"mode": "reserved", "reservation": f"capacityReservationGroup {CRG_ID}", "zone": "1"}
    assert any("without any reservation in it" in note for note in out["notes"])
    assert out["nodeLabels"]["corridor.dev/capacity"] == "reserved"


def test_pools_pin_one_zone_reservation_zone_first() -> None:
    """GPU pools use the reservation's zone, else the first corridor:zones entry, else zone 1 of
    a region with zones (uaenorth, corridor:zones unset); the outputs report that zone and why."""
    default = render_plan("azure")
    for name in ("train", "infer"):
        assert _pool(default, name)["inputs"]["availabilityZones"] == ["1"]
        assert default["outputs"]["gpuPools"][name]["zones"] == ["1"]
    train = default["outputs"]["gpuPools"]["train"]
    assert train["zoneReason"] == (
        "one zone: InfiniBand does not span zones; zone 1 is the first zone of uaenorth (corridor:zones is unset)"
    )
    zoned = render_plan("azure", {"zones": ["2", "3"]})
    assert _pool(zoned, "train")["inputs"]["availabilityZones"] == ["2"]
    assert _pool(zoned, "infer")["inputs"]["availabilityZones"] == ["2"]
    assert zoned["outputs"]["gpuPools"]["infer"]["zoneReason"].endswith("zone 2 is the first of corridor:zones")
    reserved = render_plan(
        "azure",
        {
            "zones": ["2", "3"],
            "gpuPools": [{**TRAIN, "capacity": "reserved"}],
            "reservations": {"train": {"kind": "capacityReservationGroup", "id": CRG_ID, "zone": "3"}},
        },
    )
    assert _pool(reserved, "train")["inputs"]["availabilityZones"] == ["3"]
    assert reserved["outputs"]["gpuPools"]["train"]["zones"] == ["3"]
    assert reserved["outputs"]["gpuPools"]["train"]["zoneReason"] == (
        "one zone: the capacity reservation group holds capacity in zone 3"
    )
    # With corridor:zones unset, the reservation's zone still wins over the region's zone 1.
    reserved_default = render_plan(
        "azure",
        {
            "gpuPools": [{**TRAIN, "capacity": "reserved"}],
            "reservations": {"train": {"kind": "capacityReservationGroup", "id": CRG_ID, "zone": "2"}},
        },
    )
    assert _pool(reserved_default, "train")["inputs"]["availabilityZones"] == ["2"]


INFINIBAND = {"kind": "infiniband", "interfaces": 8, "placement": None}
NO_FABRIC = {"kind": "none", "interfaces": 0, "placement": None}


def test_gpu_placement_translates_the_plans_zone_and_decides_none() -> None:
    """The adapter pins a GPU pool to `PoolPlan.zone` and only explains it: given another zone or
    none, it follows the plan instead of choosing the region's first zone again."""
    spec = load_spec(base_config("azure").values, BASELINE)
    train = next(plan for plan in spec.pool_plans if plan.pool.name == "train")
    assert train.zone == "1"
    assert zones.gpu_placement(spec, dataclasses.replace(train, zone="3")).zones == ["3"]
    unpinned = zones.gpu_placement(spec, dataclasses.replace(train, zone=None))
    assert unpinned.zones is None
    assert unpinned.reason.endswith("InfiniBand still links the VMs of the pool's one scale set")


@pytest.mark.parametrize(
    ("pool", "fabric", "in_cluster"),
    [
        (TRAIN, INFINIBAND, 2),
        ({**TRAIN, "interconnect": "none"}, NO_FABRIC, 1),
        ({**TRAIN, "maxNodes": 1}, NO_FABRIC, 1),
        (INFER, NO_FABRIC, 1),
    ],
)
def test_fabric_only_for_multi_node_fabric_pools(pool: dict[str, Any], fabric: dict[str, Any], in_cluster: int) -> None:
    """InfiniBand is reported (with the Network Operator to install, and the scale set and
    feature registration in the notes) only for interconnect auto on a multi-node ND pool; the
    agent pool inputs are the same either way (IB is per scale set)."""
    plan = render_plan("azure", {"gpuPools": [pool]})
    out = plan["outputs"]["gpuPools"][pool["name"]]
    assert out["fabric"] == fabric
    fabric_notes = [note for note in out["notes"] if "InfiniBand" in note]
    if fabric["kind"] == "infiniband":
        assert fabric_notes == [
            "InfiniBand links the VMs of the pool's one scale set (one agent pool is one scale set), in zone 1",
            "the subscription must have the feature Microsoft.ContainerService/AKSInfinibandSupport registered, "
            "so that AKS places the scale set's nodes on one InfiniBand network",
        ]
    else:
        assert fabric_notes == []
    assert len(out["inCluster"]) == in_cluster
    assert out["inCluster"][0]["component"].startswith("NVIDIA device plugin")
    assert out["inCluster"][0]["why"].startswith("AKS installs only the driver")
    if in_cluster == 2:
        assert out["inCluster"][1]["component"].startswith("NVIDIA Network Operator")
    assert out["driver"] == {
        "installedBy": "cloud",
        "source": "AKS-installed NVIDIA driver (gpuProfile.driver=Install, Ubuntu node image)",
    }
    assert "proximityPlacementGroupID" not in _pool(plan, pool["name"])["inputs"]


def test_capacity_outputs_per_mode() -> None:
    """capacity: the mode, the plan's zone and the scale set wiring; no reservation unless reserved."""
    out = render_plan("azure")["outputs"]["gpuPools"]
    assert out["train"]["capacity"] == {
        "mode": "onDemand",
        "reservation": None,
        "zone": "1",
        "wiring": "scale set priority Regular",
    }
    assert out["infer"]["capacity"] == {
        "mode": "spot",
        "reservation": None,
        "zone": "1",
        "wiring": "scale set priority Spot, eviction Delete, max price on-demand",
    }
    assert any("kubernetes.azure.com/scalesetpriority=spot" in note for note in out["infer"]["notes"])


def test_pool_outputs_are_the_neutral_contract() -> None:
    """gpuPools.<name>: machine type, taints, bounds and GPU counts as the cluster will see them."""
    out = render_plan("azure")["outputs"]["gpuPools"]
    assert (out["train"]["machineType"], out["train"]["gpusPerNode"], out["train"]["maxGpus"]) == (
        "Standard_ND96isr_H100_v5",
        8,
        32,
    )
    assert out["train"]["taints"] == [GPU_TAINT]
    assert out["infer"]["taints"] == [GPU_TAINT, SPOT_TAINT]
    assert (out["infer"]["minNodes"], out["infer"]["maxNodes"]) == (0, 8)


def test_malformed_crg_id_is_rejected() -> None:
    """A reservation id that is not a CRG resource id fails with the expected shape."""
    with pytest.raises(ValueError, match="is not a capacity reservation group id"):
        aks.crg_resource_group("/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm")
    assert aks.crg_resource_group(CRG_ID) == CRG_GROUP


def test_api_access_cidrs_restrict_the_endpoint_and_keep_the_nat_ip() -> None:
    """C2: network.apiAccessCidrs other than 0.0.0.0/0 become authorized IP ranges, plus the NAT
    egress IP (/32) nodes reach the API server from; the default leaves the endpoint open."""
    default = _cluster(render_plan("azure"))["inputs"]["apiServerAccessProfile"]
    assert default == {"enablePrivateCluster": False}
    plan = render_plan("azure", {"network": {"apiAccessCidrs": ["203.0.113.0/24"]}})
    ranges = _cluster(plan)["inputs"]["apiServerAccessProfile"]["authorizedIPRanges"]
    assert ranges[0] == "203.0.113.0/24"
    assert len(ranges) == 2
    assert ranges[1].startswith("20.74.")
    assert ranges[1].endswith("/32")
