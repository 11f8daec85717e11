"""The committed catalog files validate when they load: a broken copy fails with an error that
names the file and the bad entry, never a KeyError deep inside an adapter."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from components.catalog import accelerators, regions
from components.catalog.data import CatalogDataError

REGIONS = json.loads(regions.DATA_FILE.read_text())
ACCELERATORS = json.loads(accelerators.DATA_FILE.read_text())


def _clear_caches() -> None:
    regions._data.cache_clear()  # pyright: ignore[reportPrivateUsage]
    accelerators._data.cache_clear()  # pyright: ignore[reportPrivateUsage]
    accelerators.offerings.cache_clear()


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Any, Callable[[Any], None]], None]]:
    """Point a catalog module at a mutated copy of its committed data."""

    def use(module: Any, mutate: Callable[[Any], None]) -> None:
        data = copy.deepcopy(REGIONS if module is regions else ACCELERATORS)
        mutate(data)
        path = tmp_path / Path(module.DATA_FILE).name
        path.write_text(json.dumps(data))
        monkeypatch.setattr(module, "DATA_FILE", path)
        _clear_caches()

    yield use
    monkeypatch.undo()
    _clear_caches()


def test_committed_catalogs_validate() -> None:
    """The committed files pass their own validation (and load through the accessors)."""
    _clear_caches()
    assert regions.region_ids("azure")
    assert accelerators.offerings()


DELETE = object()


def _set(path: str, value: Any) -> Callable[[Any], None]:
    """A mutation setting the value at a dotted path (a number picks a list item; `DELETE` deletes)."""

    def mutate(data: Any) -> None:
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is DELETE:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_set("schemaVersion", 1), "regions.json: schemaVersion: 1 != 2"),
        (_set("clouds.aws.us-east-1.country", DELETE), "clouds.aws.us-east-1.country: None is not an ISO"),
        (_set("clouds.gcp.asia-southeast1.country", "sg"), "clouds.gcp.asia-southeast1.country: 'sg' is not an ISO"),
        (_set("clouds.oci.ap-tokyo-1.city", ""), "clouds.oci.ap-tokyo-1.city: missing"),
        (_set("sources.alicloud", DELETE), "sources.alicloud: missing"),
        (_set("clouds.azure.uaenorth.zones", ["1", "1", "2"]), "clouds.azure.uaenorth.zones: lists a zone twice"),
        (_set("clouds.azure.uaenorth.zones", [1, 2, 3]), "clouds.azure.uaenorth.zones: 1 is not a zone id"),
        (_set("clouds.azure.uaenorth.zones", "123"), "clouds.azure.uaenorth.zones: must be a list"),
        (_set("clouds.azure.uaecentral.zones", DELETE), "clouds.azure.uaecentral.zones: missing"),
        (_set("clouds.aws.us-east-1.zones", ["a"]), "clouds.aws.us-east-1.zones: zones listed but zoneSources.aws"),
        (_set("zoneSources.azure.sources", []), "zoneSources.azure.sources: must be a non-empty list"),
        (_set("dualRegions.gcp.sources", DELETE), "dualRegions.gcp.sources: must be a non-empty list"),
        (
            _set("dualRegions.gcp.predefined.2.regions", ["us-central1", "us-centrall"]),
            "dualRegions.gcp.predefined[2] (NAM4).regions: us-centrall is not a known region",
        ),
        (
            _set("dualRegions.gcp.predefined.0.regions", ["asia-northeast1"]),
            "dualRegions.gcp.predefined[0] (ASIA1).regions: a predefined dual-region is a pair of two regions, not 1",
        ),
        (
            _set("dualRegions.gcp.configurable.0.regions", ["asia-east1", "asia-east1"]),
            "dualRegions.gcp.configurable[0] (ASIA).regions: lists a region twice",
        ),
        (
            _set("dualRegions.gcp.configurable.1.location", "ASIA"),
            "dualRegions.gcp.configurable[1] (ASIA): location listed twice",
        ),
        (_set("dualRegions.azure", {"sources": ["x"], "predefined": []}), None),
        (_set("dualRegions.nowhere", {"sources": ["x"]}), "dualRegions.nowhere: names a cloud with no regions"),
    ],
)
def test_a_broken_region_catalog_names_the_bad_entry(
    broken: Callable[[Any, Callable[[Any], None]], None], mutate: Callable[[Any], None], message: str | None
) -> None:
    """Schema version, country and city per region, well-formed zone lists with a source, and
    dual-region pairs of known regions are checked when `regions.json` loads."""
    broken(regions, mutate)
    if message is None:  # a well-formed change loads
        assert regions.dual_regions("azure") == ()
        return
    with pytest.raises(CatalogDataError) as caught:
        regions.region_ids("aws")
    assert str(caught.value).startswith(message if message.startswith("regions.json") else f"regions.json: {message}")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_set("schemaVersion", 1), "schemaVersion: 1 != 2"),
        (_set("offerings.0.source", " "), "offerings[0] (aws p5.4xlarge).source: missing"),
        (_set("offerings.0.source", DELETE), "offerings[0] (aws p5.4xlarge).source: missing"),
        (
            _set("offerings.1.interconnect", {"kind": "nvlink", "count": 8}),
            "offerings[1] (aws p5.48xlarge).interconnect.kind: 'nvlink' is not one of efa, ",
        ),
        (
            _set("offerings.1.capacity", {"onDemand": "yes", "spot": True, "reserved": True}),
            "offerings[1] (aws p5.48xlarge).capacity.onDemand: 'yes' is not true, false or null",
        ),
        (
            _set("offerings.1.capacity", {"onDemand": 1, "spot": True, "reserved": True}),
            "offerings[1] (aws p5.48xlarge).capacity.onDemand: 1 is not true, false or null",
        ),
        (
            _set("offerings.1.capacity", {"onDemand": True, "spot": True}),
            "offerings[1] (aws p5.48xlarge).capacity: must hold exactly onDemand, spot, reserved",
        ),
        (_set("offerings.1.gpus", 0), "offerings[1] (aws p5.48xlarge).gpus: 0 is not a positive integer"),
        (_set("offerings.1.cpuArch", "amd64"), "offerings[1] (aws p5.48xlarge).cpuArch: 'amd64' is not one of"),
        (_set("offerings.1.accelerator", "H999"), "offerings[1] (aws p5.48xlarge).accelerator: 'H999' is not in"),
        (
            _set("offerings.1.gcp", {"gkeAccelerator": "nvidia-h100-80gb"}),
            "offerings[1] (aws p5.48xlarge): unknown keys gcp (a row's only section is its own cloud's)",
        ),
        # The schema-1 top-level GCP column is refused, not silently ignored.
        (_set("offerings.1.gkeAccelerator", None), "offerings[1] (aws p5.48xlarge): unknown keys gkeAccelerator"),
        (
            _set("offerings.2.gcp", {}),
            "offerings[2] (gcp a3-highgpu-1g).gcp: must be an object of the cloud's own facts",
        ),
        (
            _set("offerings.2.gcp", {"gkeAccelerator": ""}),
            "offerings[2] (gcp a3-highgpu-1g).gcp.gkeAccelerator: missing (a fact is a non-empty string)",
        ),
    ],
)
def test_a_broken_accelerator_catalog_names_the_bad_row(
    broken: Callable[[Any, Callable[[Any], None]], None], mutate: Callable[[Any], None], message: str
) -> None:
    """Known interconnect kinds, purchase modes true/false/null, a source on every row, and each
    cloud's own section only on that cloud's rows are checked when `accelerators.json` loads."""
    broken(accelerators, mutate)
    with pytest.raises(CatalogDataError) as caught:
        accelerators.offerings()
    assert str(caught.value).startswith(f"accelerators.json: {message}")


def test_catalog_data_error_is_a_runtime_error() -> None:
    """Callers that caught the old schema-version RuntimeError still catch a malformed file."""
    assert issubclass(CatalogDataError, RuntimeError)
