"""corridor.summary: readable, width-bounded plan summaries with a legend, and plan diffs for --check.

Runs over the committed plans (plans/*.json, read as JSON: no render) and small synthetic plans
in the structured plan contract (a pool's `capacity`, `fabric`, `driver`, `inCluster`, `notes`;
the cluster's `versionPolicy`), including the fields older plans lack (zones, catalog unknowns,
stack overrides) and the sentences plans from before the structured contract carry.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from corridor import summary
from tests.conftest import PROJECT_DIR

COMMITTED = sorted((PROJECT_DIR / "plans").glob("*.json"))
LEGEND_TERMS = [
    "cloud resources",
    "registrations",
    "protected",
    "retained on delete",
    "data in",
    "construction",
    "RPO",
    "GPU pool",
    "capacity",
    "fabric",
    "zones",
    "driver",
]


def committed(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def resource(name: str, type_: str, *, custom: bool = True, parent: str | None = None, **flags: bool) -> dict[str, Any]:
    return {
        "urn": f"urn:pulumi:s::corridor::{type_}::{name}",
        "type": type_,
        "name": name,
        "custom": custom,
        "parent": parent,
        "protect": flags.get("protect", False),
        "retainOnDelete": flags.get("retain", False),
        "inputs": {},
    }


def synthetic_plan(**extra_pool: Any) -> dict[str, Any]:
    """A small AWS plan: one key (protected + retained), one provider, one component, one pool."""
    component = resource("keys", "corridor:index:KeyManagement", custom=False)
    pool = {
        "machineType": "p5.48xlarge",
        "nodeLabels": {"corridor.dev/accelerator": "H100"},
        "minNodes": 0,
        "maxNodes": 4,
        "gpusPerNode": 8,
        "maxGpus": 32,
        "capacity": {"mode": "onDemand", "reservation": None, "zone": "ap-southeast-1a", "wiring": None},
        "fabric": {"kind": "efa", "interfaces": 32, "placement": "cluster placement group"},
        "driver": {"installedBy": "node-image", "source": "EKS AMI AL2023_x86_64_NVIDIA"},
        "inCluster": [],
        "notes": [],
        **extra_pool,
    }
    return {
        "stack": "aws-test",
        "project": "corridor",
        "cloud": "aws",
        "region": "ap-southeast-1",
        "drRegion": "ap-southeast-3",
        "resources": [
            component,
            resource("default", "pulumi:providers:aws"),
            resource("keys-primary", "aws:kms/key:Key", parent=component["urn"], protect=True, retain=True),
            resource("keys-alias", "aws:kms/alias:Alias", parent=component["urn"]),
        ],
        "outputs": {
            "gpuPools": {"train": pool},
            "storage": {
                "buckets": {
                    "weights": {
                        "primaryRegion": "ap-southeast-1",
                        "replicaRegion": "ap-southeast-3",
                        "replication": "s3-crr-rtc",
                        "rpo": "15m",
                    }
                }
            },
            "cluster": {"name": "c"},
        },
    }


@pytest.mark.parametrize("width", [80, 100, 60])
@pytest.mark.parametrize("path", COMMITTED, ids=[path.stem for path in COMMITTED])
def test_committed_plan_summary_fits_the_width_and_loses_nothing(path: Path, width: int) -> None:
    """No line of a committed plan's summary is wider than the terminal, nothing is cut off with an
    ellipsis, and every pool, bucket and capability is named."""
    plan = committed(path)
    text = summary.report([plan], width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "\u2026" not in text
    assert text.isascii()
    for name in [*plan["outputs"].get("gpuPools", {}), *plan["outputs"].get("storage", {}).get("buckets", {})]:
        assert f"  {name}  " in text
    for capability, *_ in summary.rows(plan):
        assert f"  {capability}\n" in text


@pytest.mark.parametrize("path", COMMITTED, ids=[path.stem for path in COMMITTED])
def test_summary_explains_totals_rpo_and_every_term(path: Path) -> None:
    """`N cloud resources` vs `M registrations in all` are told apart (the old unexplained `115 in all`),
    RPOs read as words, and the legend defines every term and each construction the plan uses."""
    plan = committed(path)
    totals = summary.totals(plan)
    raw = summary.report([plan], 100)
    text = " ".join(raw.split())  # undo wrapping
    assert (
        f"{totals.registrations} registrations in all = {totals.cloud} cloud resources + {totals.providers} provider"
        in text
    )
    assert "RPO none-documented" not in text
    assert "RPO 15m" not in text
    legend = raw.split("\nlegend\n", 1)[1].splitlines()
    for term in LEGEND_TERMS:
        assert any(line.startswith(f"  {term}  ") for line in legend), term
    flowing = " ".join(" ".join(legend).split())
    for _, _, construction, _ in summary.bucket_rows(plan):
        assert f" {construction} {summary.CONSTRUCTIONS[construction]}" in flowing


def test_legend_is_printed_once_for_several_stacks() -> None:
    """Several summaries share one legend at the end rather than repeating it per stack."""
    plans = [committed(path) for path in COMMITTED]
    text = summary.report(plans, 100)
    assert text.count("\nlegend\n") == 1
    assert text.rindex("legend") > max(text.index(f"{plan['stack']}: ") for plan in plans)


def test_totals_count_cloud_resources_providers_components_and_protection() -> None:
    """Providers and components are registrations, not cloud resources; protect and retainOnDelete
    are counted among cloud resources."""
    text = " ".join(summary.stack_summary(synthetic_plan(), 100).split())
    assert (
        "2 cloud resources, 1 protected, 1 of them also retained on delete. "
        "4 registrations in all = 2 cloud resources + 1 provider + 1 component." in text
    )
    assert summary.rows(synthetic_plan()) == [
        ("KeyManagement", "aws:kms/alias:Alias", 1, 0),
        ("KeyManagement", "aws:kms/key:Key", 1, 1),
    ]


@pytest.mark.parametrize(
    ("rpo", "words"),
    [("15m", "15-minute RPO (SLA)"), ("none-documented", "no documented RPO"), ("none", "not replicated")],
)
def test_rpo_is_printed_as_words(rpo: str, words: str) -> None:
    """`RPO none-documented` and `RPO 15m` read as sentences a reviewer understands."""
    plan = synthetic_plan()
    plan["outputs"]["storage"]["buckets"]["weights"]["rpo"] = rpo
    assert words in summary.stack_summary(plan, 100)
    assert summary.bucket_rows(plan) == [
        ("weights", "ap-southeast-1 (Singapore, SG) + ap-southeast-3 (Jakarta, ID)", "s3-crr-rtc", words)
    ]


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        (
            {"zones": ["ap-southeast-1a"], "zoneReason": "one zone: the fabric does not span zones"},
            "zones: ap-southeast-1a - one zone: the fabric does not span zones",
        ),
        ({"zones": ["1", "2"]}, "zones: 1, 2"),
        ({"zones": None, "zoneReason": "spot: any zone"}, "zones: left to the cloud - spot: any zone"),
        ({}, "zones not reported"),
    ],
    ids=["one-zone-with-reason", "two-zones", "left-to-cloud", "older-plan"],
)
def test_pool_zones_are_printed_from_the_plan(fields: dict[str, Any], line: str) -> None:
    """A pool's zones and their reason come from its `zones`/`zoneReason` outputs; older plans say so."""
    lines = summary.stack_summary(synthetic_plan(**fields), 100).splitlines()
    assert any(printed.strip() == line for printed in lines), lines


