"""The GPU cluster and node-pool contract, asserted identically on every registered cloud.

Every cloud must turn the same `corridor:gpuPools` entry into nodes on the catalog's machine,
tainted `nvidia.com/gpu=present:NoSchedule`, labelled with the accelerator and the tag schema,
autoscaling between minNodes and maxNodes, with the cloud's GPU driver route set; and a cluster
whose Kubernetes Secrets are encrypted with the stack's own key and whose kubeconfig is secret.
Every pool and the system nodes report the zones they run in, read back from the resources the
plan registers, with the reason for that placement. Every pool reports how it is bought, linked
and driven as the structured contract (`capacity`, `fabric`, `driver`, `inCluster`, `notes`)
that agrees with the pool plan decided at validation, and the cluster its `versionPolicy`.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any, get_args

import pytest

from components.capabilities import Capability
from components.catalog import regions
from components.catalog.accelerators import Offering, offering, offerings, unknown_facts
from components.clouds.base import DriverInstaller, FabricKind
from components.clouds.features import API_ACCESS_CIDRS
from components.clouds.registry import profile_for
from components.definition import PoolPlan, load_spec
from corridor.mockcloud.alicloud import alnum_id
from corridor.mockcloud.oci import compute_ocid
from tests.conftest import BASELINE, clouds_declaring, edited_config, render_plan


@pytest.fixture(params=clouds_declaring(Capability.CLUSTER))
def cloud(request: pytest.FixtureRequest) -> str:
    """Each cloud whose profile declares a cluster it creates (its GPU pools are node pools of its own)."""
    return str(request.param)


Resource = dict[str, Any]


def training_offering(cloud: str) -> Offering:
    """The 8-GPU machine the suite trains on: H100 where the cloud sells it, else the catalog's
    8-GPU machine with the most GPU memory on that cloud (Alibaba sells no H100 outside China:
    its catalog rows are A100 80 GB). Read from the catalog, so no cloud is an exception here."""
    sold = [o for o in offerings() if o.cloud == cloud and o.gpus == 8]
    if any(o.accelerator == "H100" for o in sold):
        return offering("H100", cloud, 8)
    return offering(max(sold, key=lambda o: o.gpu_memory_gib).accelerator, cloud, 8)


def train_pool(cloud: str, **settings: Any) -> dict[str, Any]:
    """A `train` pool entry on the cloud's training machine, with `settings`."""
    return {"name": "train", "accelerator": training_offering(cloud).accelerator, "gpusPerNode": 8, **settings}


GPU_TAINT = "nvidia.com/gpu=present:NoSchedule"
EFFECTS = {"NO_SCHEDULE": "NoSchedule", "NO_EXECUTE": "NoExecute", "PREFER_NO_SCHEDULE": "PreferNoSchedule"}


def _taint(t: dict[str, str]) -> str:
    """An EKS/GKE API taint as `key=value:Effect`; a Kubernetes-spelled effect is a KeyError,
    because those APIs only accept NO_SCHEDULE-style enum values."""
    return f"{t['key']}={t['value']}:{EFFECTS[t['effect']]}"


def _provider_region(plan: dict[str, Any], resource: Resource) -> str:
    """The region of the explicit provider `resource` is created through."""
    (provider,) = [r for r in plan["resources"] if r["urn"] == resource["provider"]]
    return str(provider["inputs"]["region"])


def _kubelet_taints(user_data: str) -> list[str]:
    """The taints an OKE node registers with: the `--register-with-taints` kubelet flags of the
    pool's base64 cloud-init (a managed OKE node pool has no taints field)."""
    script = base64.b64decode(user_data).decode()
    return [t for flag in re.findall(r"--register-with-taints=([^\s\"']+)", script) for t in flag.split(",")]


