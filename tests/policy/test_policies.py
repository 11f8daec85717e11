"""The policy pack (issue 18): each policy passes on real plan resources and fails once they are
weakened, on every cloud; `corridor check` runs the same functions over the committed plans; the
pack lists its policies without starting the policy server."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from corridor import check
from policy.corridor_policies import BY_NAME, POLICIES, Resource
from policy.corridor_policies.tables import STATEFUL

PROJECT_DIR = Path(__file__).resolve().parents[2]
PLANS = sorted((PROJECT_DIR / "plans").glob("*.json"))

Plan = dict[str, Any]
Mutation = Callable[[dict[str, Any]], None]


@cache
def _plan(stack: str) -> str:
    return (PROJECT_DIR / "plans" / f"{stack}.json").read_text()


def plan_of(stack: str) -> Plan:
    """A fresh copy of a committed plan."""
    return json.loads(_plan(stack))


def record(plan: Plan, name: str) -> dict[str, Any]:
    """The custom resource (not the component) with logical name `name`."""
    matches = [r for r in plan["resources"] if r["name"] == name and r["custom"]]
    assert matches, f"no custom resource {name} in {plan['stack']}"
    return matches[0]


def violations(plan: Plan, policy: str) -> list[tuple[str, str]]:
    """(resource name, message) of one policy over one plan, as `corridor check` runs it."""
    return [(v.name, v.message) for _, v, _ in check.check_plan(plan, PROJECT_DIR) if v.policy == policy]


def _set(path: str, value: Any) -> Mutation:
    def mutate(inputs: dict[str, Any]) -> None:
        *head, last = path.split(".")
        node = inputs
        for part in head:
            node = node.setdefault(part, {})
        node[last] = value

    return mutate


def _drop(path: str) -> Mutation:
    def mutate(inputs: dict[str, Any]) -> None:
        *head, last = path.split(".")
        node = inputs
        for part in head:
            node = node[part]
        node.pop(last)

    return mutate


def _untaint_oci(inputs: dict[str, Any]) -> None:
    script = base64.b64decode(inputs["nodeMetadata"]["user_data"]).decode()
    script = script.replace('--kubelet-extra-args "--register-with-taints=nvidia.com/gpu=present:NoSchedule"', "")
    inputs["nodeMetadata"]["user_data"] = base64.b64encode(script.encode()).decode()


def _drop_tag(field: str) -> Mutation:
    return lambda inputs: inputs[field].pop("team")


# (policy, stack, resource, mutation of its inputs): the resource passes in the committed plan and
# fails once mutated. Every mandatory policy has a case on each cloud it has a type for.
CASES: list[tuple[str, str, str, Mutation]] = [
    # customer-managed key on storage (stack policy over the bucket and its encryption resource)
    (
        "storage-customer-managed-key",
        "aws-ap-southeast-1",
        "storage-checkpoints-primary-encryption",
        _set("rules", [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]),
    ),
    ("storage-customer-managed-key", "gcp-asia-southeast1", "storage-checkpoints-primary", _drop("encryption")),
    (
        "storage-customer-managed-key",
        "azure-uaenorth",
        "storage-primary-account",
        _set("encryption.keySource", "Microsoft.Storage"),
    ),
    ("storage-customer-managed-key", "oci-ap-singapore-1", "storage-checkpoints-primary", _drop("kmsKeyId")),
    (
        "storage-customer-managed-key",
        "alicloud-ap-southeast-1",
        "storage-checkpoints-primary",
        _set("serverSideEncryptionRule", {"sseAlgorithm": "AES256"}),
    ),
    # Kubernetes Secrets encryption
    ("cluster-secrets-customer-managed-key", "aws-ap-southeast-1", "cluster-eks", _drop("encryptionConfig")),
    (
        "cluster-secrets-customer-managed-key",
        "gcp-asia-southeast1",
        "cluster-gke",
        _set("databaseEncryption.state", "DECRYPTED"),
    ),
    (
        "cluster-secrets-customer-managed-key",
        "azure-uaenorth",
        "cluster-aks",
        _set("securityProfile.azureKeyVaultKms.enabled", False),
    ),
    ("cluster-secrets-customer-managed-key", "oci-ap-singapore-1", "cluster-oke", _drop("kmsKeyId")),
    ("cluster-secrets-customer-managed-key", "alicloud-ap-southeast-1", "cluster-ack", _drop("encryptionProviderKey")),
    # key rotation
    ("key-rotation-enabled", "aws-ap-southeast-1", "keys-primary", _set("enableKeyRotation", False)),
    ("key-rotation-enabled", "gcp-asia-southeast1", "keys-primary", _drop("rotationPeriod")),
    ("key-rotation-enabled", "azure-uaenorth", "keys-primary", _drop("properties.rotationPolicy")),
    ("key-rotation-enabled", "oci-ap-singapore-1", "keys-primary", _set("isAutoRotationEnabled", False)),
    ("key-rotation-enabled", "alicloud-ap-southeast-1", "keys-primary", _set("automaticRotation", "Disabled")),
    # versioning
    (
        "storage-versioning-enabled",
        "aws-ap-southeast-1",
        "storage-checkpoints-primary-versioning",
        _set("versioningConfiguration.status", "Suspended"),
    ),
    (
        "storage-versioning-enabled",
        "gcp-asia-southeast1",
        "storage-checkpoints-primary",
        _set("versioning.enabled", False),
    ),
    (
        "storage-versioning-enabled",
        "azure-uaenorth",
        "storage-primary-blob-service",
        _set("isVersioningEnabled", False),
    ),
    ("storage-versioning-enabled", "oci-ap-singapore-1", "storage-checkpoints-primary", _set("versioning", "Disabled")),
    (
        "storage-versioning-enabled",
        "alicloud-ap-southeast-1",
        "storage-checkpoints-primary",
        _set("versioning.status", "Suspended"),
    ),
    # public access
    (
        "storage-public-access-blocked",
        "aws-ap-southeast-1",
        "storage-checkpoints-primary-public-access",
        _set("blockPublicPolicy", False),
    ),
    (
        "storage-public-access-blocked",
        "gcp-asia-southeast1",
        "storage-checkpoints-primary",
        _set("publicAccessPrevention", "inherited"),
    ),
    ("storage-public-access-blocked", "azure-uaenorth", "storage-checkpoints-primary", _set("publicAccess", "Blob")),
    (
        "storage-public-access-blocked",
        "oci-ap-singapore-1",
        "storage-checkpoints-primary",
        _set("accessType", "ObjectRead"),
    ),
    (
        "storage-public-access-blocked",
        "alicloud-ap-southeast-1",
        "storage-checkpoints-primary-acl",
        _set("acl", "public-read"),
    ),
    # replication
    ("storage-replicated", "aws-ap-southeast-1", "storage-checkpoints-replication", _set("rules", [])),
    (
        "storage-replicated",
        "gcp-asia-southeast1",
        "storage-checkpoints-replication",
        _set("replicationSpec.gcsDataSource.bucketName", "elsewhere"),
    ),
    ("storage-replicated", "azure-uaenorth", "storage-replication-*", _set("rules", [])),
    ("storage-replicated", "oci-ap-singapore-1", "storage-checkpoints-replication", _set("bucket", "elsewhere")),
    ("storage-replicated", "alicloud-ap-southeast-1", "storage-checkpoints-replication", _set("bucket", "elsewhere")),
    # access logs
    (
        "storage-access-logged",
        "aws-ap-southeast-1",
        "storage-checkpoints-primary-access-log",
        _set("bucket", "elsewhere"),
    ),
    ("storage-access-logged", "gcp-asia-southeast1", "storage-checkpoints-primary", _drop("logging")),
    ("storage-access-logged", "azure-uaenorth", "storage-primary-access-log", _set("resourceUri", "/elsewhere")),
    (
        "storage-access-logged",
        "oci-ap-singapore-1",
        "storage-checkpoints-primary-write-log",
        _set("configuration.source.category", "read"),
    ),
    (
        "storage-access-logged",
        "alicloud-ap-southeast-1",
        "storage-checkpoints-primary-logging",
        _set("bucket", "elsewhere"),
    ),
    # flow logs (Azure creates none: see the known violations below)
    ("network-flow-logs", "aws-ap-southeast-1", "cluster-flow-log", _set("__type__", "aws:ec2/other:Other")),
    ("network-flow-logs", "gcp-asia-southeast1", "cluster-subnet", _drop("logConfig")),
    ("network-flow-logs", "oci-ap-singapore-1", "cluster-flow-log-*", _set("configuration.source.service", "other")),
    ("network-flow-logs", "alicloud-ap-southeast-1", "cluster-flow-log", _set("__type__", "alicloud:vpc/other:Other")),
    # API not open to the world
    ("api-not-open-to-world", "aws-ap-southeast-1", "cluster-eks", _set("vpcConfig.publicAccessCidrs", ["0.0.0.0/0"])),
    ("api-not-open-to-world", "gcp-asia-southeast1", "cluster-gke", _drop("masterAuthorizedNetworksConfig")),
    (
        "api-not-open-to-world",
        "azure-uaenorth",
        "cluster-aks",
        _set("apiServerAccessProfile.authorizedIPRanges", ["0.0.0.0/0"]),
    ),
    ("api-not-open-to-world", "oci-ap-singapore-1", "cluster-api-in-client-192-0-2-0-24", _set("source", "0.0.0.0/0")),
    ("api-not-open-to-world", "alicloud-ap-southeast-1", "cluster-ack", _set("slbInternetEnabled", True)),
    # tags
    ("tag-schema", "aws-ap-southeast-1", "cluster-eks", _drop_tag("tags")),
    ("tag-schema", "gcp-asia-southeast1", "storage-checkpoints-primary", _drop_tag("labels")),
    ("tag-schema", "azure-uaenorth", "storage-primary-account", _drop_tag("tags")),
    ("tag-schema", "oci-ap-singapore-1", "cluster-oke", _drop_tag("freeformTags")),
    ("tag-schema", "alicloud-ap-southeast-1", "keys-primary", _drop_tag("tags")),
    # GPU pools tainted
    ("gpu-pool-tainted", "aws-ap-southeast-1", "gpu-train", _set("taints", [])),
    ("gpu-pool-tainted", "gcp-asia-southeast1", "gpu-train", _drop("nodeConfig.taints")),
    ("gpu-pool-tainted", "azure-uaenorth", "gpu-train", _set("nodeTaints", [])),
    ("gpu-pool-tainted", "oci-ap-singapore-1", "gpu-train", _untaint_oci),
    (
        "gpu-pool-tainted",
        "alicloud-ap-southeast-1",
        "gpu-train",
        _set("taints", [{"key": "x", "effect": "NoSchedule"}]),
    ),
    # GPU pools bounded
    ("gpu-pool-bounded", "aws-ap-southeast-1", "gpu-train", _drop("scalingConfig.maxSize")),
    ("gpu-pool-bounded", "gcp-asia-southeast1", "gpu-train", _drop("autoscaling.totalMaxNodeCount")),
    ("gpu-pool-bounded", "azure-uaenorth", "gpu-train", _drop("maxCount")),
    ("gpu-pool-bounded", "oci-ap-singapore-1", "gpu-train", _drop("nodeConfigDetails.size")),
    ("gpu-pool-bounded", "alicloud-ap-southeast-1", "gpu-train", _drop("scalingConfig.maxSize")),
    # advisory
    ("key-deletion-window", "aws-ap-southeast-1", "keys-primary", _set("deletionWindowInDays", 7)),
    ("key-deletion-window", "gcp-asia-southeast1", "keys-primary", _set("destroyScheduledDuration", "86400s")),
    ("key-deletion-window", "azure-uaenorth", "keys-primary-vault", _set("properties.enablePurgeProtection", False)),
    ("key-deletion-window", "alicloud-ap-southeast-1", "keys-primary", _set("pendingWindowInDays", 7)),
    ("node-disks-customer-managed-key", "gcp-asia-southeast1", "gpu-train", _drop("nodeConfig.bootDiskKmsKey")),
    ("node-disks-customer-managed-key", "oci-ap-singapore-1", "gpu-train", _drop("nodeConfigDetails.kmsKeyId")),
    ("node-disks-customer-managed-key", "alicloud-ap-southeast-1", "gpu-train", _drop("systemDiskKmsKey")),
    ("node-disks-customer-managed-key", "azure-uaenorth", "cluster-aks", _drop("diskEncryptionSetID")),
    ("cluster-deletion-protection", "aws-ap-southeast-1", "cluster-eks", _set("deletionProtection", False)),
    ("cluster-audit-logs", "gcp-asia-southeast1", "cluster-gke", _drop("loggingConfig")),
    (
        "storage-soft-delete",
        "azure-uaenorth",
        "storage-primary-blob-service",
        _set("deleteRetentionPolicy.enabled", False),
    ),
    ("storage-tls-only", "azure-uaenorth", "storage-primary-account", _set("minimumTlsVersion", "TLS1_0")),
]


def _weaken(plan: Plan, name: str, mutate: Mutation) -> None:
    """Mutate the resource's inputs (`prefix*`: every custom resource whose name starts so)."""
    if name.endswith("*"):
        targets = [r for r in plan["resources"] if r["custom"] and r["name"].startswith(name[:-1])]
    else:
        targets = [record(plan, name)]
    assert targets
    for target in targets:
        mutate(target["inputs"])
        if "__type__" in target["inputs"]:
            target["type"] = target["inputs"].pop("__type__")


