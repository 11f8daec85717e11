"""Exact OKE inputs: the VCN closed by default, the enhanced control plane, the system pool, the
add-ons, IAM, and GPU node pools per accelerator, capacity mode and fabric."""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

import pulumi_oci as oci
import pytest
import yaml

from components.clouds.oci import cluster as oke
from components.clouds.oci import node_pool
from components.definition import load_spec
from corridor.mockcloud.oci import compute_ocid
from tests.conftest import BASELINE, edited_config, render_plan
from tests.plans import Resource, named, resources

REGION = "me-jeddah-1"
COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaa1111111111111111111111111111111111111111111111111111"
API_CIDRS = ["192.0.2.0/24", "198.51.100.0/24"]  # Pulumi.yaml's network.apiAccessCidrs
AD_1 = "Bcfi:ME-JEDDAH-1-AD-1"  # the mock's name for AD-1 of the example tenancy (prefix from its OCID)
ALL_SERVICES = "all-jed-services-in-oracle-services-network"
NODE_POOL = "oci:ContainerEngine/nodePool:NodePool"
NSG_RULE = "oci:Core/networkSecurityGroupSecurityRule:NetworkSecurityGroupSecurityRule"
RESERVATION = "ocid1.capacityreservation.oc1.me-jeddah-1.aaaaaaaaexamplereservation0000000000000000000000000000"
TRAIN = {"name": "train", "accelerator": "H100", "gpusPerNode": 8, "maxNodes": 4}
GPU_IMAGE = "Oracle-Linux-8.10-Gen2-GPU-2026.10.02-0-OKE-1.36.1-1187"  # the mock's newest GPU build
CPU_IMAGE = "Oracle-Linux-8.10-2026.10.02-0-OKE-1.36.1-1186"  # the mock's newest x86 CPU build
TAINT_SCRIPT = (
    "#!/bin/bash\n"
    'curl --fail -H "Authorization: Bearer Oracle" -L0 '
    "http://169.254.169.254/opc/v2/instance/metadata/oke_init_script | base64 --decode >/var/run/oke-init.sh\n"
    'bash /var/run/oke-init.sh --kubelet-extra-args "--register-with-taints=nvidia.com/gpu=present:NoSchedule"\n'
)


def of_type(plan: dict[str, Any], type_: str, name: str) -> Resource:
    """The one resource of `type_` named `name` (components share names with their children)."""
    matches = [r for r in resources(plan, type_) if r["name"] == name]
    assert len(matches) == 1, f"expected one {type_} named {name!r}, found {len(matches)}"
    return matches[0]


def by_urn(plan: dict[str, Any], urn: str) -> Resource:
    return next(r for r in plan["resources"] if r["urn"] == urn)


def without_tags(inputs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in inputs.items() if k != "freeformTags"}


# --- network ---------------------------------------------------------------------------------------


def test_vcn_has_private_subnets_nat_and_service_gateway() -> None:
    """C3: three regional subnets carved from the cidr; workers and pods never get public IPs and
    route the internet through the NAT gateway and Oracle services through the service gateway
    (all services of the region); only the API subnet of a public endpoint is public."""
    plan = render_plan("oci")
    vcn = named(plan, "cluster-vcn")
    assert without_tags(vcn["inputs"]) == {
        "compartmentId": COMPARTMENT,
        "cidrBlocks": ["10.40.0.0/16"],
        "displayName": "corridor-oci-me-jeddah-1-vcn",
        "dnsLabel": "corridor",
    }
    default_list = compute_ocid("securitylist", REGION, "oci:Core/vcn:Vcn", "cluster-vcn")
    private_routes = named(plan, "cluster-private-routes")
    api_routes = named(plan, "cluster-api-routes")
    expected = {
        "api": ("10.40.192.0/28", False, api_routes),
        "workers": ("10.40.128.0/18", True, private_routes),
        "pods": ("10.40.0.0/17", True, private_routes),
    }
    for role, (cidr, private, routes) in expected.items():
        subnet = of_type(plan, "oci:Core/subnet:Subnet", f"cluster-{role}")["inputs"]
        assert without_tags(subnet) == {
            "compartmentId": COMPARTMENT,
            "vcnId": compute_ocid("vcn", REGION, "oci:Core/vcn:Vcn", "cluster-vcn"),
            "cidrBlock": cidr,
            "displayName": f"corridor-oci-me-jeddah-1-{role}",
            "dnsLabel": role,
            "prohibitPublicIpOnVnic": private,
            "routeTableId": compute_ocid("routetable", REGION, "oci:Core/routeTable:RouteTable", routes["name"]),
            "securityListIds": [default_list],
        }
        assert "availabilityDomain" not in subnet  # regional
    nat = compute_ocid("natgateway", REGION, "oci:Core/natGateway:NatGateway", "cluster-nat")
    gateway = compute_ocid(
        "servicegateway", REGION, "oci:Core/serviceGateway:ServiceGateway", "cluster-service-gateway"
    )
    assert named(plan, "cluster-nat")["inputs"]["blockTraffic"] is False
    assert named(plan, "cluster-service-gateway")["inputs"]["services"] == [
        {"serviceId": compute_ocid("service", REGION, "all-services")}
    ]
    assert private_routes["inputs"]["routeRules"] == [
        {
            "networkEntityId": nat,
            "destination": "0.0.0.0/0",
            "destinationType": "CIDR_BLOCK",
            "description": "Internet egress (image pulls) through the NAT gateway",
        },
        {
            "networkEntityId": gateway,
            "destination": ALL_SERVICES,
            "destinationType": "SERVICE_CIDR_BLOCK",
            "description": "Oracle services (OKE, Object Storage, Vault) through the service gateway",
        },
    ]
    internet = compute_ocid(
        "internetgateway", REGION, "oci:Core/internetGateway:InternetGateway", "cluster-internet-gateway"
    )
    assert [rule["networkEntityId"] for rule in api_routes["inputs"]["routeRules"]] == [internet]