def test_catalog_unknowns_are_printed_under_their_pool() -> None:
    """Each `catalogUnknowns` entry is an `unknown: ...` line in its pool's block; none when absent."""
    plan = synthetic_plan(catalogUnknowns=["whether aws sells p5.48xlarge as spot", "the EFA count"])
    plan["outputs"]["gpuPools"]["infer"] = copy.deepcopy(synthetic_plan()["outputs"]["gpuPools"]["train"])
    lines = [line.strip() for line in summary.stack_summary(plan, 100).splitlines()]
    train = lines.index(next(line for line in lines if line.startswith("train ")))
    assert lines[train + 4 : train + 6] == ["unknown: whether aws sells p5.48xlarge as spot", "unknown: the EFA count"]
    assert sum(line.startswith("unknown:") for line in lines) == 2
    assert "unknown:" not in summary.stack_summary(synthetic_plan(), 100)


@pytest.mark.parametrize(
    ("capacity", "line"),
    [
        (
            {"mode": "spot", "reservation": None, "zone": "ap-southeast-1a", "wiring": "node_config.spot"},
            "capacity: spot in ap-southeast-1a (node_config.spot)",
        ),
        (
            {
                "mode": "reserved",
                "reservation": "capacityBlock cr-0123456789abcdef0",
                "zone": "ap-southeast-1b",
                "wiring": "launch template capacity-block",
            },
            "capacity: reserved capacityBlock cr-0123456789abcdef0 in ap-southeast-1b (launch template capacity-block)",
        ),
        (
            {"mode": "onDemand", "reservation": None, "zone": "1", "wiring": "scale set priority Regular"},
            "capacity: on-demand in zone 1 (scale set priority Regular)",
        ),
        ({"mode": "onDemand", "reservation": None, "zone": None, "wiring": None}, "capacity: on-demand"),
        ("on-demand in ap-southeast-1a", "capacity: on-demand in ap-southeast-1a"),
        (None, "capacity: not reported"),
    ],
    ids=["spot-zone-wiring", "reserved", "numbered-zone", "mode-only", "older-plan-sentence", "absent"],
)
def test_pool_capacity_is_printed_from_its_fields(capacity: Any, line: str) -> None:
    """`capacity` reads mode, reservation, zone and (bracketed) wiring from its fields; a bare zone
    number says it is a zone; a plan from before the structured contract has its sentence shown."""
    plan = synthetic_plan(capacity=capacity)
    if capacity is None:
        del plan["outputs"]["gpuPools"]["train"]["capacity"]
    lines = [printed.strip() for printed in summary.stack_summary(plan, 120).splitlines()]
    assert line in lines, lines


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        ({}, "fabric: efa x32, cluster placement group"),
        ({"fabric": {"kind": "none", "interfaces": 0, "placement": None}}, "fabric: none"),
        (
            {"fabric": {"kind": "gpudirect-tcpxo", "interfaces": 8, "placement": None}},
            "fabric: gpudirect-tcpxo x8",
        ),
        (
            {"fabric": {"kind": "efa", "interfaces": 0, "placement": None}},
            "fabric: efa (interface count unknown)",
        ),
        ({"fabric": None, "interconnect": "infiniband x8 (one scale set)"}, "fabric: infiniband x8 (one scale set)"),
        ({"fabric": None}, "fabric: not reported"),
    ],
    ids=["with-placement", "none", "without-placement", "count-unknown", "older-plan-interconnect", "absent"],
)
def test_pool_fabric_is_printed_from_its_fields(fields: dict[str, Any], line: str) -> None:
    """`fabric` reads `kind xN` and its compact placement, `none` for plain networking; a plan
    from before the structured contract has its `interconnect` sentence shown as the fabric."""
    plan = synthetic_plan(**fields)
    pool = plan["outputs"]["gpuPools"]["train"]
    for key in [key for key, value in fields.items() if value is None]:
        del pool[key]
    lines = [printed.strip() for printed in summary.stack_summary(plan, 100).splitlines()]
    assert line in lines, lines
    assert sum(printed.startswith("fabric: ") for printed in lines) == 1
    assert not any(printed.startswith("interconnect") for printed in lines)