def _oke_autoscaling(plan: dict[str, Any], pool: Resource) -> tuple[int, int]:
    """An OKE node pool has no min or max of its own: the cluster's Cluster Autoscaler add-on
    lists `min:max:<node pool OCID>` for each pool it resizes in its `nodes` configuration. The
    plan shows no resource ids, so the pool's OCID is the one the mock cloud answers for it."""
    (addon,) = [
        r
        for r in plan["resources"]
        if r["type"] == "oci:ContainerEngine/addon:Addon"
        and r["inputs"]["addonName"] == "ClusterAutoscaler"
        and r["inputs"]["clusterId"] == pool["inputs"]["clusterId"]
    ]
    (nodes,) = [c["value"] for c in addon["inputs"]["configurations"] if c["key"] == "nodes"]
    own = compute_ocid("nodepool", _provider_region(plan, pool), pool["type"], pool["name"])
    entries = [entry.split(":", 2) for entry in nodes.split(",")]
    (scaling,) = [(int(low), int(high)) for low, high, ocid in entries if ocid == own]
    return scaling


def _read_oke_pool(plan: dict[str, Any], r: Resource) -> dict[str, Any]:
    low, high = _oke_autoscaling(plan, r)
    return {
        "taints": _kubelet_taints(r["inputs"].get("nodeMetadata", {}).get("user_data", "")),
        "labels": {label["key"]: label["value"] for label in r["inputs"].get("initialNodeLabels", [])},
        "min": low,
        "max": high,
        "driver": r["inputs"]["nodeSourceDetails"].get("imageId"),
    }


def _read_ack_pool(plan: dict[str, Any], r: Resource) -> dict[str, Any]:
    """An ACK node pool: taints in `taints` (the effect spelled as Kubernetes does, which the
    profile's GPU taint is), labels as key/value pairs, min/max in `scalingConfig`, and the node
    image ACK installs the NVIDIA driver on (`imageType`)."""
    return {
        "taints": [f"{t['key']}={t['value']}:{t['effect']}" for t in r["inputs"].get("taints", [])],
        "labels": {label["key"]: label["value"] for label in r["inputs"].get("labels", [])},
        "min": r["inputs"]["scalingConfig"]["minSize"],
        "max": r["inputs"]["scalingConfig"]["maxSize"],
        "driver": r["inputs"].get("imageType"),
    }


# Where each cloud states a node pool's settings in its provider inputs: data, so the
# assertions below are the same for every cloud.
POOL_TYPE = {
    "aws": "aws:eks/nodeGroup:NodeGroup",
    "gcp": "gcp:container/nodePool:NodePool",
    "azure": "azure-native:containerservice:AgentPool",
    "oci": "oci:ContainerEngine/nodePool:NodePool",
    "alicloud": "alicloud:cs/nodePool:NodePool",
}
READ_POOL: dict[str, Callable[[dict[str, Any], Resource], dict[str, Any]]] = {
    "aws": lambda plan, r: {
        "taints": [_taint(t) for t in r["inputs"].get("taints", [])],
        "labels": r["inputs"].get("labels", {}),
        "min": r["inputs"]["scalingConfig"]["minSize"],
        "max": r["inputs"]["scalingConfig"]["maxSize"],
        "driver": r["inputs"].get("amiType"),
    },
    "gcp": lambda plan, r: {
        "taints": [_taint(t) for t in r["inputs"]["nodeConfig"].get("taints", [])],
        "labels": r["inputs"]["nodeConfig"].get("labels", {}),
        "min": r["inputs"]["autoscaling"]["totalMinNodeCount"],
        "max": r["inputs"]["autoscaling"]["totalMaxNodeCount"],
        "driver": r["inputs"]["nodeConfig"]["guestAccelerators"][0]["gpuDriverInstallationConfig"]["gpuDriverVersion"],
    },
    "azure": lambda plan, r: {
        "taints": r["inputs"].get("nodeTaints", []),
        "labels": r["inputs"].get("nodeLabels", {}),
        "min": r["inputs"]["minCount"],
        "max": r["inputs"]["maxCount"],
        "driver": r["inputs"].get("gpuProfile", {}).get("driver"),
    },
    "oci": _read_oke_pool,
    "alicloud": _read_ack_pool,
}
SECRETS_KEY: dict[str, Callable[[Resource], str]] = {
    "aws": lambda c: c["inputs"]["encryptionConfig"]["provider"]["keyArn"],
    "gcp": lambda c: c["inputs"]["databaseEncryption"]["keyName"],
    "azure": lambda c: c["inputs"]["securityProfile"]["azureKeyVaultKms"]["keyId"],
    "oci": lambda c: c["inputs"]["kmsKeyId"],
    "alicloud": lambda c: c["inputs"]["encryptionProviderKey"],
}
CLUSTER_TYPE = {
    "aws": "aws:eks/cluster:Cluster",
    "gcp": "gcp:container/cluster:Cluster",
    "azure": "azure-native:containerservice:ManagedCluster",
    "oci": "oci:ContainerEngine/cluster:Cluster",
    "alicloud": "alicloud:cs/managedKubernetes:ManagedKubernetes",
}