def test_default_security_list_is_stripped() -> None:
    """CIS OCI 2.5: the VCN's default security list (SSH from anywhere) is adopted with no rule."""
    plan = render_plan("oci")
    default_list = named(plan, "cluster-default-security-list")["inputs"]
    assert default_list["manageDefaultResourceId"] == compute_ocid(
        "securitylist", REGION, "oci:Core/vcn:Vcn", "cluster-vcn"
    )
    assert (default_list["ingressSecurityRules"], default_list["egressSecurityRules"]) == ([], [])


def _rules(plan: dict[str, Any], nsg: str) -> set[tuple[str, str, str, int | None]]:
    """(direction, protocol, peer, port) of every rule of the NSG `cluster-<nsg>-nsg`."""
    group = compute_ocid(
        "networksecuritygroup", REGION, "oci:Core/networkSecurityGroup:NetworkSecurityGroup", f"cluster-{nsg}-nsg"
    )
    found = set()
    for rule in resources(plan, NSG_RULE):
        inputs = rule["inputs"]
        if inputs["networkSecurityGroupId"] != group:
            continue
        assert inputs["stateless"] is False
        peer = inputs["source"] if inputs["direction"] == "INGRESS" else inputs["destination"]
        port_range = inputs.get("tcpOptions", {}).get("destinationPortRange")
        port = port_range["min"] if port_range else None
        if port_range:
            assert port_range["max"] == port
        if inputs["protocol"] == "1":
            assert inputs["icmpOptions"] == {"type": 3, "code": 4}
        found.add((inputs["direction"], inputs["protocol"], peer, port))
    return found


API, WORKERS, PODS, ANY = "10.40.192.0/28", "10.40.128.0/18", "10.40.0.0/17", "0.0.0.0/0"


def test_nsgs_open_exactly_oracles_vcn_native_rules() -> None:
    """Every rule of Oracle's VCN-native table, nothing more (plus HTTPS egress for image pulls and
    the API clients of network.apiAccessCidrs)."""
    plan = render_plan("oci")
    assert _rules(plan, "api") == {
        ("INGRESS", "6", WORKERS, 6443),
        ("INGRESS", "6", WORKERS, 12250),
        ("INGRESS", "1", WORKERS, None),
        ("INGRESS", "6", PODS, 6443),
        ("INGRESS", "6", PODS, 12250),
        ("INGRESS", "6", "192.0.2.0/24", 6443),
        ("INGRESS", "6", "198.51.100.0/24", 6443),
        ("EGRESS", "6", ALL_SERVICES, None),
        ("EGRESS", "1", ALL_SERVICES, None),
        ("EGRESS", "6", WORKERS, 10250),
        ("EGRESS", "1", WORKERS, None),
        ("EGRESS", "all", PODS, None),
    }
    assert _rules(plan, "workers") == {
        ("INGRESS", "6", API, 10250),
        ("INGRESS", "1", ANY, None),
        ("EGRESS", "all", PODS, None),
        ("EGRESS", "1", ANY, None),
        ("EGRESS", "6", ALL_SERVICES, None),
        ("EGRESS", "6", API, 6443),
        ("EGRESS", "6", API, 12250),
        ("EGRESS", "6", ANY, 443),
    }
    assert _rules(plan, "pods") == {
        ("INGRESS", "all", WORKERS, None),
        ("INGRESS", "all", API, None),
        ("INGRESS", "all", PODS, None),
        ("EGRESS", "all", PODS, None),
        ("EGRESS", "1", ALL_SERVICES, None),
        ("EGRESS", "6", ALL_SERVICES, None),
        ("EGRESS", "6", ANY, 443),
        ("EGRESS", "6", API, 6443),
        ("EGRESS", "6", API, 12250),
    }
    services = [r for r in resources(plan, NSG_RULE) if ALL_SERVICES in (r["inputs"].get("destination"),)]
    assert {r["inputs"]["destinationType"] for r in services} == {"SERVICE_CIDR_BLOCK"}


