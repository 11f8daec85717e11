"""One tag value everywhere: the schema, the strict value rule, and the node labels from it."""

from __future__ import annotations

import re

import pytest

from components import tagging
from components.definition import SpecError, load_spec
from components.definition.identity import TAG_VALUE
from components.definition.pool_plan import PoolPlan
from tests.conftest import BASELINE, edited_config

SCHEMA_KEYS = {"team", "purpose", "environment", "cost-center", "managed-by", "stack", "cloud", "region"}

# What each place a tag lands accepts, from the docs cited on TAG_VALUE.
GCP_LABEL_VALUE = r"[a-z0-9_-]{0,63}"
KUBERNETES_LABEL_VALUE = r"([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?"
AWS_TAG_VALUE = r"[\w .:/=+\-@]{0,256}"
AZURE_TAG_VALUE = r".{0,256}"


def test_standard_tags_carry_the_whole_schema() -> None:
    """The four user tags plus managed-by, stack, cloud and region, with their values."""
    spec = load_spec(edited_config("aws", {}).values, BASELINE)
    tags = tagging.standard_tags(spec, "aws-ap-southeast-1")
    assert set(tags) == SCHEMA_KEYS
    assert tags["managed-by"] == "corridor"
    assert (tags["stack"], tags["cloud"], tags["region"]) == ("aws-ap-southeast-1", "aws", "ap-southeast-1")


@pytest.mark.parametrize("value", ["ml-platform", "ai_1234", "a", "x" * 63, "team-7"])
def test_a_valid_value_is_accepted_by_every_cloud_and_kubernetes(value: str) -> None:
    """TAG_VALUE is no wider than any place the value lands unchanged."""
    assert re.fullmatch(TAG_VALUE, value)
    for rule in (GCP_LABEL_VALUE, KUBERNETES_LABEL_VALUE, AWS_TAG_VALUE, AZURE_TAG_VALUE):
        assert re.fullmatch(rule, value), (rule, value)


@pytest.mark.parametrize("value", ["ML-Platform", "ml platform", "ml/eu", "-ml", "ml-", "ml.platform", "x" * 64, ""])
def test_a_value_some_cloud_would_rewrite_is_rejected_with_the_rule(value: str) -> None:
    """Values that used to be rewritten per cloud (so bill and metric disagreed) are refused."""
    config = edited_config(
        "gcp", {"tags": {"team": value, "purpose": "training", "environment": "prod", "costCenter": "ai-1234"}}
    )
    with pytest.raises(SpecError) as raised:
        load_spec(config.values, BASELINE)
    assert [problem.path for problem in raised.value.problems] == ["corridor:tags.team"]
    assert "1 to 63 lowercase letters, digits, '_' or '-'" in raised.value.problems[0].reason


def test_system_and_gpu_node_labels_carry_the_tags_unchanged() -> None:
    """Every node's labels hold the bill's tag values byte for byte, under corridor.dev/."""
    spec = load_spec(edited_config("azure", {}).values, BASELINE)
    tags = tagging.standard_tags(spec, "azure-uaenorth")
    system = tagging.system_node_labels(tags)
    plan: PoolPlan = spec.pool_plans[0]
    gpu = tagging.gpu_node_labels(tags, plan.pool)
    for labels in (system, gpu):
        assert {
            key.removeprefix("corridor.dev/"): value
            for key, value in labels.items()
            if key.removeprefix("corridor.dev/") in tags
        } == tags
        assert all(re.fullmatch(KUBERNETES_LABEL_VALUE, value) for value in labels.values())
    assert system["corridor.dev/pool"] == "system"
    assert (gpu["corridor.dev/pool"], gpu["corridor.dev/accelerator"]) == (plan.pool.name, plan.pool.accelerator)
