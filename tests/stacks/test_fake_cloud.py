"""A new cloud is one folder: a cloud that lives only in tests/fakecloud validates and renders.

The fake cloud is registered at run time (`registry.register`); no neutral module names it. It
declares keys and a cluster but neither storage nor GPU pools, so these tests also guard that
`RegionStack` builds exactly what a profile declares, that validation reports what a cloud
cannot do with the profile's own reason, and that the shared in-cluster layer gives an
in-cluster capability a Kubernetes provider made from the cluster's kubeconfig.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pulumi
import pytest

from components.clouds import registry
from components.clouds.base import Cluster, RegionContext
from components.definition import SpecError, load_spec
from corridor import stack_config
from corridor.render import render_config
from tests.conftest import BASELINE, PROJECT_DIR

FAKE = registry.CloudEntry("fakecloud", "tests.fakecloud", "tests.fakecloud.mock")
STACK = "fakecloud-central"
STACK_DIR = PROJECT_DIR / "tests" / "fakecloud"


@pytest.fixture
def fake_cloud() -> Iterator[stack_config.StackConfig]:
    """The fake cloud registered for one test, and its stack's config."""
    registry.register(FAKE)
    try:
        yield stack_config.load(PROJECT_DIR, STACK, STACK_DIR)
    finally:
        registry.unregister(FAKE.cloud)


def test_no_neutral_file_names_the_fake_cloud() -> None:
    """The proof is void if a neutral file was taught the fake cloud: only tests/ names it."""
    found = subprocess.run(
        ["git", "grep", "--untracked", "-l", "fakecloud", "--", ".", ":!tests/"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    assert found.stdout == "", f"files outside tests/ name the fake cloud: {found.stdout}"


def test_fake_stack_validates_with_its_placement(fake_cloud: stack_config.StackConfig) -> None:
    """The profile's placement key is required and typed; its pools plan to nothing."""
    spec = load_spec(fake_cloud.values, BASELINE)
    from tests.fakecloud.profile import FakePlacement

    assert spec.placement_as(FakePlacement).fake_account == "acct-1234"
    assert spec.pool_plans == ()


def test_fake_cloud_reports_what_it_cannot_build(fake_cloud: stack_config.StackConfig) -> None:
    """Asking a cloud for a capability it does not declare fails with the profile's reason, and a
    placement key of another cloud is refused."""
    values = {key: value for key, value in fake_cloud.values.items() if key != "corridor:dropFromBaseline"}
    for key in ("corridor:storage", "corridor:gpuPools"):  # the fleet's buckets and pools, as Pulumi.yaml has them
        values[key] = json.dumps(BASELINE[key])
    values["corridor:gcpProject"] = "my-project-123"
    with pytest.raises(SpecError) as raised:
        load_spec(values, BASELINE)
    problems = {problem.path: problem.reason for problem in raised.value.problems}
    assert problems["corridor:storage.buckets"].startswith(
        "fakecloud builds no storage: the fake cloud has no object storage"
    )
    assert problems["corridor:gpuPools"].startswith("fakecloud builds no gpuPools: the fake cloud sells no GPUs")
    assert problems["corridor:gcpProject"] == "only applies to gcp stacks; this stack is fakecloud"


def test_fake_stack_renders_what_its_profile_declares(fake_cloud: stack_config.StackConfig) -> None:
    """RegionStack builds keys and a cluster on the fake cloud's provider, then the shared
    observability agents in that cluster (its profile says its nodes need no GPU runtime), and
    nothing else."""
    plan = render_config(PROJECT_DIR, fake_cloud).plan
    in_cluster = ("kubernetes:", "pulumi:providers:kubernetes", "corridor:index:ObservabilityAgents")
    types = sorted(resource["type"] for resource in plan["resources"] if not resource["type"].startswith(in_cluster))
    releases = {r["inputs"]["name"] for r in plan["resources"] if r["type"] == "kubernetes:helm.sh/v3:Release"}
    assert releases == {"dcgm-exporter", "collector"}
    assert plan["outputs"]["observability"]["resourceAttributes"]["cloud.provider"] == "fakecloud"
    assert types == [
        "corridor:index:GpuCluster",
        "corridor:index:KeyManagement",
        "corridor:index:RegionStack",
        "fake:index:Cluster",
        "fake:index:Key",
        "fake:index:Key",
        "pulumi:providers:fake",
    ]
    keys = [resource for resource in plan["resources"] if resource["type"] == "fake:index:Key"]
    assert all(resource["protect"] and resource["retainOnDelete"] for resource in keys)
    assert plan["outputs"]["keys"]["keyId"] == "fake:kms:fk-central-1:acct-1234:key/keys-primary"
    assert {"keys", "cluster"} <= set(plan["outputs"])
    assert not {"storage", "gpuPools"} & set(plan["outputs"])
    cluster = next(r for r in plan["resources"] if r["type"] == "fake:index:Cluster")
    assert cluster["inputs"]["labels"]["corridor.dev/pool"] == "system"


class Probe(pulumi.ComponentResource):
    def outputs(self) -> dict[str, object]:
        return {"probe": True}


@dataclass(frozen=True)
class Namespace:
    """A test in-cluster capability: one Kubernetes namespace."""

    name: str = "probe"

    def wanted(self, context: RegionContext) -> bool:
        return True

    def build(self, name: str, context: RegionContext, cluster: Cluster, opts: pulumi.ResourceOptions) -> Probe:
        import pulumi_kubernetes as kubernetes

        component = Probe("corridor:test:Probe", name, None, opts)
        kubernetes.core.v1.Namespace(
            f"{name}-namespace",
            metadata={"name": "corridor-probe"},
            opts=pulumi.ResourceOptions(parent=component),
        )
        return component


def test_in_cluster_capability_gets_the_clusters_provider(
    fake_cloud: stack_config.StackConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An in-cluster capability's resources use the one Kubernetes provider made from the
    cluster's kubeconfig, on a cloud the layer has never heard of."""
    monkeypatch.setattr("components.region_stack.IN_CLUSTER", (Namespace(),))
    plan = render_config(PROJECT_DIR, fake_cloud).plan
    by_type = {resource["type"]: resource for resource in plan["resources"]}
    provider = by_type["pulumi:providers:kubernetes"]
    assert provider["inputs"]["kubeconfig"] == "[secret]"
    namespace = by_type["kubernetes:core/v1:Namespace"]
    assert namespace["provider"] == provider["urn"]
    assert namespace["parent"].endswith("::corridor:index:RegionStack$corridor:test:Probe::probe")
    assert plan["outputs"]["probe"] == {"probe": True}
    assert namespace["urn"].endswith("::corridor:test:Probe$kubernetes:core/v1:Namespace::probe-namespace")
