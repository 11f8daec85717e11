"""The accelerator catalog: canonical, unique, sourced rows, and lookups that explain failures."""

from __future__ import annotations

import re

import pytest

from components.catalog import accelerators
from components.catalog.accelerators import INTERCONNECT_KINDS, CatalogError, offering, offerings

CANONICAL = ("H100", "H200", "B200", "GB200", "A100-80GB", "L40S", "L4")


def test_catalog_names_exactly_the_canonical_accelerators() -> None:
    """Pools name accelerators canonically; the catalog knows exactly those."""
    assert accelerators.accelerators() == CANONICAL


def test_rows_are_unique_and_every_row_is_sourced() -> None:
    """One row per (cloud, machine type), each naming where its facts come from."""
    keys = [(row.cloud, row.machine_type) for row in offerings()]
    assert len(keys) == len(set(keys))
    for row in offerings():
        assert row.source.strip(), row
        assert row.accelerator in CANONICAL, row


@pytest.mark.parametrize("row", offerings(), ids=lambda row: f"{row.cloud}:{row.machine_type}")
def test_rows_are_well_formed(row: accelerators.Offering) -> None:
    """GPU counts, fabric kinds, GKE strings and driver routes are present and plausible."""
    assert row.gpus in (1, 2, 4, 8)
    assert row.interconnect in INTERCONNECT_KINDS
    assert (row.interconnect == "none") == (row.interconnect_count == 0)
    assert row.cpu_arch in ("x86_64", "arm64")
    assert (row.cloud == "gcp") == (row.gke_accelerator is not None)
    if row.cloud == "aws":
        expected = "AL2023_ARM_64_NVIDIA" if row.cpu_arch == "arm64" else "AL2023_x86_64_NVIDIA"
        assert row.driver == expected
    if row.cloud == "gcp":
        assert re.fullmatch(r"nvidia-[a-z0-9-]+", row.gke_accelerator or "")


@pytest.mark.parametrize(
    ("accelerator", "cloud", "gpus", "machine"),
    [
        ("H100", "aws", 8, "p5.48xlarge"),
        ("H100", "gcp", 8, "a3-megagpu-8g"),  # strongest fabric (TCPXO x8) beats a3-highgpu-8g
        ("H100", "azure", 8, "Standard_ND96isr_H100_v5"),
        ("L4", "gcp", 1, "g2-standard-4"),  # smallest of the single-L4 machines
        ("L4", "aws", 1, "g6.xlarge"),
        ("A100-80GB", "azure", 1, "Standard_NC24ads_A100_v4"),
    ],
)
def test_lookup_picks_the_documented_machine(accelerator: str, cloud: str, gpus: int, machine: str) -> None:
    """The same pool entry resolves to the machine that really carries that accelerator."""
    assert offering(accelerator, cloud, gpus).machine_type == machine


def test_machine_type_pin_is_honoured() -> None:
    """A pool can pin one of several matching machines."""
    assert offering("H100", "gcp", 8, "a3-highgpu-8g").interconnect == "gpudirect-tcpx"


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        (("H10", "aws", 8), "accelerator", "'H10' is not an accelerator (did you mean 'H100'?)"),
        (("B200", "azure", 8), "accelerator", "B200 is not offered by azure; offered by aws, gcp, oci"),
        (("L4", "azure", 1), "accelerator", "L4 is not offered by azure; offered by aws, gcp"),
        (("L4", "aws", 2), "gpusPerNode", "aws offers L4 with 1, 4, 8 GPUs per node, not 2"),
    ],
)
def test_lookup_failures_say_what_would_work(args: tuple[str, str, int], field: str, message: str) -> None:
    """Errors suggest close names and list the clouds or sizes that exist."""
    with pytest.raises(CatalogError) as caught:
        offering(*args)
    assert caught.value.field == field
    assert str(caught.value).startswith(message)
