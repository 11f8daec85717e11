"""Tag normalisation: one schema, reshaped to each cloud's tag or label rules."""

from __future__ import annotations

import re

import pytest

from components import tagging
from components.definition import load_spec
from tests.conftest import edited_config

SCHEMA_KEYS = {"team", "purpose", "environment", "cost-center", "managed-by", "stack", "cloud", "region"}


def test_standard_tags_carry_the_whole_schema() -> None:
    """The four user tags plus managed-by, stack, cloud and region, with their values."""
    spec = load_spec(edited_config("aws", {}).values)
    tags = tagging.standard_tags(spec, "aws-ap-southeast-1")
    assert set(tags) == SCHEMA_KEYS
    assert tags["managed-by"] == "corridor"
    assert (tags["stack"], tags["cloud"], tags["region"]) == ("aws-ap-southeast-1", "aws", "ap-southeast-1")


@pytest.mark.parametrize(
    ("cloud", "value", "expected"),
    [
        ("gcp", "ML Platform/EU", "ml_platform_eu"),  # GCP: lowercase, [a-z0-9_-] only
        ("gcp", "ai-1234", "ai-1234"),
        ("aws", "ML Platform/EU", "ML Platform/EU"),  # AWS allows spaces and '/'
        ("aws", "team#1", "team_1"),
        ("azure", "ML Platform/EU", "ML Platform/EU"),  # Azure restricts names, not values
    ],
)
def test_values_follow_each_clouds_rules(cloud: str, value: str, expected: str) -> None:
    """A value the cloud would reject is rewritten, not dropped and not truncated."""
    assert tagging.for_cloud(cloud, {"team": value}) == {"team": expected}


def test_gcp_labels_are_valid_for_every_schema_key() -> None:
    """Every normalised GCP label key and value matches GCP's label pattern."""
    spec = load_spec(
        edited_config(
            "gcp",
            {"tags": {"team": "ML Platform", "purpose": "Training!", "environment": "Prod", "costCenter": "AI 1234"}},
        ).values
    )
    labels = tagging.for_cloud("gcp", tagging.standard_tags(spec, "gcp-asia-southeast1"))
    for key, value in labels.items():
        assert re.fullmatch(r"[a-z][a-z0-9_-]{0,62}", key), key
        assert re.fullmatch(r"[a-z0-9_-]{0,63}", value), value


def test_azure_tag_names_drop_forbidden_characters() -> None:
    """Azure rejects < > % & \\ ? / in tag names."""
    assert tagging.for_cloud("azure", {"a/b?c": "v"}) == {"a_b_c": "v"}


def test_kubernetes_labels_are_valid_label_values() -> None:
    """Tags become `corridor.dev/` node labels whose values Kubernetes accepts."""
    labels = tagging.kubernetes_labels({"team": "ML Platform/EU", "cost-center": "-ai 1234-"})
    assert labels == {"corridor.dev/team": "ML_Platform_EU", "corridor.dev/cost-center": "ai_1234"}
    for value in labels.values():
        assert re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?", value)