@pytest.mark.parametrize(
    ("driver", "line"),
    [
        (
            {"installedBy": "node-image", "source": "EKS AMI AL2023_x86_64_NVIDIA"},
            "driver: in the node image: EKS AMI AL2023_x86_64_NVIDIA",
        ),
        (
            {"installedBy": "cloud", "source": "gpuProfile.driver=Install"},
            "driver: installed by the cloud: gpuProfile.driver=Install",
        ),
        ({"installedBy": "in-cluster", "source": ""}, "driver: installed in the cluster"),
        ("EKS AMI AL2023_x86_64_NVIDIA", "driver: EKS AMI AL2023_x86_64_NVIDIA"),
        (None, "driver: not reported"),
    ],
    ids=["node-image", "cloud", "in-cluster-without-source", "older-plan-sentence", "absent"],
)
def test_pool_driver_is_printed_from_its_fields(driver: Any, line: str) -> None:
    """`driver` says who installs the NVIDIA driver (`installedBy`, in words), then what (`source`)."""
    plan = synthetic_plan(driver=driver)
    if driver is None:
        del plan["outputs"]["gpuPools"]["train"]["driver"]
    lines = [printed.strip() for printed in summary.stack_summary(plan, 100).splitlines()]
    assert line in lines, lines


def test_in_cluster_steps_and_notes_are_printed_under_their_pool() -> None:
    """Each `inCluster` step is an `in cluster: <component> - <why>` line and each note a `note:`
    line, in order, after the pool's driver; a pool without any has no such line, and the legend
    explains the terms only when a plan uses them."""
    steps = [
        {"component": "NVIDIA device plugin", "why": "the AMI ships none"},
        {"component": "Cluster Autoscaler", "why": "EKS scales no node group itself"},
    ]
    plan = synthetic_plan(inCluster=steps, notes=["register the feature flag first"])
    plan["outputs"]["gpuPools"]["infer"] = copy.deepcopy(synthetic_plan()["outputs"]["gpuPools"]["train"])
    raw = summary.report([plan], 100)
    lines = [line.strip() for line in raw.split("\nlegend\n")[0].splitlines()]
    train = lines.index(next(line for line in lines if line.startswith("train ")))
    assert lines[train + 4 : train + 8] == [
        "driver: in the node image: EKS AMI AL2023_x86_64_NVIDIA",
        "in cluster: NVIDIA device plugin - the AMI ships none",
        "in cluster: Cluster Autoscaler - EKS scales no node group itself",
        "note: register the feature flag first",
    ]
    assert sum(line.startswith("in cluster:") for line in lines) == 2
    assert sum(line.startswith("note:") for line in lines) == 1
    legend = raw.split("\nlegend\n", 1)[1]
    assert "\n  in cluster  " in legend
    assert "\n  note  " in legend
    bare = [line.strip() for line in summary.report([synthetic_plan()], 100).splitlines()]
    assert not [line for line in bare if line.startswith(("in cluster", "note"))]