def test_public_endpoint_admits_only_api_access_cidrs() -> None:
    """C2: a public endpoint is reachable on 6443 from network.apiAccessCidrs and nowhere else."""
    plan = render_plan("oci", {"network": {"apiAccessCidrs": ["203.0.113.0/24"]}})
    config = named(plan, "cluster-oke")["inputs"]["endpointConfig"]
    assert config["isPublicIpEnabled"] is True
    clients = [r["inputs"] for r in resources(plan, NSG_RULE) if r["name"].startswith("cluster-api-in-client-")]
    assert [(c["source"], c["tcpOptions"]["destinationPortRange"]) for c in clients] == [
        ("203.0.113.0/24", {"min": 6443, "max": 6443})
    ]
    sources = {r["inputs"].get("source") for r in resources(plan, NSG_RULE)}
    assert "0.0.0.0/0" in sources  # path-discovery ICMP to workers only
    assert all(
        r["inputs"]["protocol"] == "1" for r in resources(plan, NSG_RULE) if r["inputs"].get("source") == "0.0.0.0/0"
    )
    cluster = plan["outputs"]["cluster"]
    assert cluster["apiAccess"] == {"private": False, "allowedCidrs": ["203.0.113.0/24"], "controlledBy": "corridor"}
    assert cluster["endpoint"].startswith("https://203.0.113.")


def test_private_endpoint_has_no_public_path() -> None:
    """With network.privateEndpoint the endpoint has no public IP, its subnet is private behind the
    NAT and service gateways, there is no internet gateway and no client rule."""
    plan = render_plan("oci", {"network": {"privateEndpoint": True}})
    assert named(plan, "cluster-oke")["inputs"]["endpointConfig"]["isPublicIpEnabled"] is False
    api = of_type(plan, "oci:Core/subnet:Subnet", "cluster-api")["inputs"]
    assert api["prohibitPublicIpOnVnic"] is True
    assert api["routeTableId"] == compute_ocid(
        "routetable", REGION, "oci:Core/routeTable:RouteTable", "cluster-private-routes"
    )
    assert not resources(plan, "oci:Core/internetGateway:InternetGateway")
    assert not [r for r in resources(plan, NSG_RULE) if r["name"].startswith("cluster-api-in-client-")]
    cluster = plan["outputs"]["cluster"]
    assert cluster["apiAccess"] == {"private": True, "allowedCidrs": [], "controlledBy": "corridor"}
    # The mock's private endpoint: the API subnet's fourth address.
    assert cluster["endpoint"] == "https://10.40.192.3:6443"


def test_flow_logs_cover_every_subnet() -> None:
    """O3: a protected log group and one protected `flowlogs` service log per subnet (an OCI log
    holds its records), kept retentionDays."""
    plan = render_plan("oci")
    group = named(plan, "cluster-flow-logs")
    assert (group["protect"], group["retainOnDelete"]) == (True, True)
    group_id = compute_ocid("loggroup", REGION, "oci:Logging/logGroup:LogGroup", "cluster-flow-logs")
    for role in ("api", "workers", "pods"):
        resource = named(plan, f"cluster-flow-log-{role}")
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True)
        log = resource["inputs"]
        assert without_tags(log) == {
            "displayName": f"oci-me-jeddah-1-{role}-flow-log",
            "logGroupId": group_id,
            "logType": "SERVICE",
            "configuration": {
                "source": {
                    "service": "flowlogs",
                    "category": "all",
                    "resource": compute_ocid("subnet", REGION, "oci:Core/subnet:Subnet", f"cluster-{role}"),
                    "sourceType": "OCISERVICE",
                },
                "compartmentId": COMPARTMENT,
            },
            "isEnabled": True,
            "retentionDuration": 180,
        }
    flow_logs = plan["outputs"]["cluster"]["flowLogs"]
    assert flow_logs["destination"] == group_id
    assert "kept 180 days" in flow_logs["note"]


