"""Exact ACK inputs: the VPC closed by default with NAT egress, the Pro control plane (Secrets under
the stack key, RRSA, private API, logs, deletion protection, upgrade policy), the system pool, the
kubeconfig, GPU node pools per capacity mode, and no deprecated argument in a render."""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
import warnings
from typing import Any

import pulumi_alicloud as alicloud
import pytest
from pulumi.runtime.mocks import MockResourceArgs

from components.clouds.alicloud import cluster as ack
from components.clouds.alicloud import node_pool
from components.clouds.base import RegionContext
from components.definition import load_spec
from components.definition.gpu import Reservation
from corridor.mockcloud.alicloud import COMPUTED, alnum_id, documentation_ip
from corridor.mockcloud.common import Graph, Registration
from corridor.render import render_config
from tests.conftest import BASELINE, PROJECT_DIR, STACK_OF_CLOUD, edited_config, render_plan
from tests.plans import Resource, named, resources

REGION = "ap-southeast-1"
ZONES = ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]
RESOURCE_GROUP = "rg-aek2placeholder00000"  # the example stack's corridor:alicloudResourceGroupId
PRIVATE = {"network": {"privateEndpoint": True}, "dropFromBaseline": ["network.apiAccessCidrs"]}
"""ACK cannot limit a public API endpoint to apiAccessCidrs (`cluster.api_access`): a private API."""
CLUSTER = "alicloud:cs/managedKubernetes:ManagedKubernetes"
NODE_POOL = "alicloud:cs/nodePool:NodePool"
SWITCH = "alicloud:vpc/switch:Switch"
TRAIN = {"name": "train", "accelerator": "A100-80GB", "gpusPerNode": 8, "maxNodes": 4, "interconnect": "none"}
PRIVATE_POOL = "eap-t4n67acfmxazb4p0example"


def plan_of(edits: dict[str, Any] | None = None) -> dict[str, Any]:
    """The example stack with a private API and `edits`."""
    return render_plan("alicloud", {**PRIVATE, **(edits or {})})


def own_id(prefix: str, type_: str, name: str) -> str:
    """The mock's id of the resource `name` of `type_` in the stack's region."""
    return alnum_id(prefix, 21, REGION, type_, name)


def without_tags(inputs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in inputs.items() if k != "tags"}


def of_type(plan: dict[str, Any], type_: str, name: str) -> Resource:
    matches = [r for r in resources(plan, type_) if r["name"] == name]
    assert len(matches) == 1, f"expected one {type_} named {name!r}, found {len(matches)}"
    return matches[0]


def switch_id(role: str, zone: str) -> str:
    return own_id("vsw", SWITCH, f"cluster-{role}-{zone}")


SG = own_id("sg", "alicloud:ecs/securityGroup:SecurityGroup", "cluster-sg")
NODE_SWITCHES = [switch_id("nodes", z) for z in ZONES]
POD_SWITCHES = [switch_id("pods", z) for z in ZONES]


# --- network ---------------------------------------------------------------------------------------


def test_vpc_has_a_node_and_a_pod_vswitch_per_zone() -> None:
    """Pods get the first half of the /16 in four /19 slots, nodes the third quarter in four /20
    slots; zone i takes slot i."""
    plan = plan_of()
    vpc = named(plan, "cluster-vpc")
    assert without_tags(vpc["inputs"]) == {
        "vpcName": "corridor-alicloud-ap-southeast-1-vpc",
        "cidrBlock": "10.40.0.0/16",
        "description": "corridor stack alicloud-ap-southeast-1",
        "resourceGroupId": RESOURCE_GROUP,
    }
    vpc_id = own_id("vpc", "alicloud:vpc/network:Network", "cluster-vpc")
    pods = ["10.40.0.0/19", "10.40.32.0/19", "10.40.64.0/19"]
    nodes = ["10.40.128.0/20", "10.40.144.0/20", "10.40.160.0/20"]
    for role, cidrs in (("nodes", nodes), ("pods", pods)):
        for zone, cidr in zip(ZONES, cidrs, strict=True):
            switch = of_type(plan, SWITCH, f"cluster-{role}-{zone}")
            assert without_tags(switch["inputs"]) == {
                "vpcId": vpc_id,
                "zoneId": zone,
                "cidrBlock": cidr,
                "vswitchName": f"corridor-alicloud-ap-southeast-1-{role}-{zone}",
            }
    assert len(resources(plan, SWITCH)) == 6