def test_older_in_cluster_sentences_are_printed_as_they_are() -> None:
    """A plan from before the structured contract lists its in-cluster steps as sentences."""
    plan = synthetic_plan(inCluster=["NVIDIA device plugin DaemonSet tolerating nvidia.com/gpu"])
    lines = [line.strip() for line in summary.stack_summary(plan, 100).splitlines()]
    assert "in cluster: NVIDIA device plugin DaemonSet tolerating nvidia.com/gpu" in lines


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (
            {"channel": "REGULAR", "version": None, "nodeUpgrades": "with the control plane", "notes": []},
            ["version policy: REGULAR channel; version chosen by the cloud; node upgrades: with the control plane"],
        ),
        (
            {
                "channel": "none",
                "version": "1.31",
                "nodeUpgrades": "explicit",
                "notes": ["standard support only: never paid extended support"],
            },
            [
                "version policy: no release channel; version 1.31 pinned; node upgrades: explicit",
                "note: standard support only: never paid extended support",
            ],
        ),
        (
            "GKE REGULAR release channel; control plane and nodes auto-upgrade within the channel",
            ["version policy: GKE REGULAR release channel; control plane and nodes auto-upgrade within the channel"],
        ),
        (None, []),
    ],
    ids=["channel", "no-channel-pinned-with-note", "older-plan-sentence", "older-plan-absent"],
)
def test_cluster_version_policy_is_printed_from_its_fields(policy: Any, expected: list[str]) -> None:
    """The cluster's `versionPolicy` reads channel, pinned version and node upgrades from its
    fields, then its notes; absent = no line, and the legend explains it only when shown."""
    plan = synthetic_plan()
    if policy is not None:
        plan["outputs"]["cluster"]["versionPolicy"] = policy
    raw = summary.report([plan], 120)
    body, legend = raw.split("\nlegend\n", 1)
    lines = [line.strip() for line in body.splitlines()]
    assert [line for line in lines if line.startswith(("version policy", "note:"))] == expected
    assert ("cluster" in lines) == bool(expected)
    assert ("\n  version policy  " in "\n" + legend) == bool(expected)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"gpuPools": "replaced", "storage": "merged"},
            ["gpuPools: replaced by stack file", "storage: merged from corridor:overrides"],
        ),
        (
            {"keys": "replaced and merged"},
            ["keys: replaced by stack file, then merged from corridor:overrides"],
        ),
        ({}, ["none: every structured value is the fleet baseline from Pulumi.yaml"]),
        (None, []),
    ],
    ids=["replaced-or-merged", "both", "none", "older-plan"],
)
def test_stack_overrides_are_printed(overrides: dict[str, str] | None, expected: list[str]) -> None:
    """`stackOverrides` says which structured values the stack file replaced or merged; absent = nothing."""
    plan = synthetic_plan()
    if overrides is not None:
        plan["stackOverrides"] = overrides
    lines = [line.strip() for line in summary.stack_summary(plan, 100).splitlines()]
    assert ("stack overrides of Pulumi.yaml" in lines) == bool(expected)
    for line in expected:
        assert line in lines