# --- control plane ---------------------------------------------------------------------------------


def test_enhanced_cluster_with_secrets_under_the_stack_key() -> None:
    """C1/C6: an ENHANCED cluster (add-ons, workload identity), Secrets envelope-encrypted with the
    stack key, VCN-native pods, the pinned version, no Pulumi protect (OKE has no deletion flag)."""
    plan = render_plan("oci")
    cluster = named(plan, "cluster-oke")
    key = plan["outputs"]["keys"]["keyId"]
    inputs = without_tags(cluster["inputs"])
    assert inputs == {
        "compartmentId": COMPARTMENT,
        "name": "corridor-oci-me-jeddah-1",
        "type": "ENHANCED_CLUSTER",
        "kubernetesVersion": "v1.36.1",
        "vcnId": inputs["vcnId"],
        "kmsKeyId": key,
        "endpointConfig": {
            "subnetId": compute_ocid("subnet", REGION, "oci:Core/subnet:Subnet", "cluster-api"),
            "isPublicIpEnabled": True,
            "nsgIds": [
                compute_ocid(
                    "networksecuritygroup",
                    REGION,
                    "oci:Core/networkSecurityGroup:NetworkSecurityGroup",
                    "cluster-api-nsg",
                )
            ],
        },
        "clusterPodNetworkOptions": [{"cniType": "OCI_VCN_IP_NATIVE"}],
    }
    assert inputs["vcnId"] == compute_ocid("vcn", REGION, "oci:Core/vcn:Vcn", "cluster-vcn")
    assert (cluster["protect"], cluster["retainOnDelete"]) == (False, False)
    # OKE checks it may use the key when it creates the cluster.
    assert named(plan, "cluster-access-policy")["urn"] in cluster["dependsOn"]
    outputs = plan["outputs"]["cluster"]
    assert outputs["secretsKeyId"] == key
    assert outputs["kubeconfig"] == "[secret]"
    assert outputs["versionPolicy"]["channel"] == "none"
    assert outputs["versionPolicy"]["version"] == "v1.36.1"
    assert outputs["versionPolicy"]["nodeUpgrades"].startswith("explicit: ")


def test_access_policy_names_the_key_and_the_compartment_only() -> None:
    """The key grants OKE documents, each limited to the stack key; the compute-cluster grant
    because the train pool gets its RDMA fabric; no reservation grant without a reserved pool."""
    plan = render_plan("oci")
    policy = named(plan, "cluster-access-policy")["inputs"]
    key = plan["outputs"]["keys"]["keyId"]
    assert policy["compartmentId"] == COMPARTMENT
    assert policy["name"].startswith("corridor-oci-me-jeddah-1-oke-")
    assert policy["statements"] == [
        f"Allow any-user to use keys in compartment id {COMPARTMENT} where ALL "
        f"{{request.principal.type = 'cluster', target.key.id = '{key}'}}",
        f"Allow service blockstorage to use keys in compartment id {COMPARTMENT} where target.key.id = '{key}'",
        f"Allow any-user to use key-delegates in compartment id {COMPARTMENT} where ALL "
        f"{{request.principal.type = 'nodepool', target.key.id = '{key}'}}",
        f"Allow any-user to {{COMPUTE_CLUSTER_LAUNCH_INSTANCE}} in compartment id {COMPARTMENT} where "
        "request.principal.type = 'nodepool'",
    ]


def test_platform_node_disks_drop_the_boot_volume_grants() -> None:
    """`corridor:nodeDiskKey: platform`: no key on node pools and no Block Volume grant."""
    plan = render_plan("oci", {"nodeDiskKey": "platform"})
    statements = named(plan, "cluster-access-policy")["inputs"]["statements"]
    assert not [s for s in statements if "blockstorage" in s or "key-delegates" in s]
    for pool in resources(plan, NODE_POOL):
        assert "kmsKeyId" not in pool["inputs"]["nodeConfigDetails"], pool["name"]
    assert plan["outputs"]["gpuPools"]["train"]["nodeDisks"]["keyId"] is None


