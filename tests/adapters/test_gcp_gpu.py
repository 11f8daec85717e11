"""Exact provider inputs of the GKE cluster, its system pool and GPU pools per capacity mode and
interconnect, and the neutral pool outputs."""

from __future__ import annotations

from typing import Any

import pytest

from components.clouds.gcp.cluster import carve
from corridor.mockcloud.gcp import project_number
from tests.conftest import render_plan
from tests.plans import resources

CLUSTER = "gcp:container/cluster:Cluster"
NODE_POOL = "gcp:container/nodePool:NodePool"
NETWORK = "gcp:compute/network:Network"
SUBNETWORK = "gcp:compute/subnetwork:Subnetwork"
DOC_RANGES = ["192.0.2.0/24", "198.51.100.0/24"]  # Pulumi.yaml's network.apiAccessCidrs
FLOW_LOGS = {"aggregationInterval": "INTERVAL_1_MIN", "flowSampling": 0.5, "metadata": "INCLUDE_ALL_METADATA"}
KEY_MEMBER = "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
NODE_SA = "gke-nodes-d7a27922@corridor-prod-apac.iam.gserviceaccount.com"
TAINT = [{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}]

TRAIN = {"name": "train", "accelerator": "H100", "gpusPerNode": 8, "minNodes": 0, "maxNodes": 4}
SMALL = {"name": "small", "accelerator": "L4", "gpusPerNode": 1, "minNodes": 1, "maxNodes": 3, "interconnect": "none"}


def _cluster(plan: dict[str, Any]) -> dict[str, Any]:
    return resources(plan, CLUSTER)[0]["inputs"]


def _pool(plan: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in resources(plan, NODE_POOL) if r["name"] == name)["inputs"]


def test_cluster_control_plane_inputs() -> None:
    """Regional private cluster: Secrets encrypted with the stack key, logging and Managed
    Prometheus, Workload Identity, private nodes, REGULAR channel, GKE deletion protection."""
    plan = render_plan("gcp")
    inputs = _cluster(plan)
    assert inputs["databaseEncryption"] == {"state": "ENCRYPTED", "keyName": plan["outputs"]["keys"]["keyId"]}
    assert inputs["loggingConfig"] == {"enableComponents": ["SYSTEM_COMPONENTS", "WORKLOADS"]}
    assert inputs["monitoringConfig"] == {
        "enableComponents": ["SYSTEM_COMPONENTS"],
        "managedPrometheus": {"enabled": True},
    }
    assert inputs["workloadIdentityConfig"] == {"workloadPool": "corridor-prod-apac.svc.id.goog"}
    assert inputs["privateClusterConfig"] == {
        "enablePrivateNodes": True,
        "enablePrivateEndpoint": False,
        "masterIpv4CidrBlock": "172.16.0.0/28",
    }
    assert inputs["masterAuth"] == {"clientCertificateConfig": {"issueClientCertificate": False}}
    assert inputs["releaseChannel"] == {"channel": "REGULAR"}
    assert inputs["deletionProtection"] is True
    assert (inputs["location"], inputs["nodeLocations"]) == (
        "asia-southeast1",
        ["asia-southeast1-a", "asia-southeast1-b", "asia-southeast1-c"],
    )
    assert (inputs["removeDefaultNodePool"], inputs["initialNodeCount"]) == (True, 1)
    assert inputs["networkingMode"] == "VPC_NATIVE"
    assert inputs["ipAllocationPolicy"] == {
        "clusterSecondaryRangeName": "pods",
        "servicesSecondaryRangeName": "services",
    }
    assert (inputs["datapathProvider"], inputs["enableMultiNetworking"]) == ("ADVANCED_DATAPATH", True)
    assert inputs["enableShieldedNodes"] is True
    assert inputs["nodeConfig"]["serviceAccount"] == NODE_SA
    assert inputs["resourceLabels"]["team"] == "ml-platform"
    cluster = plan["outputs"]["cluster"]
    assert cluster["versionPolicy"] == {
        "channel": "REGULAR",
        "version": None,
        "nodeUpgrades": "auto-upgrade within the channel, after the control plane",
        "notes": [
            "GKE REGULAR release channel: the control plane and nodes auto-upgrade within the channel, "
            "with the channel's full support window"
        ],
    }
    assert cluster["secretsKeyId"] == plan["outputs"]["keys"]["keyId"]
    assert cluster["kubeconfig"] == "[secret]"