def gpu_pool(plan: dict[str, Any], cloud: str, pool: str) -> dict[str, Any]:
    """The settings of the node-pool resource under component `gpu-<pool>`."""
    component = next(r for r in plan["resources"] if r["name"] == f"gpu-{pool}" and not r["custom"])
    matches = [r for r in plan["resources"] if r["type"] == POOL_TYPE[cloud] and r["parent"] == component["urn"]]
    assert len(matches) == 1, f"{cloud}: expected one node pool under gpu-{pool}"
    return READ_POOL[cloud](plan, matches[0])


@pytest.mark.parametrize("pool", ["train", "infer"])
def test_gpu_nodes_are_tainted_and_labelled(cloud: str, pool: str) -> None:
    """Every GPU node carries the GPU taint, the accelerator label and the tag schema labels."""
    plan = render_plan(cloud)
    settings = gpu_pool(plan, cloud, pool)
    assert GPU_TAINT in settings["taints"]
    labels = settings["labels"]
    assert labels["corridor.dev/pool"] == pool
    assert (
        labels["corridor.dev/accelerator"]
        == plan["outputs"]["gpuPools"][pool]["nodeLabels"]["corridor.dev/accelerator"]
    )
    for key in ("team", "purpose", "environment", "cost-center", "stack", "cloud"):
        assert f"corridor.dev/{key}" in labels, key
    assert GPU_TAINT in plan["outputs"]["gpuPools"][pool]["taints"]


def test_autoscaling_honours_min_and_max(cloud: str) -> None:
    """Pools scale between minNodes and maxNodes; scale-to-zero is allowed."""
    pools = [train_pool(cloud, minNodes=1, maxNodes=3)]
    settings = gpu_pool(render_plan(cloud, {"gpuPools": pools}), cloud, "train")
    assert (settings["min"], settings["max"]) == (1, 3)
    assert (gpu_pool(render_plan(cloud), cloud, "infer")["min"]) == 0


def test_max_gpus_is_max_nodes_times_gpus_per_node(cloud: str) -> None:
    """The outputs promise exactly maxNodes x gpusPerNode GPUs, on the catalog's machine."""
    plan = render_plan(cloud)
    train = plan["outputs"]["gpuPools"]["train"]
    assert train["maxGpus"] == train["maxNodes"] * train["gpusPerNode"] == 4 * 8
    assert train["machineType"] == training_offering(cloud).machine_type


def test_driver_route_is_set(cloud: str) -> None:
    """Every GPU pool installs the NVIDIA driver through the cloud's supported route."""
    for pool in ("train", "infer"):
        assert gpu_pool(render_plan(cloud), cloud, pool)["driver"] not in (None, "", "INSTALLATION_DISABLED", "None")


def test_cluster_secrets_are_encrypted_with_the_stacks_key(cloud: str) -> None:
    """Kubernetes Secrets are envelope-encrypted with the stack's primary key."""
    plan = render_plan(cloud)
    cluster = next(r for r in plan["resources"] if r["type"] == CLUSTER_TYPE[cloud])
    key_id = plan["outputs"]["keys"]["keyId"]
    assert SECRETS_KEY[cloud](cluster).startswith(key_id)
    assert plan["outputs"]["cluster"]["secretsKeyId"].startswith(key_id)


def test_kubeconfig_is_secret(each_cloud: str) -> None:
    """The kubeconfig never appears in plain text in outputs or plans, on every kind of cluster."""
    plan = render_plan(each_cloud)
    assert plan["outputs"]["cluster"]["kubeconfig"] == "[secret]"
    assert plan["outputs"]["cluster"]["versionPolicy"]