def test_kubeconfig_runs_oci_generate_token_with_okes_ca() -> None:
    """The kubeconfig's server is the endpoint, its CA the one of OKE's own kubeconfig, and its user
    runs `oci ce cluster generate-token` for this cluster and region."""
    oke_kubeconfig = yaml.safe_dump(
        {"clusters": [{"name": "c", "cluster": {"server": "https://ignored", "certificate-authority-data": "Q0E="}}]}
    )
    document = yaml.safe_load(
        oke.kubeconfig_document(
            "corridor-x", "ocid1.cluster.oc1.me-jeddah-1.aaaa", "https://10.0.0.3:6443", oke_kubeconfig, REGION
        )
    )
    assert document["clusters"] == [
        {"name": "corridor-x", "cluster": {"server": "https://10.0.0.3:6443", "certificate-authority-data": "Q0E="}}
    ]
    assert document["users"][0]["user"]["exec"] == {
        "apiVersion": "client.authentication.k8s.io/v1beta1",
        "command": "oci",
        "args": [
            "ce",
            "cluster",
            "generate-token",
            "--cluster-id",
            "ocid1.cluster.oc1.me-jeddah-1.aaaa",
            "--region",
            REGION,
        ],
        "interactiveMode": "Never",
    }


# --- system pool and add-ons ------------------------------------------------------------------------


def test_system_pool_spreads_over_fault_domains_with_encrypted_disks() -> None:
    """A fixed 3-node E5.Flex pool in every AD of the region (one here) across its three fault
    domains, on the newest OKE CPU image, VCN-native pods, boot volumes under the stack key and
    encrypted in transit, labelled as system nodes on every cloud."""
    plan = render_plan("oci")
    system = of_type(plan, NODE_POOL, "cluster-system")
    inputs = system["inputs"]
    details = inputs["nodeConfigDetails"]
    assert (inputs["nodeShape"], inputs["nodeShapeConfig"]) == ("VM.Standard.E5.Flex", {"ocpus": 2, "memoryInGbs": 16})
    assert inputs["kubernetesVersion"] == "v1.36.1"
    assert inputs["nodeSourceDetails"] == {
        "sourceType": "IMAGE",
        "imageId": compute_ocid("image", REGION, CPU_IMAGE),
        "bootVolumeSizeInGbs": "100",
    }
    assert details["size"] == 3
    assert details["placementConfigs"] == [
        {
            "availabilityDomain": AD_1,
            "subnetId": compute_ocid("subnet", REGION, "oci:Core/subnet:Subnet", "cluster-workers"),
            "faultDomains": ["FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3"],
        }
    ]
    assert details["nodePoolPodNetworkOptionDetails"] == {
        "cniType": "OCI_VCN_IP_NATIVE",
        "podSubnetIds": [compute_ocid("subnet", REGION, "oci:Core/subnet:Subnet", "cluster-pods")],
        "podNsgIds": [
            compute_ocid(
                "networksecuritygroup", REGION, "oci:Core/networkSecurityGroup:NetworkSecurityGroup", "cluster-pods-nsg"
            )
        ],
        "maxPodsPerNode": 31,
    }
    assert (details["kmsKeyId"], details["isPvEncryptionInTransitEnabled"]) == (plan["outputs"]["keys"]["keyId"], True)
    labels = {label["key"]: label["value"] for label in inputs["initialNodeLabels"]}
    assert (labels["corridor.dev/pool"], labels["corridor.dev/role"]) == ("system", "system")
    assert system["ignoreChanges"] == ["nodeSourceDetails.imageId"]
    cluster = plan["outputs"]["cluster"]
    assert cluster["systemZones"] == ["AD-1"]
    assert cluster["systemZoneReason"].startswith("spread: ")


def test_gpu_plugin_add_on_runs_the_device_plugin_without_a_second_exporter() -> None:
    """OKE's NVIDIA GPU Plugin add-on, taken over if OKE installed it; its DCGM exporter is off
    while corridor's agents export GPU metrics, on when they are off."""
    plan = render_plan("oci")
    addon = named(plan, "cluster-nvidia-gpu-plugin")
    assert addon["inputs"] == {
        "clusterId": compute_ocid("cluster", REGION, "oci:ContainerEngine/cluster:Cluster", "cluster-oke"),
        "addonName": "NvidiaGpuPlugin",
        "removeAddonResourcesOnDelete": True,
        "overrideExisting": True,
        "configurations": [{"key": "isDcgmExporterDisabled", "value": "true"}],
    }
    assert of_type(plan, NODE_POOL, "cluster-system")["urn"] in addon["dependsOn"]
    off = render_plan("oci", {"observability": {"enabled": False}})
    assert named(off, "cluster-nvidia-gpu-plugin")["inputs"]["configurations"] == [
        {"key": "isDcgmExporterDisabled", "value": "false"}
    ]