@pytest.mark.parametrize(
    ("cluster", "line"),
    [
        ({"systemZones": ["1", "2", "3"]}, "system pool zones: 1, 2, 3"),
        ({"systemZones": None}, "system pool zones: left to the cloud"),
        ({}, None),
    ],
    ids=["spread", "left-to-cloud", "older-plan"],
)
def test_cluster_system_zones_are_printed_when_reported(cluster: dict[str, Any], line: str | None) -> None:
    """The system pool's zones come from `outputs.cluster.systemZones`; absent = no line."""
    plan = synthetic_plan()
    plan["outputs"]["cluster"].update(cluster)
    text = summary.stack_summary(plan, 100)
    if line is None:
        assert "system pool zones" not in text
    else:
        assert f"  {line}\n" in text + "\n"


@pytest.mark.parametrize(
    ("cluster", "expected"),
    [
        (
            {
                "apiAccess": {"private": False, "allowedCidrs": ["192.0.2.0/24", "198.51.100.0/24"]},
                "flowLogs": {"destination": "arn:aws:logs:r:1:log-group:flows", "note": "every VPC flow"},
                "nodeDisks": {"keyId": "arn:aws:kms:r:1:key/k", "note": "encrypted EBS"},
            },
            [
                "api: public endpoint, from 192.0.2.0/24, 198.51.100.0/24",
                "flow logs: arn:aws:logs:r:1:log-group:flows",
                "note: every VPC flow",
                "system node disks: the stack key - encrypted EBS",
            ],
        ),
        (
            {
                "apiAccess": {"private": True, "allowedCidrs": []},
                "flowLogs": {"destination": None, "note": "the network is yours"},
                "nodeDisks": {"keyId": None, "note": "platform key: no in-place change"},
            },
            [
                "api: private endpoint only",
                "flow logs: none",
                "note: the network is yours",
                "system node disks: not the stack key - platform key: no in-place change",
            ],
        ),
        (
            {
                "apiAccess": {"private": False, "allowedCidrs": [], "controlledBy": "provider"},
                "flowLogs": {"destination": None, "note": "the provider owns the network"},
                "nodeDisks": {"keyId": None, "note": "the provider's"},
            },
            [
                "api: controlled by the provider; corridor neither sets nor sees who can reach it",
                "flow logs: none",
                "system node disks: not the stack key - the provider's",
            ],
        ),
    ],
    ids=["public-logged-stack-key", "private-unlogged-platform-key", "provider-cluster"],
)
def test_cluster_security_is_printed_from_its_fields(cluster: dict[str, Any], expected: list[str]) -> None:
    """API reach, flow-log destination and node-disk key come from the cluster's outputs."""
    plan = synthetic_plan()
    plan["outputs"]["cluster"].update(cluster)
    text = summary.stack_summary(plan, 120)
    for line in expected:
        assert f"  {line}\n" in text + "\n", line