def _is_sentence(value: object) -> bool:
    """A non-empty string that is not just whitespace."""
    return isinstance(value, str) and bool(value.strip())


def test_version_policy_is_structured(each_cloud: str) -> None:
    """The cluster's `versionPolicy` has the same fields on every cloud: the cloud's channel
    (`none` where it has none), the version pinned or null, how node images are upgraded, and
    notes for a human."""
    policy = render_plan(each_cloud)["outputs"]["cluster"]["versionPolicy"]
    assert set(policy) == {"channel", "version", "nodeUpgrades", "notes"}
    assert _is_sentence(policy["channel"]), policy
    assert policy["version"] is None or _is_sentence(policy["version"]), policy
    assert _is_sentence(policy["nodeUpgrades"]), policy
    assert isinstance(policy["notes"], list)
    assert all(_is_sentence(note) for note in policy["notes"]), policy


POOL_FIELDS = {
    "machineType", "nodeLabels", "taints", "minNodes", "maxNodes", "gpusPerNode", "maxGpus",
    "capacity", "fabric", "driver", "inCluster", "zones", "zoneReason", "nodeDisks", "notes", "catalogUnknowns",
}  # fmt: skip
NO_FABRIC = {"kind": "none", "interfaces": 0, "placement": None}


def test_pool_outputs_have_the_same_shape_everywhere(cloud: str) -> None:
    """Dashboards and DR tooling read the same pool fields, with the same structured fields, on
    every cloud."""
    for name, pool in render_plan(cloud)["outputs"]["gpuPools"].items():
        assert set(pool) == POOL_FIELDS, name
        assert set(pool["capacity"]) == {"mode", "reservation", "zone", "wiring"}, name
        assert set(pool["fabric"]) == {"kind", "interfaces", "placement"}, name
        assert set(pool["driver"]) == {"installedBy", "source"}, name
        assert set(pool["nodeDisks"]) == {"keyId", "note"}, name
        assert isinstance(pool["inCluster"], list), name
        for step in pool["inCluster"]:
            assert set(step) == {"component", "why"}, (name, step)
        assert isinstance(pool["notes"], list), name
    train = render_plan(cloud)["outputs"]["gpuPools"]["train"]
    if training_offering(cloud).interconnect == "none":
        # The catalog row says why the machine has no fabric (Alibaba's gn7e: no eRDMA).
        assert train["fabric"] == NO_FABRIC
    else:
        assert train["fabric"]["kind"] != "none", "an 8-GPU pool spanning nodes gets its machine's fabric"
        assert train["fabric"]["interfaces"] > 0


def test_interconnect_none_means_plain_networking(cloud: str) -> None:
    """`interconnect: none` attaches no fabric even on a machine that has one: kind `none`, no
    interfaces, no compact placement."""
    pools = [train_pool(cloud, maxNodes=2, interconnect="none")]
    train = render_plan(cloud, {"gpuPools": pools})["outputs"]["gpuPools"]["train"]
    assert train["fabric"] == NO_FABRIC


NSG_RULE = "oci:Core/networkSecurityGroupSecurityRule:NetworkSecurityGroupSecurityRule"
KUBERNETES_API_PORT = 6443


def _reaches_the_api(rule: dict[str, Any]) -> bool:
    """An OCI security rule admits the Kubernetes API port: all protocols, or TCP on a range (or
    every port) that includes it."""
    if rule["protocol"] == "all":
        return True
    ports = (rule.get("tcpOptions") or {}).get("destinationPortRange")
    return rule["protocol"] == "6" and (ports is None or ports["min"] <= KUBERNETES_API_PORT <= ports["max"])


def _nsg_api_sources(plan: dict[str, Any], cluster: Resource) -> list[str]:
    """OKE's endpoint has no allow list of its own: it admits what the ingress rules of the network
    security groups its `endpointConfig` names admit, so the ranges are those rules' CIDR sources
    that reach the API port (every such rule, not only corridor's client rules)."""
    groups = set(cluster["inputs"]["endpointConfig"].get("nsgIds", []))
    return [
        r["inputs"]["source"]
        for r in plan["resources"]
        if r["type"] == NSG_RULE
        and r["inputs"]["networkSecurityGroupId"] in groups
        and r["inputs"]["direction"] == "INGRESS"
        and r["inputs"]["sourceType"] == "CIDR_BLOCK"
        and _reaches_the_api(r["inputs"])
    ]


