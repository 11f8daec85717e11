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
DES_ID = f"{GROUP_ID}/providers/Microsoft.Compute/diskEncryptionSets/corridor-nodes-uaenorth"
WORKSPACE_ID = f"{GROUP_ID}/providers/Microsoft.OperationalInsights/workspaces/corridor-aks-logs"
DOC_RANGES = ["192.0.2.0/24", "198.51.100.0/24"]
"""`network.apiAccessCidrs` of the project baseline (RFC 5737)."""
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
    overlay with Cilium policy, NAT egress, ranges clear of the vnet, public endpoint limited to
    the baseline's apiAccessCidrs plus the NAT IP."""
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
    access = inputs["apiServerAccessProfile"]
    assert access["enablePrivateCluster"] is False
    assert access["authorizedIPRanges"][:2] == DOC_RANGES
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
        "enableEncryptionAtHost": True,
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
    no default outbound access; nodes never get public IPs. The network is the region's
    (`region-*`, built with the base so storage can admit the subnet)."""
    plan = render_plan("azure", {"network": {"cidr": "10.50.0.0/16", "apiAccessCidrs": DOC_RANGES}})
    vnet = _one(plan, "azure-native:network:VirtualNetwork", "region-vnet")["inputs"]
    assert vnet["addressSpace"] == {"addressPrefixes": ["10.50.0.0/16"]}
    subnet = _one(plan, "azure-native:network:Subnet", "region-nodes")["inputs"]
    nat_id = f"{GROUP_ID}/providers/Microsoft.Network/natGateways/corridor-nat"
    assert subnet["addressPrefix"] == "10.50.0.0/22"
    assert subnet["natGateway"] == {"id": nat_id}
    assert subnet["defaultOutboundAccess"] is False
    nat = _one(plan, "azure-native:network:NatGateway", "region-nat")["inputs"]
    assert nat["sku"] == {"name": "Standard"}
    assert nat["publicIpAddresses"] == [
        {"id": f"{GROUP_ID}/providers/Microsoft.Network/publicIPAddresses/corridor-egress"}
    ]
    ip = _one(plan, "azure-native:network:PublicIPAddress", "region-egress-ip")["inputs"]
    assert (ip["sku"], ip["publicIPAllocationMethod"]) == ({"name": "Standard", "tier": "Regional"}, "Static")
    for pool in [*_cluster(plan)["inputs"]["agentPoolProfiles"], _pool(plan, "train")["inputs"]]:
        assert pool["enableNodePublicIP"] is False


def test_existing_subnet_replaces_the_network() -> None:
    """network.existingSubnetIds: no vnet, subnet or NAT; every pool and the Network Contributor
    grant use the given subnet."""
    existing = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks"
    plan = render_plan("azure", {"network": {"existingSubnetIds": [existing], "apiAccessCidrs": DOC_RANGES}})
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
    """Audit logging: kube-audit-admin, guard and cluster-autoscaler from the cluster into the
    region's PerGB2018 workspace, in resource-specific tables."""
    plan = render_plan("azure")
    workspace = _one(plan, "azure-native:operationalinsights:Workspace", "region-logs")["inputs"]
    assert workspace["sku"] == {"name": "PerGB2018"}
    setting = _one(plan, "azure-native:monitor:DiagnosticSetting", "cluster-audit")["inputs"]
    assert setting == {
        "name": "corridor-audit",
        "resourceUri": CLUSTER_ID,
        "workspaceId": WORKSPACE_ID,
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
    "enableEncryptionAtHost": True,
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
        (TRAIN, INFINIBAND, 1),
        ({**TRAIN, "interconnect": "none"}, NO_FABRIC, 0),
        ({**TRAIN, "maxNodes": 1}, NO_FABRIC, 0),
        (INFER, NO_FABRIC, 0),
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
    # The device plugin is corridor's own agent (observability.agents.gpuRuntime), so only the
    # Network Operator of an InfiniBand pool is left to the user.
    assert len(out["inCluster"]) == in_cluster
    assert all(not step["component"].startswith("NVIDIA device plugin") for step in out["inCluster"])
    without_agents = render_plan("azure", {"gpuPools": [pool], "observability": {"enabled": False}})
    steps = without_agents["outputs"]["gpuPools"][pool["name"]]["inCluster"]
    assert steps[0]["component"].startswith("NVIDIA device plugin")
    assert steps[0]["why"].startswith("AKS installs only the driver")
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
    """C2: network.apiAccessCidrs become authorized IP ranges, plus the NAT egress IP (/32) nodes
    reach the API server from; apiAccess reports exactly those ranges."""
    plan = render_plan("azure", {"network": {"apiAccessCidrs": ["203.0.113.0/24"]}})
    access = _cluster(plan)["inputs"]["apiServerAccessProfile"]
    ranges = access["authorizedIPRanges"]
    assert access["enablePrivateCluster"] is False
    assert ranges[0] == "203.0.113.0/24"
    assert len(ranges) == 2
    assert ranges[1].startswith("20.74.")
    assert ranges[1].endswith("/32")
    assert plan["outputs"]["cluster"]["apiAccess"] == {
        "private": False,
        "allowedCidrs": ranges,
        "controlledBy": "corridor",
    }


def test_private_endpoint_makes_a_private_cluster_without_ranges() -> None:
    """C2: network.privateEndpoint makes a private cluster (enablePrivateCluster) with no
    authorized ranges (AKS refuses them there), and apiAccess says so."""
    plan = render_plan("azure", {"network": {"privateEndpoint": True}})
    assert _cluster(plan)["inputs"]["apiServerAccessProfile"] == {"enablePrivateCluster": True}
    assert plan["outputs"]["cluster"]["apiAccess"] == {"private": True, "allowedCidrs": [], "controlledBy": "corridor"}


def test_whole_internet_only_when_the_stack_says_so() -> None:
    """C2: 0.0.0.0/0 with network.apiOpenToWholeInternet is AKS's open endpoint (no ranges at
    all), and apiAccess reports 0.0.0.0/0 rather than hiding it."""
    plan = render_plan("azure", {"network": {"apiAccessCidrs": ["0.0.0.0/0"], "apiOpenToWholeInternet": True}})
    assert _cluster(plan)["inputs"]["apiServerAccessProfile"] == {"enablePrivateCluster": False}
    assert plan["outputs"]["cluster"]["apiAccess"] == {
        "private": False,
        "allowedCidrs": ["0.0.0.0/0"],
        "controlledBy": "corridor",
    }


def test_disk_encryption_set_is_built_on_the_primary_key_and_protected() -> None:
    """C10: one disk encryption set on a versioned URI of the primary key in the primary vault,
    system-assigned identity, customer key at rest, following rotations by itself (its key URL
    ignored after creation); protected and retained like the key."""
    plan = render_plan("azure")
    des = _one(plan, "azure-native:compute:DiskEncryptionSet", "cluster-disk-encryption")
    vault = _one(plan, "azure-native:keyvault:Vault", "keys-primary-vault")["inputs"]["vaultName"]
    vault_id = f"{GROUP_ID}/providers/Microsoft.KeyVault/vaults/{vault}"
    inputs = des["inputs"]
    assert inputs.pop("tags")["managed-by"] == "corridor"
    key_url = inputs["activeKey"].pop("keyUrl")
    assert key_url.startswith(plan["outputs"]["keys"]["keyId"] + "/")
    assert inputs == {
        "diskEncryptionSetName": "corridor-nodes-uaenorth",
        "resourceGroupName": "corridor-uaenorth",
        "location": "uaenorth",
        "identity": {"type": "SystemAssigned"},
        "encryptionType": "EncryptionAtRestWithCustomerKey",
        "activeKey": {"sourceVault": {"id": vault_id}},
        "rotationToLatestKeyVersionEnabled": True,
    }
    assert (des["protect"], des["retainOnDelete"], des["ignoreChanges"]) == (True, True, ["activeKey.keyUrl"])


def test_disk_encryption_grants_precede_the_cluster_that_names_the_set() -> None:
    """C10: the set's own identity holds Key Vault Crypto Service Encryption User on the primary
    vault, the control-plane identity holds Reader on the set, both before the cluster, whose
    diskEncryptionSetID is the set."""
    plan = render_plan("azure")
    vault = _one(plan, "azure-native:keyvault:Vault", "keys-primary-vault")["inputs"]["vaultName"]
    vault_id = f"{GROUP_ID}/providers/Microsoft.KeyVault/vaults/{vault}"
    cluster = _cluster(plan)
    key_access = _one(plan, "azure-native:authorization:RoleAssignment", "cluster-disk-encryption-key-access")
    definition = _role("e147488a-f6f5-4113-8e2d-b22465e65bf6")
    des_principal = key_access["inputs"].pop("principalId")
    assert des_principal  # the set's own system-assigned identity, known once the set exists
    assert key_access["inputs"] == {
        "scope": vault_id,
        "roleDefinitionId": definition,
        "principalType": "ServicePrincipal",
        "roleAssignmentName": str(uuid.uuid5(roles.ROLE_ASSIGNMENT_NAMESPACE, f"{vault_id}|{definition}|{DES_ID}")),
    }
    reader = _one(plan, "azure-native:authorization:RoleAssignment", "cluster-disk-encryption-access")["inputs"]
    assert (reader["scope"], reader["roleDefinitionId"]) == (DES_ID, _role(aks.READER))
    assert reader["roleAssignmentName"] == str(
        uuid.uuid5(roles.ROLE_ASSIGNMENT_NAMESPACE, f"{DES_ID}|{_role(aks.READER)}|{IDENTITY_ID}")
    )
    assert cluster["inputs"]["diskEncryptionSetID"] == DES_ID
    for grant in ("cluster-disk-encryption-key-access", "cluster-disk-encryption-access"):
        assert _one(plan, "azure-native:authorization:RoleAssignment", grant)["urn"] in cluster["dependsOn"]


def test_every_pool_encrypts_at_host_and_a_pool_without_it_is_replaced() -> None:
    """C10: the system pool and every GPU pool set enableEncryptionAtHost; AKS cannot change it
    on an existing pool, so a GPU pool is declared replaced on that input (deleted first: its
    name is fixed). nodeDisks of the cluster and of each pool name the primary key."""
    plan = render_plan("azure")
    assert _cluster(plan)["inputs"]["agentPoolProfiles"][0]["enableEncryptionAtHost"] is True
    key_id = plan["outputs"]["keys"]["keyId"]
    assert plan["outputs"]["cluster"]["nodeDisks"]["keyId"] == key_id
    assert "system pool" in plan["outputs"]["cluster"]["nodeDisks"]["note"]
    for name in ("train", "infer"):
        assert _pool(plan, name)["inputs"]["enableEncryptionAtHost"] is True
        disks = plan["outputs"]["gpuPools"][name]["nodeDisks"]
        assert disks["keyId"] == key_id
        assert disks["note"].startswith(f"{name} pool: OS disks encrypted with the stack's primary key")
    from pathlib import Path

    from components.clouds.azure import node_pool

    # The plan does not record replaceOnChanges/deleteBeforeReplace; the module must declare them.
    source = Path(node_pool.__file__).read_text()
    assert 'replace_on_changes=["enableEncryptionAtHost"]' in source
    assert "delete_before_replace=True" in source


def test_platform_node_disk_key_keeps_a_cluster_deployed_before_the_stack_key() -> None:
    """Issue 11: `corridor:nodeDiskKey: platform` builds the inputs a cluster deployed before
    node disks used the stack key already has: no disk encryption set nor its grants, no
    diskEncryptionSetID, no enableEncryptionAtHost on the system pool or any GPU pool; nodeDisks
    report no key and why. The default (`stack`) still has all of it."""
    grants = ("cluster-disk-encryption-key-access", "cluster-disk-encryption-access")
    plan = render_plan("azure", {"nodeDiskKey": "platform"})
    assert resources(plan, "azure-native:compute:DiskEncryptionSet") == []
    names = {r["name"] for r in resources(plan, "azure-native:authorization:RoleAssignment")}
    assert names.isdisjoint(grants)
    cluster = _cluster(plan)["inputs"]
    assert "diskEncryptionSetID" not in cluster
    assert "enableEncryptionAtHost" not in cluster["agentPoolProfiles"][0]
    outputs = plan["outputs"]
    assert outputs["cluster"]["nodeDisks"]["keyId"] is None
    assert outputs["cluster"]["nodeDisks"]["note"].startswith("platform-managed keys: corridor:nodeDiskKey is platform")
    assert "system pool" in outputs["cluster"]["nodeDisks"]["note"]
    for name in ("train", "infer"):
        assert "enableEncryptionAtHost" not in _pool(plan, name)["inputs"]
        disks = outputs["gpuPools"][name]["nodeDisks"]
        assert disks["keyId"] is None
        assert disks["note"].startswith("platform-managed keys: corridor:nodeDiskKey is platform")
        assert f"{name} pool" in disks["note"]

    default = render_plan("azure")
    assert len(resources(default, "azure-native:compute:DiskEncryptionSet")) == 1
    for grant in grants:
        _one(default, "azure-native:authorization:RoleAssignment", grant)
    assert _cluster(default)["inputs"]["diskEncryptionSetID"] == DES_ID
    assert _cluster(default)["inputs"]["agentPoolProfiles"][0]["enableEncryptionAtHost"] is True
    for name in ("train", "infer"):
        assert _pool(default, name)["inputs"]["enableEncryptionAtHost"] is True
        assert default["outputs"]["gpuPools"][name]["nodeDisks"]["keyId"] == default["outputs"]["keys"]["keyId"]


def test_platform_node_disk_key_skips_the_encryption_at_host_size_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11: with `corridor:nodeDiskKey: platform` no pool encrypts at host, so a size that
    cannot is not refused."""
    from components.clouds.azure import profile

    monkeypatch.setattr(profile, "HOST_ENCRYPTION_UNSUPPORTED", {"Standard_ND96isr_H100_v5": "test reason"})
    spec = load_spec(edited_config("azure", {"nodeDiskKey": "platform"}).values, BASELINE)
    assert spec.node_disk_key == "platform"


def test_a_size_that_cannot_encrypt_at_host_is_refused_with_its_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """C10: a GPU size the profile records as unable to encrypt at host is refused at
    validation, naming the pool, the size and the reason; today no catalog size is recorded."""
    from components.clouds.azure import profile
    from components.definition.errors import SpecError

    assert profile.HOST_ENCRYPTION_UNSUPPORTED == {}
    monkeypatch.setattr(profile, "HOST_ENCRYPTION_UNSUPPORTED", {"Standard_ND96isr_H100_v5": "test reason"})
    with pytest.raises(SpecError) as error:
        load_spec(base_config("azure").values, BASELINE)
    message = str(error.value)
    assert "corridor:gpuPools[0].accelerator" in message
    assert "pool 'train' would run on Standard_ND96isr_H100_v5, which cannot encrypt at host" in message
    assert "test reason" in message


def test_flow_logs_and_image_admission_are_declared_unsupported() -> None:
    """C7/issue 11: Azure ships without flow logs (the subscription's one Network Watcher per
    region is not corridor's to create or name) and without image admission; the profile says
    why, and flowLogs reports no destination with that reason."""
    from components.clouds.azure.profile import PROFILE
    from components.clouds.features import FLOW_LOGS, IMAGE_ADMISSION

    assert "Network Watcher" in PROFILE.unsupported[FLOW_LOGS]
    assert "NetworkWatcherRG" in PROFILE.unsupported[FLOW_LOGS]
    assert "image" in PROFILE.unsupported[IMAGE_ADMISSION]
    flow = render_plan("azure")["outputs"]["cluster"]["flowLogs"]
    assert flow == {"destination": None, "note": f"not created: {PROFILE.unsupported[FLOW_LOGS]}"}
    assert not [r for r in render_plan("azure")["resources"] if "FlowLog" in r["type"] or "Watcher" in r["type"]]


def test_workspace_moved_to_the_region_keeps_its_urn_and_is_protected() -> None:
    """The workspace is the region's (`region-logs`), aliased to its old URN under the cluster
    component so no live workspace is replaced; protected and retained (it holds the audit
    trail), retention logging.retentionDays, no shared-key access."""
    plan = render_plan("azure", {"logging": {"retentionDays": 400}})
    workspace = _one(plan, "azure-native:operationalinsights:Workspace", "region-logs")
    old = (
        "urn:pulumi:azure-uaenorth::corridor::corridor:index:GpuCluster"
        "$azure-native:operationalinsights:Workspace::cluster-logs"
    )
    assert old in workspace["aliases"]
    assert (workspace["protect"], workspace["retainOnDelete"]) == (True, True)
    inputs = workspace["inputs"]
    assert inputs.pop("tags")["managed-by"] == "corridor"
    assert inputs == {
        "workspaceName": "corridor-aks-logs",
        "resourceGroupName": "corridor-uaenorth",
        "location": "uaenorth",
        "sku": {"name": "PerGB2018"},
        "retentionInDays": 400,
        "features": {"disableLocalAuth": True},
    }
    assert (
        _one(render_plan("azure"), "azure-native:operationalinsights:Workspace", "region-logs")["inputs"][
            "retentionInDays"
        ]
        == 365
    )


def test_network_moved_to_the_region_keeps_its_urns_and_admits_storage() -> None:
    """The vnet, subnet, NAT gateway and egress IP are the region's, each aliased to its old
    `cluster-*` URN; the subnet carries the Microsoft.Storage service endpoint the storage
    accounts' network rule needs."""
    plan = render_plan("azure")
    prefix = "urn:pulumi:azure-uaenorth::corridor::corridor:index:GpuCluster$azure-native:network:"
    for type_, new, old in (
        ("VirtualNetwork", "region-vnet", "cluster-vnet"),
        ("Subnet", "region-nodes", "cluster-nodes"),
        ("NatGateway", "region-nat", "cluster-nat"),
        ("PublicIPAddress", "region-egress-ip", "cluster-egress-ip"),
    ):
        assert f"{prefix}{type_}::{old}" in _one(plan, f"azure-native:network:{type_}", new)["aliases"]
    subnet = _one(plan, "azure-native:network:Subnet", "region-nodes")["inputs"]
    assert subnet["serviceEndpoints"] == [{"service": "Microsoft.Storage"}]