def test_in_cluster_agents_are_printed_from_the_observability_output() -> None:
    """Agents with their chart versions, the GPU runtime with its reason, and the attributes."""
    plan = synthetic_plan()
    plan["outputs"]["observability"] = {
        "namespace": "corridor-observability",
        "agents": {"collector": {"chart": "opentelemetry-collector", "repo": "r", "version": "0.170.0"}},
        "gpuRuntime": {"installs": "nothing", "reason": "GKE runs its own"},
        "resourceAttributes": {"cloud.provider": "gcp", "corridor.team": "ml-platform"},
    }
    text = summary.stack_summary(plan, 120)
    assert "  agents: collector (opentelemetry-collector 0.170.0)\n" in text
    assert "  gpu runtime: nothing - GKE runs its own\n" in text
    assert "  attributes: cloud.provider=gcp, corridor.team=ml-platform\n" in text + "\n"
    assert "agents" not in summary.stack_summary(synthetic_plan(), 120)


def test_long_values_wrap_inside_the_width() -> None:
    """A long capacity wiring, reason, unknown, driver source, in-cluster step, note or version
    policy wraps onto more lines; no word is lost or cut."""
    words = [f"word{i}" for i in range(60)]
    long = " ".join(words)
    plan = synthetic_plan(
        capacity={"mode": "spot", "reservation": None, "zone": None, "wiring": long},
        zones=["a"],
        zoneReason=long,
        catalogUnknowns=[long],
        driver={"installedBy": "cloud", "source": long},
        inCluster=[{"component": long, "why": long}],
        notes=[long],
    )
    plan["outputs"]["cluster"]["versionPolicy"] = {
        "channel": "stable",
        "version": None,
        "nodeUpgrades": long,
        "notes": [long],
    }
    text = summary.stack_summary(plan, 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    flowing = " ".join(text.split())  # undo wrapping
    assert flowing.count(long) == 9


def test_plan_changes_lists_added_removed_and_changed_with_paths() -> None:
    """--check shows the first changes: `+`/`-` for added/removed resources and `~ type name: path
    old -> new` (committed -> fresh) for changed ones, then non-resource outputs."""
    old = synthetic_plan()
    new = copy.deepcopy(old)
    key = next(r for r in new["resources"] if r["name"] == "keys-primary")
    key["inputs"]["deletionWindowInDays"] = 7
    old_key = next(r for r in old["resources"] if r["name"] == "keys-primary")
    old_key["inputs"]["deletionWindowInDays"] = 30
    new["resources"] = [r for r in new["resources"] if r["name"] != "keys-alias"]
    new["resources"].append(resource("keys-replica", "aws:kms/replicaKey:ReplicaKey"))
    new["outputs"]["cluster"]["name"] = "d"
    assert summary.plan_changes(old, new) == [
        "~ aws:kms/key:Key keys-primary: inputs.deletionWindowInDays 30 -> 7",
        "+ aws:kms/replicaKey:ReplicaKey keys-replica (added)",
        "- aws:kms/alias:Alias keys-alias (removed)",
        '~ outputs.cluster.name "c" -> "d"',
    ]


def test_plan_changes_are_capped_and_long_values_show_where_they_differ() -> None:
    """At most `limit` lines plus a count of the rest; long strings are shown from near their first
    difference, so two values never print identically."""
    old = synthetic_plan()
    new = copy.deepcopy(old)
    for index, item in enumerate(new["resources"]):
        item["inputs"]["description"] = "x" * 60 + str(index)
    changes = summary.plan_changes(old, new, limit=2)
    assert changes[2:] == ["... and 2 more changes"]
    prefix = "x" * 60
    old["outputs"]["cluster"]["name"] = prefix + "old"
    new["outputs"]["cluster"]["name"] = prefix + "new"
    line = summary.plan_changes(old, new)[-1]
    before, after = line.split(" -> ")
    assert before.endswith('old"')
    assert after.endswith('new"')