API_ACCESS: dict[str, Callable[[dict[str, Any], Resource], list[str]]] = {
    "aws": lambda plan, c: c["inputs"]["vpcConfig"]["publicAccessCidrs"],
    "gcp": lambda plan, c: [b["cidrBlock"] for b in c["inputs"]["masterAuthorizedNetworksConfig"]["cidrBlocks"]],
    "azure": lambda plan, c: c["inputs"]["apiServerAccessProfile"]["authorizedIPRanges"],
    "oci": _nsg_api_sources,
}


@pytest.mark.parametrize(
    "cloud",
    [c for c in clouds_declaring(Capability.CLUSTER) if API_ACCESS_CIDRS not in profile_for(c).unsupported],
)
def test_api_endpoint_is_limited_to_api_access_cidrs(cloud: str) -> None:
    """`network.apiAccessCidrs` restricts who can reach the Kubernetes API (reliability C2), read
    from the cluster's own inputs. A cloud declaring `API_ACCESS_CIDRS` unsupported refuses the
    ranges instead (tests/conformance/test_security_contract.py)."""
    plan = render_plan(cloud, {"network": {"apiAccessCidrs": ["203.0.113.0/24"]}})
    cluster = next(r for r in plan["resources"] if r["type"] == CLUSTER_TYPE[cloud])
    assert "203.0.113.0/24" in API_ACCESS[cloud](plan, cluster)
    assert "0.0.0.0/0" not in API_ACCESS[cloud](plan, cluster)


AUTOSCALER_OWNED = {
    "aws": ["scalingConfig.desiredSize"],
    "gcp": ["initialNodeCount"],
    "azure": ["count"],
    # OKE: the size, and the node image, which reaches nodes only on an explicit pool update
    # (the cluster's versionPolicy.nodeUpgrades).
    "oci": ["nodeConfigDetails.size", "nodeSourceDetails.imageId"],
    # ACK: a GPU pool never sends `desired_size` (its `scaling_config` autoscaler owns the size),
    # so there is nothing to re-apply and nothing to ignore.
    "alicloud": [],
}


def test_autoscaler_owned_counts_are_not_reapplied(cloud: str) -> None:
    """After creation the cluster autoscaler owns the node count: re-sending it would scale a
    busy pool back to minNodes (EKS), recreate the pool (GKE) or be rejected (AKS)."""
    plan = render_plan(cloud)
    for pool in ("train", "infer"):
        component = next(r for r in plan["resources"] if r["name"] == f"gpu-{pool}" and not r["custom"])
        node_pool = next(
            r for r in plan["resources"] if r["type"] == POOL_TYPE[cloud] and r["parent"] == component["urn"]
        )
        assert node_pool["ignoreChanges"] == AUTOSCALER_OWNED[cloud]


# --- zones: reported from the plan's own resources ------------------------------------------------

SUBNET = "aws:ec2/subnet:Subnet"


def _subnet_zones(plan: dict[str, Any], node_group: Resource) -> list[str] | None:
    """An EKS node group spans the zones of the subnets it lists. The plan shows subnet ids only
    as opaque strings, so the subnets are the node group's dependencies of type Subnet, which
    must be as many as the ids it lists; their `availabilityZone` inputs are the zones."""
    by_urn = {r["urn"]: r for r in plan["resources"]}
    subnets = [by_urn[urn] for urn in node_group["dependsOn"] if by_urn[urn]["type"] == SUBNET]
    assert len(subnets) == len(node_group["inputs"]["subnetIds"]), "every listed subnet is a plan resource"
    return [s["inputs"]["availabilityZone"] for s in subnets]


AVAILABILITY_DOMAIN_NAME = re.compile(r"[A-Za-z]+:[A-Z0-9-]+-(AD-[1-3])")
"""A full OCI availability domain name, `<tenancy prefix>:<REGION>-AD-n`; corridor's zone is `AD-n`."""


