"""The committed region catalog: well-formed, and covering the example stacks."""

from __future__ import annotations

import re

import pytest

from components.catalog import regions
from components.spec import SUPPORTED_CLOUDS


@pytest.mark.parametrize("cloud", SUPPORTED_CLOUDS)
def test_every_region_has_a_country_and_the_cloud_a_source(cloud: str) -> None:
    """Residency checks need an ISO country per region; every list names where it came from."""
    ids = regions.region_ids(cloud)
    assert len(ids) >= 20
    assert regions.source(cloud)
    for region_id in ids:
        assert re.fullmatch(r"[A-Z]{2}", regions.region(cloud, region_id).country), region_id


@pytest.mark.parametrize(
    ("cloud", "region_id", "country"),
    [
        ("aws", "ap-southeast-1", "SG"),
        ("aws", "ap-southeast-3", "ID"),
        ("gcp", "asia-southeast1", "SG"),
        ("gcp", "asia-southeast2", "ID"),
        ("azure", "uaenorth", "AE"),
        ("azure", "uaecentral", "AE"),
    ],
)
def test_example_regions_map_to_their_countries(cloud: str, region_id: str, country: str) -> None:
    """The example stacks' regions resolve to the right jurisdiction."""
    assert regions.region(cloud, region_id).country == country
