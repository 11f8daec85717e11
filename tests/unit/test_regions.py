"""The committed region catalog: well-formed, and covering the example stacks."""

from __future__ import annotations

import re

import pytest

from components.catalog import regions
from components.clouds.profile import CloudProfile
from components.clouds.registry import CLOUDS, profile_for

CATALOGUED = [cloud for cloud in CLOUDS if type(profile_for(cloud)).region_ids is CloudProfile.region_ids]
"""Clouds whose regions come from the catalog (a provider's cluster names its region in the stack)."""


@pytest.mark.parametrize("cloud", CATALOGUED)
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


def test_azure_zones_are_catalog_data_with_sources() -> None:
    """Every Azure region lists its logical zones (`1`-`3`, or none), from a named source; the
    catalog records no zones for clouds it has no zone source for, rather than guessing."""
    assert regions.zone_sources("azure")
    for region_id in regions.region_ids("azure"):
        assert regions.region("azure", region_id).zones in (("1", "2", "3"), ()), region_id
    assert regions.region("azure", "uaenorth").has_zones
    assert regions.region("azure", "uaecentral").zones == ()
    assert not regions.region("azure", "uaecentral").has_zones
    assert regions.zone_sources("aws") == ()
    assert regions.region("aws", "us-east-1").zones is None


def test_gcs_dual_regions_are_catalog_data_with_sources() -> None:
    """GCS dual-regions name known regions, predefined pairs first, with a settled KMS location
    only where the sources give one."""
    assert regions.dual_region_sources("gcp")
    locations = {location.location: location for location in regions.dual_regions("gcp")}
    assert [location.kind for location in regions.dual_regions("gcp")][:3] == ["predefined"] * 3
    assert locations["NAM4"].regions == {"us-central1", "us-east1"}
    assert locations["NAM4"].kms_location == "nam4"
    assert locations["EU"].kms_location == "europe"
    assert locations["DE"].kms_location is None
    assert locations["NAM4"].holds(frozenset({"us-east1", "us-central1"}))
    assert not locations["NAM4"].holds(frozenset({"us-east1", "us-east4"}))
    assert locations["US"].holds(frozenset({"us-east1", "us-east4"}))
    assert not locations["US"].holds(frozenset({"us-east1"}))
    for location in regions.dual_regions("gcp"):
        assert location.regions <= set(regions.region_ids("gcp")), location
    assert regions.dual_regions("aws") == ()