def _placement_zones(plan: dict[str, Any], node_pool: Resource) -> list[str] | None:
    """An OKE node pool places its nodes by its placement configurations, each in an availability
    domain named in full (`Xyzw:ME-JEDDAH-1-AD-1`, the prefix differs per tenancy): the zones are
    their `AD-n` suffixes, each once."""
    configs = node_pool["inputs"].get("nodeConfigDetails", {}).get("placementConfigs")
    if configs is None:
        return None
    zones = []
    for config in configs:
        match = AVAILABILITY_DOMAIN_NAME.fullmatch(config["availabilityDomain"])
        assert match, config["availabilityDomain"]
        zones.append(match.group(1))
    return list(dict.fromkeys(zones))


SWITCH = "alicloud:vpc/switch:Switch"


def _vswitch_zones(plan: dict[str, Any], node_pool: Resource) -> list[str] | None:
    """An ACK node pool places its nodes in the zones of the vSwitches it lists (`vswitchIds`), each
    vSwitch in one zone (`zoneId`). The plan shows no resource ids, so each listed id is matched to
    the plan's vSwitch the mock cloud answers that id for; every listed id must be one of them."""
    listed = node_pool["inputs"].get("vswitchIds")
    if listed is None:
        return None
    zone_of = {
        alnum_id("vsw", 21, _provider_region(plan, r), r["type"], r["name"]): r["inputs"]["zoneId"]
        for r in plan["resources"]
        if r["type"] == SWITCH
    }
    assert all(i in zone_of for i in listed), ("every listed vSwitch is a plan resource", listed)
    return list(dict.fromkeys(zone_of[i] for i in listed))


# Which input of each cloud's node-pool resource places its nodes in zones (None: not placed).
PLAN_ZONES: dict[str, Callable[[dict[str, Any], Resource], list[str] | None]] = {
    "aws": _subnet_zones,
    "gcp": lambda plan, pool: pool["inputs"].get("nodeLocations"),
    "azure": lambda plan, pool: pool["inputs"].get("availabilityZones"),
    "oci": _placement_zones,
    "alicloud": _vswitch_zones,
}


def _system_pool(plan: dict[str, Any], cloud: str) -> Resource:
    """The resource holding the CPU system pool's placement inputs (on AKS, the cluster's System
    agent pool profile, presented as a resource of its own)."""
    if cloud == "azure":
        cluster = next(r for r in plan["resources"] if r["type"] == CLUSTER_TYPE[cloud])
        (profile,) = [p for p in cluster["inputs"]["agentPoolProfiles"] if p["mode"] == "System"]
        return {**cluster, "inputs": profile}
    return next(r for r in plan["resources"] if r["type"] == POOL_TYPE[cloud] and r["name"] == "cluster-system")


def _node_pool(plan: dict[str, Any], cloud: str, pool: str) -> Resource:
    component = next(r for r in plan["resources"] if r["name"] == f"gpu-{pool}" and not r["custom"])
    (node_pool,) = [r for r in plan["resources"] if r["type"] == POOL_TYPE[cloud] and r["parent"] == component["urn"]]
    return node_pool


def _same_zones(reported: list[str] | None, planned: list[str] | None) -> bool:
    """Reported and planned zones agree: both absent, or the same zones (order is not placement)."""
    if reported is None or planned is None:
        return reported is None and not planned
    return sorted(reported) == sorted(planned)


# A reserved training pool in each cloud's second zone, so a report that ignored the resources and
# assumed "the first zone" would be caught.
RESERVED_ELSEWHERE: dict[str, dict[str, Any]] = {
    "aws": {"kind": "capacityReservation", "id": "cr-0123456789abcdef0", "zone": "ap-southeast-1b"},
    "gcp": {"kind": "reservation", "id": "h100-res", "zone": "asia-southeast1-b"},
    "azure": {
        "kind": "capacityReservationGroup",
        "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/gpu-reservations/providers/"
        "Microsoft.Compute/capacityReservationGroups/h100-crg",
        "zone": "2",
    },
    "oci": {
        "kind": "capacityReservation",
        "id": "ocid1.capacityreservation.oc1.us-ashburn-1.aaaaaaaah100reservation00000000000000000000000000000000",
        "zone": "AD-2",
    },
    "alicloud": {"kind": "capacityReservation", "id": "crp-t4nh100reservation000", "zone": "ap-southeast-1b"},
}