def test_egress_is_an_enhanced_nat_gateway_with_snat_for_every_vswitch() -> None:
    """C3: nodes and pods have no public address; they reach the internet through one NAT
    gateway, its EIP and an SNAT entry per vSwitch. ACK creates no NAT gateway of its own."""
    plan = plan_of()
    nat_id = own_id("ngw", "alicloud:vpc/natGateway:NatGateway", "cluster-nat")
    assert without_tags(named(plan, "cluster-nat")["inputs"]) == {
        "vpcId": own_id("vpc", "alicloud:vpc/network:Network", "cluster-vpc"),
        "vswitchId": switch_id("nodes", ZONES[0]),
        "natType": "Enhanced",
        "networkType": "internet",
        "paymentType": "PayAsYouGo",
        "internetChargeType": "PayByLcu",
        "natGatewayName": "corridor-alicloud-ap-southeast-1-nat",
        "description": "Egress of corridor stack alicloud-ap-southeast-1",
    }
    eip = named(plan, "cluster-nat-eip")
    assert without_tags(eip["inputs"]) == {
        "addressName": "corridor-alicloud-ap-southeast-1-nat",
        "paymentType": "PayAsYouGo",
        "internetChargeType": "PayByTraffic",
        "bandwidth": "200",
        "isp": "BGP",
        "resourceGroupId": RESOURCE_GROUP,
    }
    eip_id = own_id("eip", "alicloud:ecs/eipAddress:EipAddress", "cluster-nat-eip")
    association = named(plan, "cluster-nat-eip-association")
    assert association["inputs"] == {"allocationId": eip_id, "instanceId": nat_id, "instanceType": "Nat"}
    snat = resources(plan, "alicloud:vpc/snatEntry:SnatEntry")
    assert sorted(r["inputs"]["sourceVswitchId"] for r in snat) == sorted(NODE_SWITCHES + POD_SWITCHES)
    table = alnum_id("stb", 21, nat_id)
    for entry in snat:
        role, zone = re.fullmatch(r"cluster-snat-(nodes|pods)-(.+)", entry["name"]).groups()  # type: ignore[union-attr]
        assert entry["inputs"] == {
            "snatTableId": table,
            "sourceVswitchId": switch_id(role, zone),
            # The EIP's address, as the mock gives it.
            "snatIp": documentation_ip(eip_id),
            "snatEntryName": f"corridor-alicloud-ap-southeast-1-{role}-{zone}",
        }
        assert association["urn"] in entry["dependsOn"]
    # ACK's own NAT gateway is off: corridor's is the egress path.
    assert named(plan, "cluster-ack")["inputs"]["newNatGateway"] is False


def test_security_group_is_closed_by_default() -> None:
    """An advanced security group (no inbound traffic, even between members, unless a rule admits
    it) with exactly one rule: everything from the VPC's own range, nothing from outside."""
    plan = plan_of()
    group = named(plan, "cluster-sg")
    assert without_tags(group["inputs"]) == {
        "vpcId": own_id("vpc", "alicloud:vpc/network:Network", "cluster-vpc"),
        "securityGroupName": "corridor-alicloud-ap-southeast-1-cluster",
        "securityGroupType": "enterprise",
        "description": "ACK control plane and nodes: inbound from the VPC only",
        "resourceGroupId": RESOURCE_GROUP,
    }
    (rule,) = resources(plan, "alicloud:ecs/securityGroupRule:SecurityGroupRule")
    assert rule["inputs"] == {
        "securityGroupId": SG,
        "type": "ingress",
        "ipProtocol": "all",
        "portRange": "-1/-1",
        "cidrIp": "10.40.0.0/16",
        "policy": "accept",
        "priority": 1,
        "nicType": "intranet",
        "description": "Nodes, pods and the API server's ENIs in the VPC",
    }


# --- the control plane -------------------------------------------------------------------------------