def test_cluster_autoscaler_add_on_resizes_every_gpu_pool_as_a_workload_identity() -> None:
    """One ClusterAutoscaler add-on under the cluster, `min:max:<node pool OCID>` per GPU pool,
    `authType: workload`, and a policy letting only its service account of this cluster manage
    node pools in the compartment."""
    plan = render_plan("oci")
    cluster_id = compute_ocid("cluster", REGION, "oci:ContainerEngine/cluster:Cluster", "cluster-oke")
    addon = named(plan, "cluster-autoscaler")
    assert by_urn(plan, addon["parent"])["name"] == "cluster-oke"
    infer = compute_ocid("nodepool", REGION, NODE_POOL, "gpu-infer")
    train = compute_ocid("nodepool", REGION, NODE_POOL, "gpu-train")
    assert addon["inputs"] == {
        "clusterId": cluster_id,
        "addonName": "ClusterAutoscaler",
        "removeAddonResourcesOnDelete": True,
        "overrideExisting": True,
        "configurations": [
            {"key": "nodes", "value": f"0:2:{infer},0:4:{train}"},
            {"key": "authType", "value": "workload"},
        ],
    }
    policy = named(plan, "cluster-autoscaler-policy")
    assert {policy["urn"], of_type(plan, NODE_POOL, "gpu-train")["urn"]} <= set(addon["dependsOn"])
    who = (
        "ALL {request.principal.type = 'workload', request.principal.namespace = 'kube-system', "
        f"request.principal.service_account = 'cluster-autoscaler', request.principal.cluster_id = '{cluster_id}'}}"
    )
    assert policy["inputs"]["statements"] == [
        f"Allow any-user to {verbs} in compartment id {COMPARTMENT} where {who}"
        for verbs in (
            "manage cluster-node-pools",
            "manage instance-family",
            "use subnets",
            "read virtual-network-family",
            "use vnics",
            "inspect compartments",
        )
    ]


def test_autoscaler_follows_min_and_max() -> None:
    """The pool starts at minNodes and the add-on holds minNodes..maxNodes."""
    plan = render_plan("oci", {"gpuPools": [{**TRAIN, "minNodes": 1, "maxNodes": 3}]})
    pool = of_type(plan, NODE_POOL, "gpu-train")
    assert pool["inputs"]["nodeConfigDetails"]["size"] == 1
    assert pool["ignoreChanges"] == ["nodeConfigDetails.size", "nodeSourceDetails.imageId"]
    # The stack's own infer pool (corridor:overrides) stays beside the edited train pool.
    infer, train = (compute_ocid("nodepool", REGION, NODE_POOL, f"gpu-{pool}") for pool in ("infer", "train"))
    nodes = named(plan, "cluster-autoscaler")["inputs"]["configurations"][0]
    assert nodes == {"key": "nodes", "value": f"0:2:{infer},1:3:{train}"}


# --- GPU pools ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accelerator", "gpus", "shape"),
    [
        ("H100", 8, "BM.GPU.H100.8"),
        ("H200", 8, "BM.GPU.H200.8"),
        ("B200", 8, "BM.GPU.B200.8"),
        ("A100-80GB", 8, "BM.GPU.A100-v2.8"),
        ("L40S", 4, "BM.GPU.L40S.4"),
    ],
)
def test_pool_shape_image_and_taint_per_accelerator(accelerator: str, gpus: int, shape: str) -> None:
    """The catalog's shape, the newest OKE GPU image, 512 GB boot volume under the stack key, the
    labels, and the GPU taint registered by the kubelet through OKE's cloud-init."""
    pool = {"name": "gpu", "accelerator": accelerator, "gpusPerNode": gpus, "maxNodes": 1}
    plan = render_plan("oci", {"gpuPools": [pool]})
    inputs = of_type(plan, NODE_POOL, "gpu-gpu")["inputs"]
    details = inputs["nodeConfigDetails"]
    assert inputs["nodeShape"] == shape
    assert "nodeShapeConfig" not in inputs  # bare metal: the shape fixes OCPUs and memory
    assert inputs["nodeSourceDetails"] == {
        "sourceType": "IMAGE",
        "imageId": compute_ocid("image", REGION, GPU_IMAGE),
        "bootVolumeSizeInGbs": "512",
    }
    assert details["kmsKeyId"] == plan["outputs"]["keys"]["keyId"]
    assert "isPvEncryptionInTransitEnabled" not in details  # a VM feature; bare metal boots over iSCSI
    assert details["placementConfigs"] == [
        {
            "availabilityDomain": AD_1,
            "subnetId": compute_ocid("subnet", REGION, "oci:Core/subnet:Subnet", "cluster-workers"),
        }
    ]
    assert details["nodePoolPodNetworkOptionDetails"]["maxPodsPerNode"] == 64
    assert "computeClusterId" not in details  # one node: no fabric
    labels = {label["key"]: label["value"] for label in inputs["initialNodeLabels"]}
    assert labels == plan["outputs"]["gpuPools"]["gpu"]["nodeLabels"]
    assert (labels["corridor.dev/accelerator"], labels["corridor.dev/pool"]) == (accelerator, "gpu")
    assert set(inputs["nodeMetadata"]) == {"user_data"}
    assert base64.b64decode(inputs["nodeMetadata"]["user_data"]).decode() == TAINT_SCRIPT
    out = plan["outputs"]["gpuPools"]["gpu"]
    assert (out["machineType"], out["taints"]) == (shape, ["nvidia.com/gpu=present:NoSchedule"])
    assert out["driver"] == {
        "installedBy": "node-image",
        "source": "OKE Oracle Linux GPU image for Kubernetes v1.36.1 (NVIDIA driver and container toolkit); "
        "device plugin by OKE's NVIDIA GPU Plugin add-on",
    }


