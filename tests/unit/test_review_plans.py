"""`corridor diff`'s judgement of two offline plans: creates, updates, replacements by a listed input,
deletes, renames with and without an alias, protections dropped, GPU capacity, and `--allow`."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from corridor.review import knowledge, plans
from corridor.review.model import ResourceChange
from tests.conftest import render_plan

TRAIN_A100 = {"overrides": {"gpuPools": [{"name": "train", "accelerator": "A100-80GB"}]}}


def by_name(changes: list[ResourceChange]) -> dict[str, ResourceChange]:
    return {change.name: change for change in changes}


def test_identical_plans_change_nothing() -> None:
    """A plan compared with itself has no change, no danger and no GPU capacity line."""
    plan = render_plan("aws")
    review = plans.compare(plan, copy.deepcopy(plan), "aws-ap-southeast-1")
    assert (review.changes, review.gpu_capacity, review.blocking) == ([], [], False)


def test_a_tag_change_is_a_plain_update() -> None:
    """Changing the team tag updates resources in place: no replacement, no danger."""
    review = plans.compare(
        render_plan("aws"),
        render_plan(
            "aws",
            {"tags": {"team": "ml-research", "purpose": "training", "environment": "prod", "costCenter": "ai-1234"}},
        ),
        "aws",
    )
    assert review.changes
    assert {change.op for change in review.changes} == {"update"}
    assert not review.dangerous
    assert any(item.path == "tags.team" for change in review.changes for item in change.inputs)


@pytest.mark.parametrize(
    ("cloud", "pool_type", "trigger"),
    [
        ("gcp", "gcp:container/nodePool:NodePool", "nodeConfig.guestAccelerators"),
        ("aws", "aws:eks/nodeGroup:NodeGroup", "instanceTypes"),
        ("azure", "azure-native:containerservice:AgentPool", "vmSize"),
    ],
)
def test_a_new_accelerator_replaces_the_gpu_pool_by_the_listed_input(cloud: str, pool_type: str, trigger: str) -> None:
    """H100 -> A100-80GB on the train pool replaces its node pool, naming the input that forces it, is
    dangerous, and the GPU capacity line says what changes."""
    review = plans.compare(render_plan(cloud), render_plan(cloud, TRAIN_A100), cloud)
    (pool,) = [change for change in review.changes if change.type == pool_type and "train" in change.name]
    assert pool.op == "replace"
    assert trigger in pool.replaced_by
    assert pool.dangers[0].startswith("replaces a gpu-pool")
    assert any(item.forces_replacement and item.path.startswith(trigger) for item in pool.inputs)
    assert review.gpu_capacity == ["train: max 32 -> 32 H100 -> A100-80GB"]
    assert review.blocking


def test_a_renamed_bucket_is_a_replacement_of_its_data() -> None:
    """A neutral bucket renamed without an alias changes URNs: shown as the replacement of each
    bucket resource (the engine deletes and creates), naming the URN and the physical name."""
    buckets = {
        "storage": {
            "buckets": [{"name": "ckpts"}, {"name": "weights"}],
            "versioning": True,
            "noncurrentVersionDays": 30,
            "softDeleteDays": 7,
            "replication": True,
        }
    }
    review = plans.compare(
        render_plan("aws"), render_plan("aws", {**buckets, "dropFromBaseline": ["storage.buckets.checkpoints"]}), "aws"
    )
    bucket = by_name(review.changes)["storage-ckpts-primary"]
    assert bucket.op == "replace"
    assert bucket.replaced_by[:2] == ["URN", "bucket"]
    assert bucket.dangers[0].startswith("replaces a bucket")
    assert "without an alias" in bucket.notes[0]
    assert all(change.op != "delete" for change in review.changes if change.type == "aws:s3/bucket:Bucket")


def _edited(plan: dict[str, Any], resource_name: str, **changes: Any) -> dict[str, Any]:
    """A copy of `plan` with resource `resource_name`'s fields replaced (a synthetic plan edit)."""
    edited = copy.deepcopy(plan)
    resource = next(r for r in edited["resources"] if r["name"] == resource_name)
    resource.update(changes)
    return edited


def test_dropping_protect_is_dangerous_even_without_an_input_change() -> None:
    """Synthetic plan edit: the primary key loses `protect` and `retainOnDelete`."""
    old = render_plan("aws")
    new = _edited(old, "keys-primary", protect=False, retainOnDelete=False)
    (change,) = plans.compare(old, new, "aws").changes
    assert change.op == "update"
    assert [danger.split(":")[0] for danger in change.dangers] == ["drops `protect`", "drops `retainOnDelete`"]