def test_service_agents_get_the_key_before_the_cluster() -> None:
    """The GKE and Compute Engine service agents (named from the project number) hold
    encrypter/decrypter on the stack key, and the cluster waits for both grants."""
    plan = render_plan("gcp")
    grants = {r["name"]: r for r in resources(plan, KEY_MEMBER) if r["name"].startswith("cluster-key-")}
    number = project_number("corridor-prod-apac")  # the mock cloud's getProject answer
    assert {name: g["inputs"]["member"] for name, g in grants.items()} == {
        "cluster-key-gke": f"serviceAccount:service-{number}@container-engine-robot.iam.gserviceaccount.com",
        "cluster-key-compute": f"serviceAccount:service-{number}@compute-system.iam.gserviceaccount.com",
    }
    for grant in grants.values():
        assert grant["inputs"]["cryptoKeyId"] == plan["outputs"]["keys"]["keyId"]
        assert grant["inputs"]["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
        assert grant["urn"] in resources(plan, CLUSTER)[0]["dependsOn"]


def test_network_ranges_are_carved_from_the_cidr() -> None:
    """Subnetwork primary (nodes) and secondary pods/services ranges come from network.cidr;
    Private Google Access and Cloud NAT give private nodes egress."""
    assert carve("10.40.0.0/16") == carve("10.40.0.0/16")
    ranges = carve("10.40.0.0/16")
    assert (ranges.pods, ranges.nodes, ranges.services) == ("10.40.0.0/17", "10.40.128.0/18", "10.40.192.0/19")
    plan = render_plan("gcp")
    subnet = next(r for r in plan["resources"] if r["name"] == "cluster-subnet")["inputs"]
    assert subnet["ipCidrRange"] == "10.40.128.0/18"
    assert subnet["secondaryIpRanges"] == [
        {"rangeName": "pods", "ipCidrRange": "10.40.0.0/17"},
        {"rangeName": "services", "ipCidrRange": "10.40.192.0/19"},
    ]
    assert subnet["privateIpGoogleAccess"] is True
    nat = next(r for r in plan["resources"] if r["name"] == "cluster-nat")["inputs"]
    assert nat["natIpAllocateOption"] == "AUTO_ONLY"
    assert nat["sourceSubnetworkIpRangesToNat"] == "ALL_SUBNETWORKS_ALL_IP_RANGES"


def test_existing_subnetwork_is_used_as_is() -> None:
    """With existingSubnetIds the cluster uses that subnetwork and creates no network."""
    link = "projects/corridor-prod-apac/regions/asia-southeast1/subnetworks/shared"
    network = {"existingSubnetIds": [link], "apiAccessCidrs": DOC_RANGES}
    plan = render_plan("gcp", {"network": network, "gpuPools": [SMALL]})
    assert _cluster(plan)["subnetwork"] == link
    assert "network" not in _cluster(plan)
    assert resources(plan, NETWORK) == []


def test_system_pool() -> None:
    """e2-standard-4 across all zones (reported as systemZones), 1..3 nodes, repaired and
    upgraded, shielded, GKE metadata server, dedicated service account, CMEK boot disk, and the
    system node labels every cloud's system nodes carry."""
    plan = render_plan("gcp")
    inputs = _pool(plan, "cluster-system")
    assert inputs["autoscaling"] == {"totalMinNodeCount": 1, "totalMaxNodeCount": 3, "locationPolicy": "BALANCED"}
    assert inputs["management"] == {"autoRepair": True, "autoUpgrade": True}
    config = inputs["nodeConfig"]
    assert config["machineType"] == "e2-standard-4"
    assert config["shieldedInstanceConfig"] == {"enableSecureBoot": True, "enableIntegrityMonitoring": True}
    assert config["workloadMetadataConfig"] == {"mode": "GKE_METADATA"}
    assert config["serviceAccount"] == NODE_SA
    assert config["bootDiskKmsKey"] == plan["outputs"]["keys"]["keyId"]
    assert "guestAccelerators" not in config
    assert config["labels"]["corridor.dev/pool"] == config["labels"]["corridor.dev/role"] == "system"
    assert config["labels"]["corridor.dev/team"] == "ml-platform"
    assert config["labels"]["corridor.dev/stack"] == "gcp-asia-southeast1"
    assert set(config["labels"]) == {"corridor.dev/pool", "corridor.dev/role"} | {
        f"corridor.dev/{key}" for key in config["resourceLabels"]
    }
    zones = ["asia-southeast1-a", "asia-southeast1-b", "asia-southeast1-c"]
    assert inputs["nodeLocations"] == zones
    assert plan["outputs"]["cluster"]["systemZones"] == zones
    assert plan["outputs"]["cluster"]["systemZoneReason"].startswith("spread: ")


def test_node_service_account_roles() -> None:
    """Nodes run as a dedicated account with only the logging, monitoring and registry roles."""
    plan = render_plan("gcp")
    roles = sorted(r["inputs"]["role"] for r in resources(plan, "gcp:projects/iAMMember:IAMMember"))
    assert roles == [
        "roles/artifactregistry.reader",
        "roles/logging.logWriter",
        "roles/monitoring.metricWriter",
        "roles/monitoring.viewer",
    ]


@pytest.mark.parametrize(
    ("capacity", "reservation", "expected", "reported"),
    [
        ("onDemand", None, {}, (None, "on-demand: no node_config capacity field")),
        ("spot", None, {"spot": True}, (None, "node_config.spot")),
        (
            "reserved",
            {"kind": "reservation", "id": "h100-res", "zone": "asia-southeast1-b"},
            {
                "reservationAffinity": {
                    "consumeReservationType": "SPECIFIC_RESERVATION",
                    "key": "compute.googleapis.com/reservation-name",
                    "values": ["h100-res"],
                }
            },
            ("reservation h100-res", "node_config.reservation_affinity SPECIFIC_RESERVATION"),
        ),
        (
            "reserved",
            {"kind": "flexStart"},
            {"flexStart": True, "reservationAffinity": {"consumeReservationType": "NO_RESERVATION"}},
            ("flexStart", "node_config.flex_start, reservation_affinity NO_RESERVATION"),
        ),
    ],
)
def test_gpu_pool_capacity_modes(
    capacity: str, reservation: dict[str, Any] | None, expected: dict[str, Any], reported: tuple[str | None, str]
) -> None:
    """Each capacity mode sets exactly its node_config fields and reports them as `capacity`;
    every GPU pool carries the GPU taint, the corridor labels, the LATEST GKE driver, one zone
    and min..max autoscaling."""
    pool = {**SMALL, "capacity": capacity}
    edits: dict[str, Any] = {"gpuPools": [pool], "reservations": {"small": reservation} if reservation else {}}
    plan = render_plan("gcp", edits)
    inputs = _pool(plan, "gpu-small")
    config = inputs["nodeConfig"]
    for key in ("spot", "flexStart", "reservationAffinity"):
        assert config.get(key) == expected.get(key), key
    zone = (reservation or {}).get("zone", "asia-southeast1-a")
    assert inputs["nodeLocations"] == [zone]
    out = plan["outputs"]["gpuPools"]["small"]
    assert out["zones"] == [zone]
    if reservation is not None and reservation["kind"] == "reservation":
        assert out["zoneReason"] == f"one zone: the reservation holds capacity in {zone}"
    else:
        assert out["zoneReason"].endswith(f"; {zone} is the first of corridor:zones")
    assert inputs["autoscaling"] == {"totalMinNodeCount": 1, "totalMaxNodeCount": 3, "locationPolicy": "ANY"}
    assert inputs["initialNodeCount"] == 1
    flex = reservation is not None and reservation["kind"] == "flexStart"
    assert inputs["management"] == {"autoRepair": not flex, "autoUpgrade": True}
    assert config["machineType"] == "g2-standard-4"
    assert config["guestAccelerators"] == [
        {"type": "nvidia-l4", "count": 1, "gpuDriverInstallationConfig": {"gpuDriverVersion": "LATEST"}}
    ]
    assert config["taints"] == TAINT
    assert config["labels"]["corridor.dev/pool"] == "small"
    assert config["labels"]["corridor.dev/capacity"] == capacity
    assert config["labels"]["corridor.dev/team"] == "ml-platform"
    assert config["serviceAccount"] == NODE_SA
    assert "placementPolicy" not in inputs
    out = plan["outputs"]["gpuPools"]["small"]
    assert out["taints"] == ["nvidia.com/gpu=present:NoSchedule"]
    assert (out["minNodes"], out["maxNodes"]) == (1, 3)
    assert out["fabric"] == {"kind": "none", "interfaces": 0, "placement": None}
    assert out["capacity"] == {"mode": capacity, "reservation": reported[0], "zone": zone, "wiring": reported[1]}
    assert out["driver"] == {
        "installedBy": "cloud",
        "source": "GKE-managed NVIDIA driver (LATEST) and device plugin, COS_CONTAINERD",
    }
    assert out["inCluster"] == []
    assert any("at most 7 days" in note for note in out["notes"]) is flex


@pytest.mark.parametrize(
    ("capacity", "reservation", "compact"),
    [
        ("onDemand", None, True),
        ("spot", None, True),
        ("reserved", {"kind": "reservation", "id": "h100-res", "zone": "asia-southeast1-a"}, False),
        ("reserved", {"kind": "flexStart"}, False),
    ],
)
def test_h100_fabric_gpudirect_tcpxo(capacity: str, reservation: dict[str, Any] | None, compact: bool) -> None:
    """interconnect auto on the 8 x H100 pool: a3-megagpu-8g with 8 extra MTU-8244 VPCs as
    additional node networks, gVNIC, and compact placement only outside reservations/flex-start."""
    pool = {**TRAIN, "capacity": capacity}
    plan = render_plan("gcp", {"gpuPools": [pool], "reservations": {"train": reservation} if reservation else {}})
    inputs = _pool(plan, "gpu-train")
    config = inputs["nodeConfig"]
    assert config["machineType"] == "a3-megagpu-8g"
    assert config["guestAccelerators"][0]["type"] == "nvidia-h100-mega-80gb"
    assert config["guestAccelerators"][0]["count"] == 8
    assert config["gvnic"] == {"enabled": True}
    assert "gpudirectStrategy" not in config
    networks = [r["inputs"] for r in resources(plan, NETWORK) if r["name"].startswith("gpu-train-net-")]
    assert len(networks) == 8
    assert {n["mtu"] for n in networks} == {8244}
    extra = inputs["networkConfig"]["additionalNodeNetworkConfigs"]
    assert [e["network"] for e in extra] == [f"corridor-gcp-asia-southeast1-train-gpu-{i}" for i in range(8)]
    assert ("placementPolicy" in inputs) is compact
    if compact:
        assert inputs["placementPolicy"] == {"type": "COMPACT"}
    out = plan["outputs"]["gpuPools"]["train"]
    assert out["fabric"] == {
        "kind": "gpudirect-tcpxo",
        "interfaces": 8,
        "placement": "compact placement policy" if compact else None,
    }
    assert any("8 extra VPCs (MTU 8244)" in note for note in out["notes"])
    if compact:
        assert out["zoneReason"] == (
            "one zone: gpudirect-tcpxo and compact placement do not span zones; "
            "asia-southeast1-a is the first of corridor:zones"
        )
    assert any("nccl-tcpxo-installer" in step["component"] for step in out["inCluster"])
    assert all(step["why"] for step in out["inCluster"])


def test_h100_interconnect_none_has_no_fabric() -> None:
    """interconnect none: no extra networks, no placement policy, nothing to install."""
    plan = render_plan("gcp", {"gpuPools": [{**TRAIN, "interconnect": "none"}]})
    inputs = _pool(plan, "gpu-train")
    assert "networkConfig" not in inputs
    assert "placementPolicy" not in inputs
    assert [r for r in resources(plan, NETWORK) if r["name"].startswith("gpu-")] == []
    out = plan["outputs"]["gpuPools"]["train"]
    assert out["inCluster"] == []
    assert out["fabric"] == {"kind": "none", "interfaces": 0, "placement": None}


def test_h200_fabric_is_rdma_on_a_roce_network() -> None:
    """gpudirect-rdma machines get one RoCE-profile VPC in the pool's zone with one subnetwork per
    NIC, and gpudirect_strategy RDMA."""
    pool = {"name": "big", "accelerator": "H200", "gpusPerNode": 8, "maxNodes": 2, "capacity": "spot"}
    plan = render_plan("gcp", {"gpuPools": [pool]})
    inputs = _pool(plan, "gpu-big")
    assert inputs["nodeConfig"]["gpudirectStrategy"] == "RDMA"
    rdma = next(r for r in resources(plan, NETWORK) if r["name"] == "gpu-big-rdma")["inputs"]
    assert rdma["networkProfile"] == "projects/corridor-prod-apac/global/networkProfiles/asia-southeast1-a-vpc-roce"
    assert len(inputs["networkConfig"]["additionalNodeNetworkConfigs"]) == 8
    out = plan["outputs"]["gpuPools"]["big"]
    assert out["fabric"] == {"kind": "gpudirect-rdma", "interfaces": 8, "placement": "compact placement policy"}
    assert any("RoCE VPC (network profile asia-southeast1-a-vpc-roce, MTU 8896)" in note for note in out["notes"])
    assert any("nccl-rdma-installer" in step["component"] for step in out["inCluster"])


def test_api_reachable_only_from_api_access_cidrs() -> None:
    """Public endpoint: master authorized networks hold exactly network.apiAccessCidrs (never
    0.0.0.0/0 by default), the endpoint stays public, and `apiAccess` reports what the cluster
    receives."""
    plan = render_plan("gcp")
    inputs = _cluster(plan)
    assert inputs["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [{"cidrBlock": cidr, "displayName": "corridor"} for cidr in DOC_RANGES]
    }
    assert inputs["privateClusterConfig"]["enablePrivateEndpoint"] is False
    assert plan["outputs"]["cluster"]["apiAccess"] == {
        "private": False,
        "allowedCidrs": DOC_RANGES,
        "controlledBy": "corridor",
    }


def test_private_endpoint_disables_public_access() -> None:
    """network.privateEndpoint: the control plane's internal endpoint only, private nodes, master
    authorized networks on with no external range; `apiAccess` says private with no CIDRs."""
    plan = render_plan("gcp", {"network": {"privateEndpoint": True}})
    inputs = _cluster(plan)
    assert inputs["privateClusterConfig"] == {
        "enablePrivateNodes": True,
        "enablePrivateEndpoint": True,
        "masterIpv4CidrBlock": "172.16.0.0/28",
    }
    assert inputs["masterAuthorizedNetworksConfig"] == {"cidrBlocks": []}
    assert plan["outputs"]["cluster"]["apiAccess"] == {"private": True, "allowedCidrs": [], "controlledBy": "corridor"}


def test_flow_logs_on_node_and_gpu_nic_subnetworks() -> None:
    """Every subnetwork corridor creates on a regular VPC (the node subnetwork and each
    GPUDirect-TCPXO NIC subnetwork) logs flows: 1-minute aggregation, logging.flowLogSampling,
    all metadata; intranode visibility is on; `flowLogs` names the Cloud Logging log."""
    plan = render_plan("gcp", {"logging": {"flowLogSampling": 0.25}, "gpuPools": [TRAIN]})
    subnets = {r["name"]: r["inputs"] for r in resources(plan, SUBNETWORK)}
    assert sorted(subnets) == ["cluster-subnet"] + [f"gpu-train-subnet-{i}" for i in range(8)]
    for inputs in subnets.values():
        assert inputs["logConfig"] == {**FLOW_LOGS, "flowSampling": 0.25}
    assert _cluster(plan)["enableIntranodeVisibility"] is True
    flow_logs = plan["outputs"]["cluster"]["flowLogs"]
    assert flow_logs["destination"] == "logging: log compute.googleapis.com/vpc_flows of project corridor-prod-apac"
    assert "0.25 of flows sampled" in flow_logs["note"]
    assert "_Default bucket (30 days" in flow_logs["note"]


def test_flow_log_sampling_default_is_half() -> None:
    """Without corridor:logging, flows are sampled at 0.5 (GCP's own default)."""
    plan = render_plan("gcp")
    assert next(r for r in resources(plan, SUBNETWORK) if r["name"] == "cluster-subnet")["inputs"]["logConfig"] == (
        FLOW_LOGS
    )


def test_rdma_subnetworks_have_no_flow_logs() -> None:
    """RoCE subnetworks carry no log_config: RDMA bypasses the VPC dataplane flow logs sample,
    and a RoCE VPC refuses features its network profile does not list."""
    pool = {"name": "big", "accelerator": "H200", "gpusPerNode": 8, "maxNodes": 2, "capacity": "spot"}
    plan = render_plan("gcp", {"gpuPools": [pool]})
    rdma = [r["inputs"] for r in resources(plan, SUBNETWORK) if r["name"].startswith("gpu-big-rdma-")]
    assert len(rdma) == 8
    assert all("logConfig" not in inputs for inputs in rdma)
    assert "RDMA (RoCE) NIC subnetworks carry no flow logs" in plan["outputs"]["cluster"]["flowLogs"]["note"]


def test_existing_subnetwork_reports_no_flow_log_destination() -> None:
    """On an existing subnetwork corridor sets no flow logs and says so; GPU NIC subnetworks it
    creates still log."""
    link = "projects/corridor-prod-apac/regions/asia-southeast1/subnetworks/shared"
    network = {"existingSubnetIds": [link], "apiAccessCidrs": DOC_RANGES}
    plan = render_plan("gcp", {"network": network, "gpuPools": [TRAIN]})
    flow_logs = plan["outputs"]["cluster"]["flowLogs"]
    assert flow_logs["destination"] is None
    assert flow_logs["note"].startswith("corridor:network.existingSubnetIds: ")
    assert all(r["inputs"]["logConfig"] == FLOW_LOGS for r in resources(plan, SUBNETWORK))
    assert len(resources(plan, SUBNETWORK)) == 8


def test_binary_authorization_follows_image_admission() -> None:
    """imageAdmission off (the default; the example stack turns it on): no binary_authorization
    input, so GKE keeps it DISABLED and existing clusters see no change; enforce: the project's
    singleton policy is enforced."""
    assert "binaryAuthorization" not in _cluster(render_plan("gcp", {"imageAdmission": None}))
    enforced = _cluster(render_plan("gcp", {"imageAdmission": "enforce"}))
    assert enforced["binaryAuthorization"] == {"evaluationMode": "PROJECT_SINGLETON_POLICY_ENFORCE"}


def test_node_disks_use_the_stack_key() -> None:
    """System and GPU node boot disks are CMEK-encrypted with the stack key, and the cluster's
    and each pool's `nodeDisks` say so."""
    plan = render_plan("gcp", {"gpuPools": [SMALL]})
    key = plan["outputs"]["keys"]["keyId"]
    assert _pool(plan, "cluster-system")["nodeConfig"]["bootDiskKmsKey"] == key
    assert _pool(plan, "gpu-small")["nodeConfig"]["bootDiskKmsKey"] == key
    note = (
        "CMEK boot disks: node_config.boot_disk_kms_key is the stack key, which the Compute Engine "
        "service agent may use (encrypter/decrypter grant)"
    )
    assert plan["outputs"]["cluster"]["nodeDisks"] == {"keyId": key, "note": note}
    assert plan["outputs"]["gpuPools"]["small"]["nodeDisks"] == {"keyId": key, "note": note}