def test_pro_cluster_with_secrets_under_the_stack_key_rrsa_and_a_private_api() -> None:
    """C1/C2/C6: ACK Pro (Secrets encryption needs it), Secrets under the stack key, RRSA, no
    internet load balancer on the API server, control plane and audit logs to the stack's SLS
    project, deletion protection and the stable auto-upgrade channel in a maintenance window."""
    plan = plan_of()
    cluster = named(plan, "cluster-ack")
    key = plan["outputs"]["keys"]["keyId"]
    project = named(plan, "cluster-logs")["inputs"]["projectName"]
    assert without_tags(cluster["inputs"]) == {
        "name": cluster["inputs"]["name"],
        "clusterSpec": "ack.pro.small",
        "profile": "Default",
        "resourceGroupId": RESOURCE_GROUP,
        "vswitchIds": NODE_SWITCHES,
        "podVswitchIds": POD_SWITCHES,
        "serviceCidr": "172.21.0.0/20",
        "securityGroupId": SG,
        "newNatGateway": False,
        "slbInternetEnabled": False,
        "addons": [{"name": "terway-eniip"}, {"name": "csi-plugin"}, {"name": "csi-provisioner"}],
        "encryptionProviderKey": key,
        "disableEncryption": False,
        "enableRrsa": True,
        "controlPlaneLogProject": project,
        "controlPlaneLogComponents": ["apiserver", "kcm", "scheduler", "ccm", "controlplane-events"],
        "controlPlaneLogTtl": "365",
        "auditLogConfig": {"enabled": True, "slsProjectName": project},
        "deletionProtection": True,
        "maintenanceWindow": {
            "enable": True,
            "maintenanceTime": "2026-01-03T03:00:00.000Z",
            "duration": "4h",
            "weeklyPeriod": "Saturday",
        },
        "operationPolicy": {"clusterAutoUpgrade": {"enabled": True, "channel": "stable"}},
    }
    assert re.fullmatch(r"corridor-alicloud-ap-southeast-1-[0-9a-f]{8}", cluster["inputs"]["name"])
    assert key.startswith("key-")
    # Compute is never Pulumi-protected; ACK's own deletion protection guards the cluster.
    assert (cluster["protect"], cluster["retainOnDelete"]) == (False, False)
    assert named(plan, "cluster-nat")["urn"] in cluster["dependsOn"]
    outputs = plan["outputs"]["cluster"]
    assert outputs["secretsKeyId"] == key
    assert outputs["kubeconfig"] == "[secret]"
    assert outputs["apiAccess"] == {"private": True, "allowedCidrs": [], "controlledBy": "corridor"}
    assert outputs["endpoint"] == "https://10.40.128.250:6443"  # the mock's intranet SLB address
    assert outputs["versionPolicy"]["channel"] == "stable"
    assert outputs["versionPolicy"]["version"] is None
    assert outputs["systemZones"] == ZONES


def cluster_id(plan: dict[str, Any]) -> str:
    """The ACK cluster's id, as the system pool names it: `c` and 32 hex digits."""
    found = of_type(plan, NODE_POOL, "cluster-system")["inputs"]["clusterId"]
    assert re.fullmatch(r"c[0-9a-f]{32}", found)
    return str(found)


def test_mock_ids_are_shaped_like_alibabas() -> None:
    """VPC, vSwitch and security group ids as Alibaba spells them; a node pool's provider id is
    `<cluster id>:np<32 hex>`."""
    plan = plan_of()
    assert re.fullmatch(r"vpc-[a-z0-9]{21}", named(plan, "cluster-sg")["inputs"]["vpcId"])
    assert all(re.fullmatch(r"vsw-[a-z0-9]{21}", i) for i in NODE_SWITCHES + POD_SWITCHES)
    assert re.fullmatch(r"sg-[a-z0-9]{21}", SG)
    graph = Graph()
    args = MockResourceArgs(NODE_POOL, "gpu-train", {"clusterId": cluster_id(plan)})
    answer = COMPUTED[NODE_POOL](Registration(args, REGION, {}, graph), dict(args.inputs))
    assert re.fullmatch(rf"{cluster_id(plan)}:np[0-9a-f]{{32}}", answer["id"])
    assert answer["id"].endswith(f":{answer['nodePoolId']}")