SECOND_ZONE_REGION: dict[str, dict[str, Any]] = {
    "oci": {"region": "us-ashburn-1", "drRegion": "us-phoenix-1", "residency": None},
}
"""Where a cloud's example region has one zone (me-jeddah-1 has one availability domain), the
second-zone case runs in a region of the same cloud that has more."""


def _variant_edits(cloud: str, variant: str) -> dict[str, Any]:
    if variant == "committed":
        return {}
    train = train_pool(cloud, maxNodes=4, capacity="reserved")
    return {
        "gpuPools": [train],
        "reservations": {"train": RESERVED_ELSEWHERE[cloud]},
        **SECOND_ZONE_REGION.get(cloud, {}),
    }


@pytest.mark.parametrize("variant", ["committed", "reserved-in-second-zone"])
def test_pool_zones_are_read_from_the_plans_resources(cloud: str, variant: str) -> None:
    """Every GPU pool's `zones` equals the zones its own resource inputs place it in (EKS: the
    zones of the subnets the node group lists; GKE: nodeLocations; AKS: availabilityZones), or
    null exactly when those inputs leave placement to the cloud; `zoneReason` says which and why.
    Guards against zones written beside the plan, e.g. a summary claiming "one zone" for a pool
    whose resource names none (issue 9)."""
    plan = render_plan(cloud, _variant_edits(cloud, variant))
    pools = plan["outputs"]["gpuPools"]
    assert pools
    for name, out in pools.items():
        planned = PLAN_ZONES[cloud](plan, _node_pool(plan, cloud, name))
        assert _same_zones(out["zones"], planned), (name, out["zones"], planned)
        reason = out["zoneReason"]
        if out["zones"] is None:
            assert reason.startswith("unpinned: "), reason
        else:
            assert reason.startswith("one zone: " if len(out["zones"]) == 1 else "spread: "), reason
    if variant != "committed":
        second = RESERVED_ELSEWHERE[cloud]["zone"]
        assert pools["train"]["zones"] == [second]
        assert second in pools["train"]["zoneReason"]


def _pool_plans(cloud: str, edits: dict[str, Any]) -> dict[str, PoolPlan]:
    """The pool plans validation decides for `cloud`'s example stack with `edits`, by pool name."""
    spec = load_spec(edited_config(cloud, edits).values, BASELINE)
    return {plan.pool.name: plan for plan in spec.pool_plans}


def _catalog_row(cloud: str, machine_type: str) -> Offering:
    (row,) = [r for r in offerings() if r.cloud == cloud and r.machine_type == machine_type]
    return row