@pytest.mark.parametrize(("policy", "stack", "name", "mutate"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_policy_passes_then_fails(policy: str, stack: str, name: str, mutate: Mutation) -> None:
    """Guards each policy on each cloud: silent on the committed plan, and a violation once the
    real resource is weakened."""
    plan = plan_of(stack)
    assert policy in BY_NAME
    before = violations(plan, policy)
    assert before == [] or all(n != name for n, _ in before), before
    _weaken(plan, name, mutate)
    after = violations(plan, policy)
    assert len(after) > len(before), f"{policy} did not catch the weakened {name} in {stack}"


@pytest.mark.parametrize(
    "stack",
    ["aws-ap-southeast-1", "gcp-asia-southeast1", "azure-uaenorth", "oci-ap-singapore-1", "alicloud-ap-southeast-1"],
)
def test_stateful_resource_unprotected_and_not_retained(stack: str) -> None:
    """Guards protect (CrossGuard and offline) and retainOnDelete (offline only) on a key."""
    plan = plan_of(stack)
    key = next(r for r in plan["resources"] if r["custom"] and r["name"] == "keys-primary")
    assert violations(plan, "stateful-resources-protected") == violations(plan, "stateful-resources-protected")
    key["protect"] = False
    key["retainOnDelete"] = False
    assert any(n == "keys-primary" for n, _ in violations(plan, "stateful-resources-protected"))
    assert any(n == "keys-primary" for n, _ in violations(plan, "stateful-resources-retained"))


def _mandatory(path: Path) -> set[tuple[str, str, str]]:
    plan = json.loads(path.read_text())
    return {(s, v.name, v.policy) for s, v, level in check.check_plan(plan, PROJECT_DIR) if level == "mandatory"}


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_committed_plans_pass_the_mandatory_policies(path: Path) -> None:
    """Guards the committed plans: no mandatory violation (what a stack deliberately does not meet
    is an exemption its own plan states, reported as such: see the exemption tests)."""
    assert _mandatory(path) == set()


EXEMPT = {
    # A drill strips protect and retainOnDelete from what it creates (its DR-region logs), and
    # replicates nothing.
    "aws-ap-southeast-3-dr": {"stateful-resources-protected", "stateful-resources-retained", "storage-replicated"},
    # Residency: one copy in Riyadh, corridor:storage.replication false.
    "alicloud-me-central-1": {"storage-replicated"},
    # Azure declares FLOW_LOGS unsupported (the subscription's Network Watcher owns them).
    "azure-uaenorth": {"network-flow-logs"},
}


@pytest.mark.parametrize("stack", sorted(EXEMPT))
def test_a_stacks_own_exemptions_report_as_advisories_with_the_reason(stack: str) -> None:
    """Guards exemptions: a policy a stack's definition deliberately does not meet (a drill, no
    replication, a feature its cloud declares unsupported) is found, still printed, and marked
    `exempt:` with the reason read from the plan; and `--pack-config` turns exactly those
    policies advisory for `pulumi preview`, so preview and the offline check agree."""
    plan = json.loads((PROJECT_DIR / "plans" / f"{stack}.json").read_text())
    rows = check.check_plan(plan, PROJECT_DIR)
    exempted = {v.policy for _, v, level in rows if level.startswith("exempt: ")}
    assert exempted, "the exempted policies do find something in this plan"
    assert exempted <= EXEMPT[stack]
    assert all(len(level) > len("exempt: ") for _, _, level in rows if level.startswith("exempt"))
    assert check.pack_config(plan) == {p: {"enforcementLevel": "advisory"} for p in sorted(EXEMPT[stack])}


def test_an_ordinary_stack_has_no_exemption() -> None:
    """Guards against exempting by default: a stack that replicates, is no drill and whose cloud
    declares nothing unsupported gets an empty pack config."""
    plan = json.loads((PROJECT_DIR / "plans" / "aws-ap-southeast-1.json").read_text())
    assert check.exemptions(plan) == {}


WEAKENED: dict[str, list[tuple[str, str, Mutation, str]]] = {
    # cloud: (stack, resource, mutation, policy expected) — encryption removed, a bucket unprotected,
    # a tag missing, a pool untainted.
    "aws": [
        (
            "aws-ap-southeast-1",
            "storage-weights-primary-encryption",
            _set("rules", [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]),
            "storage-customer-managed-key",
        ),
        ("aws-ap-southeast-1", "gpu-infer", _set("taints", []), "gpu-pool-tainted"),
        ("aws-ap-southeast-1", "cluster-vpc", _drop_tag("tags"), "tag-schema"),
    ],
    "gcp": [
        ("gcp-asia-southeast1", "storage-weights-primary", _drop("encryption"), "storage-customer-managed-key"),
        ("gcp-asia-southeast1", "gpu-infer", _drop("nodeConfig.taints"), "gpu-pool-tainted"),
        ("gcp-asia-southeast1", "keys-primary", _drop_tag("labels"), "tag-schema"),
    ],
    "azure": [
        ("azure-uaenorth", "storage-replica-account", _drop("encryption"), "storage-customer-managed-key"),
        ("azure-uaenorth", "gpu-infer", _set("nodeTaints", []), "gpu-pool-tainted"),
        ("azure-uaenorth", "cluster-aks", _drop_tag("tags"), "tag-schema"),
    ],
    "oci": [
        ("oci-me-jeddah-1", "storage-weights-replica", _drop("kmsKeyId"), "storage-customer-managed-key"),
        ("oci-me-jeddah-1", "gpu-infer", _untaint_oci, "gpu-pool-tainted"),
        ("oci-me-jeddah-1", "keys-primary-vault", _drop_tag("freeformTags"), "tag-schema"),
    ],
    "alicloud": [
        (
            "alicloud-ap-southeast-1",
            "storage-weights-replica",
            _drop("serverSideEncryptionRule"),
            "storage-customer-managed-key",
        ),
        ("alicloud-ap-southeast-1", "gpu-infer", _set("taints", []), "gpu-pool-tainted"),
        ("alicloud-ap-southeast-1", "cluster-ack", _drop_tag("tags"), "tag-schema"),
    ],
}
UNPROTECTED_BUCKET = {
    "aws": ("aws-ap-southeast-1", "storage-weights-primary"),
    "gcp": ("gcp-asia-southeast1", "storage-weights-primary"),
    "azure": ("azure-uaenorth", "storage-weights-primary"),
    "oci": ("oci-me-jeddah-1", "storage-weights-primary"),
    "alicloud": ("alicloud-ap-southeast-1", "storage-weights-primary"),
}


@pytest.mark.parametrize("cloud", sorted(WEAKENED))
def test_corridor_check_fails_on_a_weakened_stack(
    cloud: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Guards `corridor check` end to end on every cloud: encryption removed, a bucket unprotected, a
    tag missing and a GPU pool untainted each exit 1 and print the policy next to the resource."""
    stack = WEAKENED[cloud][0][0]
    plan = plan_of(stack)
    for _, name, mutate, _policy in WEAKENED[cloud]:
        _weaken(plan, name, mutate)
    bucket_stack, bucket = UNPROTECTED_BUCKET[cloud]
    assert bucket_stack == stack
    record(plan, bucket)["protect"] = False
    path = tmp_path / f"{stack}.json"
    path.write_text(json.dumps(plan))
    assert check.main([str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    expected = [(name, policy) for _, name, _, policy in WEAKENED[cloud]] + [(bucket, "stateful-resources-protected")]
    for name, policy in expected:
        assert any(line.split()[1:3] == [name, policy] for line in lines), (name, policy, lines)


def test_corridor_check_is_clean_on_a_committed_plan(capsys: pytest.CaptureFixture[str]) -> None:
    """Guards the exit code: 0 with only advisories (the kubernetes stack creates no cloud resources)."""
    assert check.main([str(PROJECT_DIR / "plans" / "kubernetes-riyadh-1.json")]) == 0


def test_adopted_resources_skip_input_policies() -> None:
    """Guards recovery plans: resources adopted with a `get` have no inputs and are not flagged."""
    adopted = Resource("aws:kms/key:Key", {}, "urn:pulumi:s::p::aws:kms/key:Key::k", "k", adopted="read")
    for policy in POLICIES:
        assert policy.run([adopted]) == [], policy.name


def test_stateful_table_matches_replacement_json() -> None:
    """Guards CrossGuard's protect policy against drift from corridor/review/replacement.json, which
    `corridor check` reads for retainOnDelete."""
    assert check.stateful_types(PROJECT_DIR) == STATEFUL


def test_tag_field_table_matches_the_sdk() -> None:
    """Guards the tag-schema table: for every type in the plans, the tags input is the one the
    provider SDK signature declares (tests/conformance `tag_field`)."""
    from policy.corridor_policies.tables import TAG_FIELD
    from tests.conformance.test_keys_contract import tag_field

    types = {
        r["type"]
        for p in PLANS
        for r in json.loads(p.read_text())["resources"]
        if r["custom"] and not r["type"].startswith(("pulumi:providers:", "kubernetes:"))
    }
    assert {t: TAG_FIELD.get(t) for t in types} == {t: tag_field(t) for t in types}


def test_pack_lists_its_policies_without_a_server() -> None:
    """Guards the pack: importable and listable without constructing PolicyPack; names unique and
    kebab-case; enforcement valid; every policy cites rule IDs or says none exist."""
    from pulumi_policy import EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy

    from policy.pack import policies

    built = policies()
    names = [p.name for p in built]
    assert len(names) == len(set(names))
    assert set(names) == {p.name for p in POLICIES if p.kind != "offline"}
    for p in POLICIES:
        assert p.name == p.name.lower()
        assert " " not in p.name
        assert p.enforcement in ("mandatory", "advisory")
        assert p.rule_ids or p.no_upstream, p.name
        assert (p.check_resource is None) != (p.check_stack is None) or p.kind == "offline"
    for b in built:
        assert isinstance(b, ResourceValidationPolicy | StackValidationPolicy)
        assert b.enforcement_level in (EnforcementLevel.MANDATORY, EnforcementLevel.ADVISORY)


def test_pack_validator_reads_crossguard_args_and_tolerates_unknowns() -> None:
    """Guards the CrossGuard wrapping: a validator reads ResourceValidationArgs (props, opts.protect),
    reports a violation, and raises UnknownValueError on an unknown prop (the analyzer then skips it)."""
    from pulumi_policy import (
        PolicyCustomTimeouts,
        PolicyResourceOptions,
        ResourceValidationArgs,
        ResourceValidationPolicy,
    )
    from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

    from policy.pack import policies

    plan = plan_of("aws-ap-southeast-1")
    key = record(plan, "keys-primary")

    def args(props: dict[str, Any], protect: bool) -> ResourceValidationArgs:
        opts = PolicyResourceOptions(protect, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], None)
        return ResourceValidationArgs(key["type"], unknown_checking_proxy(props), key["urn"], key["name"], opts, None)

    by_name = {p.name: p for p in policies() if isinstance(p, ResourceValidationPolicy)}
    got: list[str] = []
    by_name["stateful-resources-protected"].validate(args(key["inputs"], False), lambda m, urn=None: got.append(m))
    assert got
    got.clear()
    by_name["key-rotation-enabled"].validate(args(key["inputs"], True), lambda m, urn=None: got.append(m))
    assert got == []
    unknown = copy.deepcopy(key["inputs"])
    unknown["enableKeyRotation"] = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
    with pytest.raises(UnknownValueError):
        by_name["key-rotation-enabled"].validate(args(unknown, True), lambda m, urn=None: None)


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_pack_and_corridor_check_agree(path: Path) -> None:
    """Guards "the same functions": every CrossGuard policy of the pack, fed each committed plan's
    resources as the analyzer would (props wrapped in the unknown-checking proxy, opts.protect),
    reports exactly what `corridor check` reports for it (adopted `get`s are not analyzed)."""
    from pulumi_policy import (
        PolicyCustomTimeouts,
        PolicyResource,
        PolicyResourceOptions,
        ResourceValidationArgs,
        ResourceValidationPolicy,
        StackValidationArgs,
        StackValidationPolicy,
    )
    from pulumi_policy.proxy import unknown_checking_proxy

    from policy.pack import policies

    plan = json.loads(path.read_text())
    records = [
        r
        for r in plan["resources"]
        if r["custom"] and not r["type"].startswith("pulumi:providers:") and r.get("adopted") != "read"
    ]

    def opts(r: dict[str, Any]) -> PolicyResourceOptions:
        return PolicyResourceOptions(bool(r["protect"]), [], None, [], PolicyCustomTimeouts(0, 0, 0), [], None)

    offline = {
        (v.policy, v.urn, v.message)
        for _, v, _ in check.check_plan(plan, PROJECT_DIR)
        if v.policy != "stateful-resources-retained"
    }
    online: set[tuple[str, str, str]] = set()
    for policy in policies():
        if isinstance(policy, ResourceValidationPolicy):
            for r in records:
                args = ResourceValidationArgs(
                    r["type"], unknown_checking_proxy(r["inputs"]), r["urn"], r["name"], opts(r), None
                )
                policy.validate(args, lambda m, urn=None, r=r, p=policy: online.add((p.name, r["urn"], m)))
        elif isinstance(policy, StackValidationPolicy):
            resources = [
                PolicyResource(
                    r["type"], unknown_checking_proxy(r["inputs"]), r["urn"], r["name"], opts(r), None, None, [], {}
                )
                for r in records
            ]
            policy.validate(
                StackValidationArgs(resources), lambda m, urn=None, p=policy: online.add((p.name, str(urn), m))
            )
    assert online == offline