def test_api_open_to_the_whole_internet_only_when_the_stack_says_so() -> None:
    """The one public endpoint ACK can give: open to everyone, when the stack accepts exactly that;
    a narrower list never reaches the builder (validation refuses it, API_ACCESS_CIDRS), and the
    builder would not widen one that did."""
    spec = load_spec(edited_config("alicloud", PRIVATE).values, BASELINE)
    open_network = spec.network.model_copy(
        update={"private_endpoint": False, "api_open_to_whole_internet": True, "api_access_cidrs": ["0.0.0.0/0"]}
    )
    context = RegionContext(
        spec=spec.model_copy(update={"network": open_network}), project="corridor", stack=STACK_OF_CLOUD["alicloud"]
    )
    assert ack.api_access(context).outputs() == {
        "private": False,
        "allowedCidrs": ["0.0.0.0/0"],
        "controlledBy": "corridor",
    }
    narrowed = open_network.model_copy(update={"api_access_cidrs": ["0.0.0.0/0", "198.51.100.0/24"]})
    with pytest.raises(AssertionError, match="API_ACCESS_CIDRS"):
        ack.api_access(dataclasses.replace(context, spec=spec.model_copy(update={"network": narrowed})))


def test_flow_logs_and_control_plane_logs_share_the_stacks_sls_project() -> None:
    """Every flow of every ENI of the VPC into a logstore kept logging.retentionDays; the project
    and logstore hold evidence, so they are protected and retained."""
    plan = plan_of()
    project = named(plan, "cluster-logs")
    store = named(plan, "cluster-flow-log-store")
    name = project["inputs"]["projectName"]
    assert re.fullmatch(r"corridor-alicloud-ap-southeast-1-[0-9a-f]{8}", name)
    assert without_tags(project["inputs"]) == {
        "projectName": name,
        "description": "Flow, control plane and audit logs of corridor stack alicloud-ap-southeast-1",
        "resourceGroupId": RESOURCE_GROUP,
    }
    assert store["inputs"] == {
        "projectName": name,
        "logstoreName": "vpc-flow-logs",
        "retentionPeriod": 365,
        "encryptConf": {"enable": True, "encryptType": "default"},
    }
    for resource in (project, store):
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True)
    flow_log = named(plan, "cluster-flow-log")
    assert without_tags(flow_log["inputs"]) == {
        "flowLogName": "corridor-alicloud-ap-southeast-1-vpc",
        "resourceType": "VPC",
        "resourceId": own_id("vpc", "alicloud:vpc/network:Network", "cluster-vpc"),
        "trafficType": "All",
        "trafficPaths": ["all"],
        "projectName": name,
        "logStoreName": "vpc-flow-logs",
        "status": "Active",
        "resourceGroupId": RESOURCE_GROUP,
    }
    assert plan["outputs"]["cluster"]["flowLogs"]["destination"] == f"sls://{name}/vpc-flow-logs"


def test_kubeconfig_runs_acks_credential_plugin_with_the_clusters_ca() -> None:
    document = json.loads(ack.kubeconfig_document("corridor-x", "c0123", "https://10.40.128.250:6443", "Q0E="))
    assert document["clusters"] == [
        {
            "name": "corridor-x",
            "cluster": {"server": "https://10.40.128.250:6443", "certificate-authority-data": "Q0E="},
        }
    ]
    assert document["users"][0]["user"] == {
        "exec": {
            "apiVersion": "client.authentication.k8s.io/v1beta1",
            "command": "ack-ram-tool",
            "args": ["credential-plugin", "get-credential", "--cluster-id", "c0123", "--api-version", "v1beta1"],
            "interactiveMode": "Never",
        }
    }
    assert "client-key-data" not in json.dumps(document)


def test_carve_refuses_a_network_overlapping_the_service_range() -> None:
    assert ack.carve("10.40.0.0/20").nodes == ("10.40.8.0/24", "10.40.9.0/24", "10.40.10.0/24", "10.40.11.0/24")
    with pytest.raises(ValueError, match=r"overlaps ACK's Service range 172\.21\.0\.0/20"):
        ack.carve("172.16.0.0/12")


# --- node pools --------------------------------------------------------------------------------------


def test_system_pool_spreads_over_every_zone_with_encrypted_disks() -> None:
    plan = plan_of()
    system = of_type(plan, NODE_POOL, "cluster-system")
    key = plan["outputs"]["keys"]["keyId"]
    inputs = without_tags(system["inputs"])
    labels = inputs.pop("labels")
    assert inputs == {
        "clusterId": cluster_id(plan),
        "nodePoolName": "corridor-alicloud-ap-southeast-1-system",
        "instanceTypes": ["ecs.g8i.xlarge", "ecs.g7.xlarge"],
        "desiredSize": "3",
        "vswitchIds": NODE_SWITCHES,
        "multiAzPolicy": "BALANCE",
        "securityGroupIds": [SG],
        "imageType": "AliyunLinux3",
        "systemDiskCategory": "cloud_essd",
        "systemDiskSize": 120,
        "systemDiskEncrypted": True,
        "systemDiskEncryptAlgorithm": "aes-256",
        "systemDiskKmsKey": key,
        "management": {"enable": True, "autoUpgrade": True, "maxUnavailable": 1},
        "resourceGroupId": RESOURCE_GROUP,
    }
    assert {"key": "corridor.dev/role", "value": "system"} in labels
    assert plan["outputs"]["cluster"]["nodeDisks"]["keyId"] == key