@pytest.mark.parametrize("variant", ["committed", "reserved-in-second-zone"])
def test_pool_contract_agrees_with_the_pool_plan(cloud: str, variant: str) -> None:
    """Every pool's structured outputs report what its plan decided, the same way on every cloud:
    `capacity.mode` is the pool's purchase mode, `capacity.reservation` is set exactly for a
    reserved pool (naming it) and `capacity.zone` is the plan's zone; `fabric` is the catalog
    machine's interconnect kind and count when the plan attaches the fabric (placed compactly
    exactly when the plan says so), else no fabric at all; the driver says who installs it and
    what; every in-cluster step and note is a sentence."""
    edits = _variant_edits(cloud, variant)
    plan = render_plan(cloud, edits)
    plans = _pool_plans(cloud, edits)
    pools = plan["outputs"]["gpuPools"]
    assert set(pools) == set(plans)
    for name, out in pools.items():
        decided = plans[name]
        capacity = out["capacity"]
        assert capacity["mode"] == decided.capacity == out["nodeLabels"]["corridor.dev/capacity"], name
        if decided.reservation is None:
            assert capacity["reservation"] is None, (name, capacity)
        else:
            assert _is_sentence(capacity["reservation"]), (name, capacity)
            if decided.reservation.id:
                assert decided.reservation.id.rsplit("/", 1)[-1] in capacity["reservation"], (name, capacity)
        assert capacity["zone"] == decided.zone, (name, capacity)
        if capacity["zone"] is not None:
            assert out["zones"] == [capacity["zone"]], (name, out["zones"])
        assert isinstance(capacity["wiring"], str), (name, capacity)
        if decided.capacity != "onDemand":
            assert _is_sentence(capacity["wiring"]), (name, capacity)

        fabric = out["fabric"]
        assert fabric["kind"] in get_args(FabricKind), (name, fabric)
        row = _catalog_row(cloud, out["machineType"])
        if decided.fabric:
            assert fabric["kind"] == row.interconnect != "none", (name, fabric)
            assert fabric["interfaces"] == (row.interconnect_count or 0), (name, fabric)
            assert (fabric["placement"] is not None) == decided.compact_placement, (name, fabric)
            assert fabric["placement"] is None or _is_sentence(fabric["placement"]), (name, fabric)
        else:
            assert fabric == NO_FABRIC, (name, fabric)

        driver = out["driver"]
        assert driver["installedBy"] in get_args(DriverInstaller), (name, driver)
        assert _is_sentence(driver["source"]), (name, driver)
        for step in out["inCluster"]:
            assert _is_sentence(step["component"]), (name, step)
            assert _is_sentence(step["why"]), (name, step)
        assert all(_is_sentence(note) for note in out["notes"]), (name, out["notes"])
    if variant != "committed":
        assert pools["train"]["capacity"]["mode"] == "reserved"
        assert pools["train"]["capacity"]["zone"] == RESERVED_ELSEWHERE[cloud]["zone"]


def test_a_pool_without_its_fabric_says_none(cloud: str) -> None:
    """A pool whose machine has no fabric (the committed `infer` pools) reports no fabric; a
    1-GPU pool never spans nodes usefully, so the plan attaches none either."""
    plan = render_plan(cloud)
    plans = _pool_plans(cloud, {})
    assert not plans["infer"].fabric
    assert plan["outputs"]["gpuPools"]["infer"]["fabric"] == NO_FABRIC


def test_gpu_pools_sit_in_one_zone_where_the_region_has_zones(cloud: str) -> None:
    """Each committed example region has zones, so every GPU pool is pinned to exactly one zone
    (fabrics and reservations do not span zones) and the plan's resources say so."""
    plan = render_plan(cloud)
    for name in plan["outputs"]["gpuPools"]:
        planned = PLAN_ZONES[cloud](plan, _node_pool(plan, cloud, name))
        assert planned is not None
        assert len(planned) == 1, (name, planned)


def test_system_zones_are_read_from_the_plans_resources(cloud: str) -> None:
    """The cluster's `systemZones` equals the zones the system pool's own inputs spread it over,
    and every committed example region spreads system nodes over at least two zones, so one
    zone's outage cannot take every system node (issue 9: AKS on uaenorth had none)."""
    plan = render_plan(cloud)
    cluster = plan["outputs"]["cluster"]
    planned = PLAN_ZONES[cloud](plan, _system_pool(plan, cloud))
    assert _same_zones(cluster["systemZones"], planned), (cluster["systemZones"], planned)
    assert planned is not None
    # At least two zones, unless the catalog records one for the region (an OCI single-AD region,
    # whose system nodes spread over its fault domains instead).
    known = regions.known_zones(cloud, plan["region"])
    assert len(set(planned)) >= (1 if len(known) == 1 else 2)
    assert cluster["systemZoneReason"].startswith("spread: ")


def test_catalog_unknowns_are_reported_for_every_pool(cloud: str) -> None:
    """Every pool reports `catalogUnknowns`: exactly what the catalog leaves unknown about its
    machine for its purchase mode (`unknown_facts`), so nobody reads "not listed" as "sold"."""
    plan = render_plan(cloud)
    for name, out in plan["outputs"]["gpuPools"].items():
        (row,) = [r for r in offerings() if r.cloud == cloud and r.machine_type == out["machineType"]]
        capacity = out["nodeLabels"]["corridor.dev/capacity"]
        assert out["catalogUnknowns"] == unknown_facts(row, capacity), name
