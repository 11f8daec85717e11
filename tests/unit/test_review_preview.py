"""`corridor review` over real previews: every fixture in ../shared/preview_fixtures/ with its exact
counts and verdict, and synthetic digests (labelled so) for what no public fixture shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from corridor.review import preview
from corridor.review.model import StackReview
from tests.conftest import PROJECT_DIR

FIXTURES = PROJECT_DIR.parent / "shared" / "preview_fixtures"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

# (file, stack, counts, dangerous URN names, problems, notes): counts are resources, so the root
# stack's own step (which changeSummary counts) is not among them.
REAL = [
    ("01-stratify-creates.preview.json", "dev", {"create": 15}, [], 0, 0),
    ("02-stratify-deletes-show-sames.preview.json", "dev", {"delete": 14}, [], 0, 0),
    ("03-drift-adopter-aws-update-replace.preview.json", "test-b5f8ac54", {"update": 3, "replace": 1}, [], 0, 0),
    (
        "04-drift-adopter-create-update-replace-delete.preview.json",
        "test-a692d456",
        {"create": 1, "update": 1, "replace": 2, "delete": 1},
        [],
        0,
        0,
    ),
    ("05-drift-adopter-engine-events-policy-violation.ndjson", "test", {"update": 1}, [], 0, 1),
    ("06-pulumi-lifecycletest-retain-on-delete-replace.events.jsonl", "test", {"replace": 1}, ["resA"], 0, 0),
]


def test_every_fixture_is_covered() -> None:
    """A fixture added to ../shared/preview_fixtures/ without an expectation here fails."""
    assert FIXTURES.is_dir(), f"{FIXTURES} is missing: the review tests need the real previews"
    assert {path.name for path in FIXTURES.iterdir() if path.name != "README.md"} == {case[0] for case in REAL}


@pytest.mark.parametrize(
    ("name", "stack", "counts", "dangerous", "problems", "notes"), REAL, ids=[c[0][:2] for c in REAL]
)
def test_real_previews_get_the_right_verdict(
    name: str, stack: str, counts: dict[str, int], dangerous: list[str], problems: int, notes: int
) -> None:
    """Counts per logical operation, the dangerous changes and the stack notes of each real preview."""
    review = preview.review_file(FIXTURES / name)
    assert review.stack == stack
    assert dict(review.counts()) == counts
    assert [change.name for change in review.dangerous] == dangerous
    assert (len(review.problems), len(review.notes)) == (problems, notes)


def test_a_replace_with_detailed_diff_null_still_names_its_reasons() -> None:
    """Fixture 04: both replaces carry `detailedDiff: null`; the reasons come from `replaceReasons`,
    and output-only keys the bridged provider lists in `diffReasons` are not shown as inputs."""
    review = preview.review_file(FIXTURES / "04-drift-adopter-create-update-replace-delete.preview.json")
    tls = next(change for change in review.changes if change.name == "tls-key-0")
    assert tls.op == "replace"
    assert tls.replaced_by == ["algorithm", "ecdsaCurve"]
    assert [item.path for item in tls.inputs] == ["algorithm", "ecdsaCurve"]


def test_a_replacement_shown_as_three_steps_is_one_replace_that_leaves_the_old_resource() -> None:
    """Fixture 06: `create-replacement`, `replace` and `delete-replaced` of one URN are one replace;
    the resource has `retainOnDelete`, so the old copy stays in the cloud: dangerous."""
    review = preview.review_file(FIXTURES / "06-pulumi-lifecycletest-retain-on-delete-replace.events.jsonl")
    (change,) = review.changes
    assert change.op == "replace"
    assert change.replaced_by == ["foo"]
    assert change.dangers == ["replaces a marked retainOnDelete: it holds state"]
    assert any("stays in the cloud" in note for note in change.notes)


def test_policy_results_come_from_the_event_stream() -> None:
    """Fixture 05: an advisory policy violation is a note (colour tags stripped); mandatory would block."""
    review = preview.review_file(FIXTURES / "05-drift-adopter-engine-events-policy-violation.ndjson")
    (note,) = review.notes
    assert note.startswith("policy example-policies/s3-bucket-replication-enabled (advisory) on urn:pulumi:test")
    assert "{%" not in note
    assert not review.blocking


def test_unknowns_and_secrets_are_never_shown_as_values() -> None:
    """Fixture 01 holds the unknown sentinel 42 times; no review text carries it."""
    review = preview.review_file(FIXTURES / "01-stratify-creates.preview.json")
    assert UNKNOWN not in json.dumps([change.__dict__ for change in review.changes], default=str)


# --- Synthetic digests: what no public fixture shows (built from pkg/display/json.go's structs) ---


def _digest(steps: list[dict[str, Any]], diagnostics: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A SYNTHETIC preview digest of stack `prod` with `steps`."""
    return {"steps": steps, "diagnostics": diagnostics or [], "changeSummary": {}}