def test_cloud_init_is_okes_default_with_the_taint() -> None:
    """The exact script: OKE's documented default startup script, the init script run with the
    kubelet's registration taint."""
    assert oke.cloud_init(node_pool.TAINT_ARGS) == TAINT_SCRIPT
    assert oke.cloud_init() == TAINT_SCRIPT.replace(
        ' --kubelet-extra-args "--register-with-taints=nvidia.com/gpu=present:NoSchedule"', ""
    )


def test_fabric_pool_launches_in_a_compute_cluster() -> None:
    """A multi-node H100 pool gets its RDMA NICs through a compute cluster in its AD, which its node
    pool names; the 4-GPU L40S pool (NIC count unknown) gets none."""
    plan = render_plan("oci")
    compute_cluster = named(plan, "gpu-train-compute-cluster")
    assert without_tags(compute_cluster["inputs"]) == {
        "availabilityDomain": AD_1,
        "compartmentId": COMPARTMENT,
        "displayName": "corridor-oci-me-jeddah-1-train",
    }
    train = of_type(plan, NODE_POOL, "gpu-train")["inputs"]["nodeConfigDetails"]
    assert train["computeClusterId"] == compute_ocid(
        "computecluster", REGION, "oci:Core/computeCluster:ComputeCluster", "gpu-train-compute-cluster"
    )
    assert "computeClusterId" not in of_type(plan, NODE_POOL, "gpu-infer")["inputs"]["nodeConfigDetails"]
    pools = plan["outputs"]["gpuPools"]
    assert pools["train"]["fabric"] == {"kind": "gpudirect-rdma", "interfaces": 16, "placement": None}
    assert pools["train"]["zoneReason"].startswith("one zone: a compute cluster (the RDMA fabric)")
    assert [step["component"].split(" ")[:3] for step in pools["train"]["inCluster"]] == [
        ["NVIDIA", "Network", "Operator"]
    ]
    assert pools["infer"]["fabric"] == {"kind": "none", "interfaces": 0, "placement": None}
    assert any(note.startswith("RDMA: ") for note in pools["train"]["notes"])


def test_reserved_pool_consumes_its_capacity_reservation() -> None:
    """`reserved`: the reservation's OCID on the placement in its AD, and the reservation grants."""
    edits = {
        "gpuPools": [{**TRAIN, "capacity": "reserved"}],
        "reservations": {"train": {"kind": "capacityReservation", "id": RESERVATION, "zone": "AD-1"}},
    }
    plan = render_plan("oci", edits)
    placement = of_type(plan, NODE_POOL, "gpu-train")["inputs"]["nodeConfigDetails"]["placementConfigs"]
    assert placement == [
        {
            "availabilityDomain": AD_1,
            "subnetId": compute_ocid("subnet", REGION, "oci:Core/subnet:Subnet", "cluster-workers"),
            "capacityReservationId": RESERVATION,
        }
    ]
    statements = named(plan, "cluster-access-policy")["inputs"]["statements"]
    assert statements[3:5] == [
        f"Allow service oke to use compute-capacity-reservations in compartment id {COMPARTMENT}",
        f"Allow any-user to use compute-capacity-reservations in compartment id {COMPARTMENT} where "
        "request.principal.type = 'nodepool'",
    ]
    capacity = plan["outputs"]["gpuPools"]["train"]["capacity"]
    assert capacity == {
        "mode": "reserved",
        "reservation": f"capacityReservation {RESERVATION}",
        "zone": "AD-1",
        "wiring": "placement_configs[].capacity_reservation_id",
    }


