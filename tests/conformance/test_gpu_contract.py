"""The GPU cluster and node-pool contract, asserted identically on every registered cloud.

Every cloud must turn the same `corridor:gpuPools` entry into nodes on the catalog's machine,
tainted `nvidia.com/gpu=present:NoSchedule`, labelled with the accelerator and the tag schema,
autoscaling between minNodes and maxNodes, with the cloud's GPU driver route set; and a cluster
whose Kubernetes Secrets are encrypted with the stack's own key and whose kubeconfig is secret.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from components.catalog.accelerators import offering
from tests.conftest import CLOUDS, render_plan

Resource = dict[str, Any]
GPU_TAINT = "nvidia.com/gpu=present:NoSchedule"
EFFECTS = {"NO_SCHEDULE": "NoSchedule", "NO_EXECUTE": "NoExecute", "PREFER_NO_SCHEDULE": "PreferNoSchedule"}


def _taint(t: dict[str, str]) -> str:
    """An EKS/GKE API taint as `key=value:Effect`; a Kubernetes-spelled effect is a KeyError,
    because those APIs only accept NO_SCHEDULE-style enum values."""
    return f"{t['key']}={t['value']}:{EFFECTS[t['effect']]}"


# Where each cloud states a node pool's settings in its provider inputs: data, so the
# assertions below are the same for every cloud.
POOL_TYPE = {
    "aws": "aws:eks/nodeGroup:NodeGroup",
    "gcp": "gcp:container/nodePool:NodePool",
    "azure": "azure-native:containerservice:AgentPool",
}
READ_POOL: dict[str, Callable[[Resource], dict[str, Any]]] = {
    "aws": lambda r: {
        "taints": [_taint(t) for t in r["inputs"].get("taints", [])],
        "labels": r["inputs"].get("labels", {}),
        "min": r["inputs"]["scalingConfig"]["minSize"],
        "max": r["inputs"]["scalingConfig"]["maxSize"],
        "driver": r["inputs"].get("amiType"),
    },
    "gcp": lambda r: {
        "taints": [_taint(t) for t in r["inputs"]["nodeConfig"].get("taints", [])],
        "labels": r["inputs"]["nodeConfig"].get("labels", {}),
        "min": r["inputs"]["autoscaling"]["totalMinNodeCount"],
        "max": r["inputs"]["autoscaling"]["totalMaxNodeCount"],
        "driver": r["inputs"]["nodeConfig"]["guestAccelerators"][0]["gpuDriverInstallationConfig"]["gpuDriverVersion"],
    },
    "azure": lambda r: {
        "taints": r["inputs"].get("nodeTaints", []),
        "labels": r["inputs"].get("nodeLabels", {}),
        "min": r["inputs"]["minCount"],
        "max": r["inputs"]["maxCount"],
        "driver": r["inputs"].get("gpuProfile", {}).get("driver"),
    },
}
SECRETS_KEY: dict[str, Callable[[Resource], str]] = {
    "aws": lambda c: c["inputs"]["encryptionConfig"]["provider"]["keyArn"],
    "gcp": lambda c: c["inputs"]["databaseEncryption"]["keyName"],
    "azure": lambda c: c["inputs"]["securityProfile"]["azureKeyVaultKms"]["keyId"],
}
CLUSTER_TYPE = {
    "aws": "aws:eks/cluster:Cluster",
    "gcp": "gcp:container/cluster:Cluster",
    "azure": "azure-native:containerservice:ManagedCluster",
}


def gpu_pool(plan: dict[str, Any], cloud: str, pool: str) -> dict[str, Any]:
    """The settings of the node-pool resource under component `gpu-<pool>`."""
    component = next(r for r in plan["resources"] if r["name"] == f"gpu-{pool}" and not r["custom"])
    matches = [r for r in plan["resources"] if r["type"] == POOL_TYPE[cloud] and r["parent"] == component["urn"]]
    assert len(matches) == 1, f"{cloud}: expected one node pool under gpu-{pool}"
    return READ_POOL[cloud](matches[0])


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
    pools = [
        {"name": "train", "accelerator": "H100", "gpusPerNode": 8, "minNodes": 1, "maxNodes": 3},
    ]
    settings = gpu_pool(render_plan(cloud, {"gpuPools": pools}), cloud, "train")
    assert (settings["min"], settings["max"]) == (1, 3)
    assert (gpu_pool(render_plan(cloud), cloud, "infer")["min"]) == 0


def test_max_gpus_is_max_nodes_times_gpus_per_node(cloud: str) -> None:
    """The outputs promise exactly maxNodes x gpusPerNode GPUs, on the catalog's machine."""
    plan = render_plan(cloud)
    train = plan["outputs"]["gpuPools"]["train"]
    assert train["maxGpus"] == train["maxNodes"] * train["gpusPerNode"] == 4 * 8
    assert train["machineType"] == offering("H100", cloud, 8).machine_type


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


def test_kubeconfig_is_secret(cloud: str) -> None:
    """The kubeconfig never appears in plain text in outputs or plans."""
    plan = render_plan(cloud)
    assert plan["outputs"]["cluster"]["kubeconfig"] == "[secret]"
    assert plan["outputs"]["cluster"]["versionPolicy"]


def test_pool_outputs_have_the_same_shape_everywhere(cloud: str) -> None:
    """Dashboards and DR tooling read the same pool fields on every cloud."""
    train = render_plan(cloud)["outputs"]["gpuPools"]["train"]
    assert set(train) == {
        "machineType", "nodeLabels", "taints", "minNodes", "maxNodes", "gpusPerNode", "maxGpus",
        "capacity", "interconnect", "driver", "inCluster",
    }  # fmt: skip
    assert train["interconnect"] != "none", "an 8-GPU H100 pool spanning nodes gets its fabric"


@pytest.mark.parametrize("cloud_id", CLOUDS)
def test_interconnect_none_means_plain_networking(cloud_id: str) -> None:
    """`interconnect: none` attaches no fabric even on a machine that has one."""
    pools = [{"name": "train", "accelerator": "H100", "gpusPerNode": 8, "maxNodes": 2, "interconnect": "none"}]
    assert render_plan(cloud_id, {"gpuPools": pools})["outputs"]["gpuPools"]["train"]["interconnect"] == "none"


API_ACCESS: dict[str, Callable[[Resource], list[str]]] = {
    "aws": lambda c: c["inputs"]["vpcConfig"]["publicAccessCidrs"],
    "gcp": lambda c: [b["cidrBlock"] for b in c["inputs"]["masterAuthorizedNetworksConfig"]["cidrBlocks"]],
    "azure": lambda c: c["inputs"]["apiServerAccessProfile"]["authorizedIPRanges"],
}


def test_api_endpoint_is_limited_to_api_access_cidrs(cloud: str) -> None:
    """`network.apiAccessCidrs` restricts who can reach the Kubernetes API (reliability C2)."""
    plan = render_plan(cloud, {"network": {"apiAccessCidrs": ["203.0.113.0/24"]}})
    cluster = next(r for r in plan["resources"] if r["type"] == CLUSTER_TYPE[cloud])
    assert "203.0.113.0/24" in API_ACCESS[cloud](cluster)
    assert "0.0.0.0/0" not in API_ACCESS[cloud](cluster)


AUTOSCALER_OWNED = {
    "aws": ["scalingConfig.desiredSize"],
    "gcp": ["initialNodeCount"],
    "azure": ["count"],
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