def _urn(type_: str, name: str) -> str:
    return f"urn:pulumi:prod::corridor::corridor:index:RegionStack${type_}::{name}"


def _review(tmp_path: Path, digest: dict[str, Any]) -> StackReview:
    path = tmp_path / "prod.json"
    path.write_text(json.dumps(digest))
    return preview.review_file(path)


BUCKET = "aws:s3/bucket:Bucket"


def test_synthetic_protected_bucket_replacement_refused_by_the_preview(tmp_path: Path) -> None:
    """SYNTHETIC: a bucket renamed while protected: a replace step plus the engine's error
    diagnostic. The change is dangerous, the error is a problem, the gate blocks."""
    urn = _urn(BUCKET, "storage-checkpoints-primary")
    old = {"type": BUCKET, "protect": True, "retainOnDelete": True, "inputs": {"bucket": "ckpt-a"}}
    step = {
        "op": "replace",
        "urn": urn,
        "oldState": old,
        "newState": {**old, "inputs": {"bucket": "ckpt-b"}},
        "replaceReasons": ["bucket"],
        "detailedDiff": None,
    }
    error = {
        "urn": urn,
        "severity": "error",
        "message": f'unable to replace resource "{urn}"\nas it is currently marked for protection.',
    }
    review = _review(tmp_path, _digest([step], [error]))
    (change,) = review.changes
    assert change.op == "replace"
    assert change.dangers[0].startswith("replaces a bucket")
    assert change.inputs[0].path == "bucket"
    assert change.inputs[0].forces_replacement
    assert "the preview refused it: the resource is protected" in change.notes
    assert review.problems == [f'storage-checkpoints-primary: unable to replace resource "{urn}"']
    assert review.blocking


def test_synthetic_protect_dropped_on_a_same_step(tmp_path: Path) -> None:
    """SYNTHETIC: the digest shows a `same` step whose `protect` went true -> absent (false);
    that is dangerous even though nothing else changes."""
    urn = _urn("aws:kms/key:Key", "keys-primary")
    step = {
        "op": "same",
        "urn": urn,
        "oldState": {"type": "aws:kms/key:Key", "protect": True},
        "newState": {"type": "aws:kms/key:Key"},
    }
    (change,) = _review(tmp_path, _digest([step])).changes
    assert change.op == "update"
    assert change.dangers == ["drops `protect`: a later delete or replacement would reach the cloud"]


@pytest.mark.parametrize(
    ("op", "logical"), [("read", "read"), ("import", "import"), ("discard", "discard"), ("refresh", None)]
)
def test_synthetic_read_import_discard_and_bookkeeping_ops(tmp_path: Path, op: str, logical: str | None) -> None:
    """SYNTHETIC: `read`, `import` and `discard` are listed as such and are not dangerous; `refresh`
    changes nothing."""
    urn = _urn("aws:s3/bucket:Bucket", "adopted")
    step = {"op": op, "urn": urn, "newState": {"type": BUCKET, "inputs": {}}, "oldState": {"type": BUCKET}}
    review = _review(tmp_path, _digest([step]))
    assert [change.op for change in review.changes] == ([logical] if logical else [])
    assert not review.blocking


def test_synthetic_replacement_steps_without_the_logical_replace(tmp_path: Path) -> None:
    """SYNTHETIC: with --show-replacement-steps and the logical step filtered out, the
    create-replacement/delete-replaced pair of a GPU pool is still one dangerous replace."""
    type_ = "gcp:container/nodePool:NodePool"
    urn = _urn(type_, "gpu-train")
    old = {"type": type_, "inputs": {"nodeConfig": {"guestAccelerators": [{"type": "nvidia-h100-80gb"}]}}}
    new = {"type": type_, "inputs": {"nodeConfig": {"guestAccelerators": [{"type": "nvidia-h200-141gb"}]}}}
    steps = [
        {"op": "create-replacement", "urn": urn, "oldState": old, "newState": new, "replaceReasons": ["nodeConfig"]},
        {"op": "delete-replaced", "urn": urn, "oldState": old},
    ]
    (change,) = _review(tmp_path, _digest(steps)).changes
    assert change.op == "replace"
    assert change.dangers[0].startswith("replaces a gpu-pool")


def test_synthetic_mandatory_policy_blocks(tmp_path: Path) -> None:
    """SYNTHETIC event stream: a mandatory policy violation is a problem that blocks the gate."""
    line = {
        "sequence": 1,
        "timestamp": 0,
        "policyEvent": {
            "policyPackName": "corridor",
            "policyName": "bucket-encrypted",
            "enforcementLevel": "mandatory",
            "message": "no key",
            "resourceUrn": _urn(BUCKET, "b"),
        },
    }
    path = tmp_path / "prod.events.jsonl"
    path.write_text(json.dumps(line) + "\n")
    review = preview.review_file(path)
    assert review.problems
    assert review.blocking
