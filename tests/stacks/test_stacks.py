"""Every stack in stacks/ renders, follows the plan contract, and its committed plan is fresh."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corridor.cli import plan_text
from corridor.render import render
from tests.conftest import PROJECT_DIR, STACKS

RESOURCE_KEYS = [
    "urn", "type", "name", "custom", "parent", "provider", "protect", "retainOnDelete", "dependsOn", "inputs",
    "ignoreChanges", "aliases",
]  # fmt: skip


def test_there_are_example_stacks_for_three_clouds() -> None:
    """The issue's three example stacks exist."""
    assert {"aws-ap-southeast-1", "gcp-asia-southeast1", "azure-uaenorth"} <= set(STACKS)


@pytest.mark.parametrize("stack", STACKS)
def test_committed_plan_is_fresh_and_follows_the_contract(stack: str) -> None:
    """plans/<stack>.json equals a fresh render (run `make plan` after changing code or config)."""
    plan = render(PROJECT_DIR, stack).plan
    committed = Path(PROJECT_DIR / "plans" / f"{stack}.json")
    assert committed.exists(), f"plans/{stack}.json is missing: run `make plan`"
    assert committed.read_text() == plan_text(plan), f"plans/{stack}.json is stale: run `make plan`"

    document = json.loads(committed.read_text())
    assert list(document)[:4] == ["stack", "project", "cloud", "region"]
    assert document["stack"] == stack
    assert document["project"] == "corridor"
    for resource in document["resources"]:
        # Then, on a resource a recovery stack adopts rather than creates, `adopted` and `adoptedId`.
        assert list(resource) in (RESOURCE_KEYS, [*RESOURCE_KEYS, "adopted", "adoptedId"])
        assert isinstance(resource["dependsOn"], list)
    urns = [r["urn"] for r in document["resources"]]
    assert len(urns) == len(set(urns)), "URNs must be unique"


@pytest.mark.parametrize("stack", STACKS)
def test_numbers_are_numbers_and_nothing_is_unknown(stack: str) -> None:
    """Plans show whole numbers as integers and contain no unresolved values."""
    text = (PROJECT_DIR / "plans" / f"{stack}.json").read_text()
    assert "[unknown]" not in text
    assert '"deletionWindowInDays": 30.0' not in text
    assert ".0," not in text