def test_on_demand_pool_has_no_capacity_option() -> None:
    plan = render_plan("oci")
    (placement,) = of_type(plan, NODE_POOL, "gpu-train")["inputs"]["nodeConfigDetails"]["placementConfigs"]
    assert "capacityReservationId" not in placement
    assert "preemptibleNodeConfig" not in placement
    assert plan["outputs"]["gpuPools"]["train"]["capacity"]["wiring"] == (
        "on-demand: no capacity option on the placement configuration"
    )


def test_spot_is_wired_as_a_preemptible_placement() -> None:
    """`spot` (sold only on VM shapes, which the profile checks): the placement's preemptible node
    config terminates the node and its boot volume. No catalog shape of OCI is sold preemptible,
    so the wiring is asserted on the placement the builder writes for a spot plan."""
    spec = load_spec(edited_config("oci", {}).values, BASELINE)
    (plan,) = [p for p in spec.pool_plans if p.pool.name == "infer"]
    spot = dataclasses.replace(plan, pool=plan.pool.model_copy(update={"capacity": "spot"}))
    args = node_pool.placement(spot, "Bcfi:ME-JEDDAH-1-AD-1", "subnet")
    preemptible = args.preemptible_node_config
    assert isinstance(
        preemptible, oci.containerengine.NodePoolNodeConfigDetailsPlacementConfigPreemptibleNodeConfigArgs
    )
    action = preemptible.preemption_action
    assert isinstance(
        action, oci.containerengine.NodePoolNodeConfigDetailsPlacementConfigPreemptibleNodeConfigPreemptionActionArgs
    )
    assert (action.type, action.is_preserve_boot_volume) == ("TERMINATE", False)
    assert args.capacity_reservation_id is None
    assert (
        node_pool.capacity_wiring(spot) == "placement_configs[].preemptible_node_config (preemption action TERMINATE)"
    )
    assert node_pool.placement(plan, "ad", "subnet").preemptible_node_config is None


def test_pool_zones_are_the_availability_domains_of_its_placement() -> None:
    """`zones` is read from the node pool's own placement (`AD-1` of `Bcfi:ME-JEDDAH-1-AD-1`)."""
    plan = render_plan("oci")
    for name in ("train", "infer"):
        out = plan["outputs"]["gpuPools"][name]
        (placement,) = of_type(plan, NODE_POOL, f"gpu-{name}")["inputs"]["nodeConfigDetails"]["placementConfigs"]
        assert out["zones"] == [oke.zone_of(placement["availabilityDomain"])] == ["AD-1"]
        assert out["capacity"]["zone"] == "AD-1"
    assert plan["outputs"]["gpuPools"]["infer"]["zoneReason"] == (
        "one zone: corridor keeps each GPU pool in one availability domain; AD-1: corridor:zones is unset and every "
        "OCI region has AD-1"
    )


# --- pure helpers -------------------------------------------------------------------------------------


def test_carve_is_deterministic_for_the_smallest_network() -> None:
    assert oke.carve("10.40.0.0/16") == oke.Ranges(api="10.40.192.0/28", workers="10.40.128.0/18", pods="10.40.0.0/17")
    assert oke.carve("172.16.0.0/20") == oke.Ranges(api="172.16.12.0/28", workers="172.16.8.0/22", pods="172.16.0.0/21")


def test_newest_oke_image_wins_whatever_the_os_release() -> None:
    """Builds sort by date and build number, not by name (`8.9` sorts after `8.10` as text)."""
    older = "Oracle-Linux-8.9-Gen2-GPU-2025.01.31-0-OKE-1.36.1-754"
    newer = "Oracle-Linux-8.10-Gen2-GPU-2026.10.02-0-OKE-1.36.1-1187"
    assert max([older, newer]) == older
    assert max([older, newer], key=oke.image_build) == newer


def test_zone_of_reads_the_ad_suffix() -> None:
    assert oke.zone_of("Uocm:PHX-AD-3") == "AD-3"
    with pytest.raises(ValueError, match="not an availability domain"):
        oke.zone_of("PHX")