def test_gpu_pool_exact_inputs_taint_and_autoscaling() -> None:
    """The catalog's instance type, ACK's driver (no pin), the GPU taint through `taints`,
    corridor's labels, autoscaling from minNodes to maxNodes with no desired_size, on demand."""
    plan = plan_of()
    pool = of_type(plan, NODE_POOL, "gpu-train")
    key = plan["outputs"]["keys"]["keyId"]
    result = plan["outputs"]["gpuPools"]["train"]
    inputs = without_tags(pool["inputs"])
    assert inputs == {
        "clusterId": cluster_id(plan),
        "nodePoolName": "corridor-alicloud-ap-southeast-1-gpu-train",
        "instanceTypes": [result["machineType"]],
        "vswitchIds": [switch_id("nodes", result["capacity"]["zone"])],
        "securityGroupIds": [SG],
        "imageType": "AliyunLinux3",
        "systemDiskCategory": "cloud_essd",
        "systemDiskSize": 500,
        "systemDiskEncrypted": True,
        "systemDiskEncryptAlgorithm": "aes-256",
        "systemDiskKmsKey": key,
        "labels": [{"key": k, "value": v} for k, v in result["nodeLabels"].items()],
        "taints": [{"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}],
        "scalingConfig": {"enable": True, "minSize": 0, "maxSize": 4, "type": "gpu"},
        "instanceChargeType": "PostPaid",
        "spotStrategy": "NoSpot",
        "management": {"enable": True, "autoUpgrade": False},
        "resourceGroupId": RESOURCE_GROUP,
    }
    assert re.fullmatch(r"ecs\.(gn|ebmgn)[0-9a-z]+-[0-9a-z.-]+", result["machineType"])
    assert result["taints"] == ["nvidia.com/gpu=present:NoSchedule"]
    assert result["driver"]["installedBy"] == "cloud"
    assert result["zones"] == [result["capacity"]["zone"]]
    assert result["fabric"] == {"kind": "none", "interfaces": 0, "placement": None}
    assert named(plan, "cluster-system")["urn"] in pool["dependsOn"]


def test_gpu_pools_scale_through_the_clusters_node_autoscaler() -> None:
    """A pool's `scalingConfig` is honoured only once the cluster's node autoscaler is configured:
    exactly one configuration on the cluster, the upstream Cluster Autoscaler, allowed to scale a
    pool up from zero (every corridor GPU pool starts at minNodes 0), scanning every 30 s as the
    DR runbook's scale-up figure assumes."""
    plan = plan_of()
    (config,) = resources(plan, "alicloud:cs/autoscalingConfig:AutoscalingConfig")
    assert config["inputs"] == {
        "clusterId": cluster_id(plan),
        "scalerType": "cluster-autoscaler",
        "expander": "least-waste",
        "scanInterval": "30s",
        "scaleUpFromZero": True,
        "scaleDownEnabled": True,
    }
    assert not any(config["urn"] in pool["dependsOn"] for pool in resources(plan, NODE_POOL)), (
        "pools are created beside the autoscaler, not after it"
    )


def test_platform_node_disks_stay_encrypted_without_the_stack_key() -> None:
    plan = plan_of({"nodeDiskKey": "platform"})
    for name in ("cluster-system", "gpu-train"):
        inputs = of_type(plan, NODE_POOL, name)["inputs"]
        assert inputs["systemDiskEncrypted"] is True
        assert "systemDiskKmsKey" not in inputs
    assert plan["outputs"]["cluster"]["nodeDisks"]["keyId"] is None


def _train_plan() -> Any:
    spec = load_spec(edited_config("alicloud", PRIVATE).values, BASELINE)
    (plan,) = [p for p in spec.pool_plans if p.pool.name == "train"]
    return plan


def test_spot_is_a_market_priced_preemptible_pool() -> None:
    """No catalog row of Alibaba is known to be sold as spot, so the wiring is asserted on the
    inputs the builder writes for a spot plan."""
    plan = _train_plan()
    spot = dataclasses.replace(plan, pool=plan.pool.model_copy(update={"capacity": "spot"}))
    assert node_pool.capacity_args(spot) == {"spot_strategy": "SpotAsPriceGo", "spot_instance_remedy": True}
    assert node_pool.capacity_wiring(spot) == "spot_strategy SpotAsPriceGo with spot_instance_remedy"
    assert node_pool.capacity_args(plan) == {"spot_strategy": "NoSpot"}


def test_reserved_pool_launches_only_from_its_private_pool() -> None:
    plan = _train_plan()
    reservation = Reservation(kind="capacityReservation", id=PRIVATE_POOL, zone=ZONES[1])
    reserved = dataclasses.replace(
        plan, pool=plan.pool.model_copy(update={"capacity": "reserved"}), reservation=reservation, zone=ZONES[1]
    )
    args = node_pool.capacity_args(reserved)
    options = args.pop("private_pool_options")
    assert isinstance(options, alicloud.cs.NodePoolPrivatePoolOptionsArgs)
    assert (options.private_pool_options_id, options.private_pool_options_match_criteria) == (PRIVATE_POOL, "Target")
    assert args == {"spot_strategy": "NoSpot"}
    assert node_pool.capacity_result(reserved).outputs() == {
        "mode": "reserved",
        "reservation": f"capacityReservation {PRIVATE_POOL}",
        "zone": ZONES[1],
        "wiring": "private_pool_options (match criteria Target)",
    }


def test_driver_is_pinned_only_through_acks_label() -> None:
    labels = {"corridor.dev/pool": "train"}
    assert node_pool.pool_labels(labels, None) == labels
    assert node_pool.pool_labels(labels, "550.144.03") == {
        "corridor.dev/pool": "train",
        "ack.aliyun.com/nvidia-driver-version": "550.144.03",
    }


# --- no deprecated argument --------------------------------------------------------------------------


def deprecated_inputs(type_: str) -> set[str]:
    """The input names (as a plan spells them) pulumi-alicloud 4.0.0 marks deprecated on the
    resource type `type_`: the properties of its `*Args` class wrapped by `_utilities.deprecated`.

    Passing one as a keyword to a resource emits no Python warning in a render (only the `*Args`
    class's own constructor warns); the engine reports it at `pulumi up`. So the check reads the
    SDK's own marks."""
    _, path, name = type_.split(":")  # alicloud:<module>/<camelName>:<Name>
    module = path.split("/")[0]
    args = getattr(importlib.import_module(f"pulumi_alicloud.{module}"), f"{name}Args")
    return {
        prop.fget.__dict__["_pulumi_name"]
        for prop in vars(args).values()
        if isinstance(prop, property) and "_pulumi_deprecated_callable" in prop.fget.__dict__
    }


def test_no_resource_is_given_a_deprecated_argument() -> None:
    """A deprecated argument in a render is a defect: no Alibaba resource of the example stack, nor
    of its platform-disk and reserved variants, names one."""
    assert {"name", "nodeCount", "platform", "securityGroupId", "cisEnabled"} <= deprecated_inputs(NODE_POOL)
    assert "workerVswitchIds" in deprecated_inputs(CLUSTER)
    checked = 0
    for plan in (plan_of(), plan_of({"nodeDiskKey": "platform"})):
        for resource in plan["resources"]:
            if not resource["custom"] or not resource["type"].startswith("alicloud:"):
                continue
            used = set(resource["inputs"]) & deprecated_inputs(resource["type"])
            assert not used, f"{resource['name']} ({resource['type']}) is given deprecated {sorted(used)}"
            checked += 1
    assert checked > 40


def test_a_render_emits_no_deprecation_warning() -> None:
    """No deprecated function or `*Args` constructor runs during a render. The SDK's import-time
    warnings (deprecated resource classes it defines) come once per process, so the render is
    warmed up first; the check is shown to see an `*Args` constructor's warning."""
    plan_of()  # imports every module a render touches
    config = edited_config("alicloud", PRIVATE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_config(PROJECT_DIR, config)
    deprecations = [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)]
    assert deprecations == []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        alicloud.cs.NodePoolArgs(cluster_id="c0", node_count=1)
    assert any("node_count" in str(w.message) for w in caught if issubclass(w.category, DeprecationWarning))