def test_an_alias_turns_a_rename_into_an_update() -> None:
    """Synthetic plan edit: a key renamed with an alias to its old URN is adopted in place."""
    old = render_plan("aws")
    key = next(r for r in old["resources"] if r["name"] == "keys-primary")
    renamed = key["urn"].replace("::keys-primary", "::keys-main")
    new = _edited(old, "keys-primary", urn=renamed, name="keys-main", aliases=[key["urn"]])
    assert plans.compare(old, new, "aws").changes == []
    # The same rename without the alias: the key would be deleted and created.
    (change,) = plans.compare(old, _edited(old, "keys-primary", urn=renamed, name="keys-main"), "aws").changes
    assert change.op == "replace"
    assert change.replaced_by == ["URN"]
    assert change.dangers[0].startswith("replaces a key")


def test_a_deleted_stack_resource_is_dangerous_by_its_category() -> None:
    """Synthetic plan edit: the S3 replication configuration disappears: a dangerous delete."""
    old = render_plan("aws")
    new = copy.deepcopy(old)
    new["resources"] = [
        r for r in new["resources"] if r["type"] != "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
    ]
    review = plans.compare(old, new, "aws")
    assert review.dangerous
    assert all(change.op == "delete" for change in review.dangerous)
    facts = knowledge.facts("aws:s3/bucketReplicationConfig:BucketReplicationConfig")
    assert facts is not None
    assert review.dangerous[0].dangers[0] == f"deletes a replication: {facts.on_delete}"


def test_allow_accepts_one_dangerous_change_by_type_and_reports_unused_entries() -> None:
    """`--allow <type>` keeps the change listed but stops it failing the gate; an entry that
    matches nothing is returned so the CLI can say so."""
    review = plans.compare(render_plan("gcp"), render_plan("gcp", TRAIN_A100), "gcp")
    unused = review.allow(["gcp:container/nodePool:NodePool", "no-such-thing"])
    assert unused == ["no-such-thing"]
    assert review.dangerous
    assert all(change.allowed for change in review.dangerous) == (not review.blocking)


def test_secrets_and_unknowns_are_shown_as_such() -> None:
    """A secret input is never printed as its value (the plan already masks it as `[secret]`)."""
    old = render_plan("aws")
    provider = next(r for r in old["resources"] if r["type"] == "pulumi:providers:kubernetes")
    new = _edited(
        old,
        provider["name"],
        inputs={**provider["inputs"], "kubeconfig": "[secret]", "context": "04da6b54-80e4-46f7-96ec-b56ff0331ba9"},
    )
    (change,) = plans.compare(old, new, "aws").changes
    assert {item.path: item.new for item in change.inputs} == {"context": "(unknown until apply)"}


@pytest.mark.parametrize("cloud", ["aws", "gcp", "azure"])
def test_drill_to_failover_is_an_import_and_back_a_relinquish(cloud: str) -> None:
    """A recovery stack switching drill -> failover imports what it read, with no danger and no
    delete; failover -> drill gives the same ids back as reads, with no danger to them
    (review_dr_policy.md D1-D2)."""
    from tests.conftest import render_recovery

    drill, failover = render_recovery(cloud), render_recovery(cloud, {"recoveryMode": "failover"})
    reads = {r["name"] for r in drill["resources"] if r.get("adopted") == "read"}
    forward = plans.compare(drill, failover, "dr")
    assert (forward.dangerous, forward.counts()["delete"], forward.counts()["replace"]) == ([], 0, 0)
    assert reads <= {c.name for c in forward.changes if c.op == "import"}
    back = plans.compare(failover, drill, "dr")
    assert {c.name for c in back.changes if c.op == "read"} == reads
    # What the failover created around them is another matter (protections dropped, settings
    # resources gone), which the review does show.
    assert [(c.name, c.dangers) for c in back.changes if c.name in reads and c.dangerous] == []


def test_reading_another_object_under_a_managed_urn_is_dangerous() -> None:
    """A created bucket turned into a `get` of another bucket makes the engine delete the managed
    one (review_dr_policy.md D1): the review calls it out; dropping a read is only a discard."""
    from tests.conftest import render_recovery

    failover = render_recovery("aws", {"recoveryMode": "failover"})
    bucket = next(r for r in failover["resources"] if r["name"] == "storage-checkpoints-primary")
    created = copy.deepcopy(failover)
    for resource in created["resources"]:
        if resource["urn"] == bucket["urn"]:
            resource.pop("adopted")
            resource.pop("adoptedId")
    drill = render_recovery("aws")
    change = by_name(plans.compare(created, drill, "dr").changes)["storage-checkpoints-primary"]
    assert (change.op, change.dangerous) == ("replace", True)
    dropped = copy.deepcopy(drill)
    dropped["resources"] = [r for r in drill["resources"] if r["name"] != "storage-checkpoints-primary"]
    discard = by_name(plans.compare(drill, dropped, "dr").changes)["storage-checkpoints-primary"]
    assert (discard.op, discard.dangerous) == ("discard", False)
