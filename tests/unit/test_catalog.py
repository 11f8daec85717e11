"""The accelerator catalog: canonical, unique, sourced rows, and lookups that explain failures."""

from __future__ import annotations

import re

import pytest

from components.catalog import accelerators
from components.catalog.accelerators import INTERCONNECT_KINDS, CatalogError, offering, offerings, unknown_facts

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
    # The GKE accelerator string sits in the row's own `gcp` section; no other cloud has a section.
    assert (row.cloud == "gcp") == (row.cloud_fact("gkeAccelerator") is not None)
    assert [key for key, _ in row.cloud_facts] == (["gkeAccelerator"] if row.cloud == "gcp" else [])
    if row.cloud == "aws":
        expected = "AL2023_ARM_64_NVIDIA" if row.cpu_arch == "arm64" else "AL2023_x86_64_NVIDIA"
        assert row.driver == expected
    if row.cloud == "gcp":
        assert re.fullmatch(r"nvidia-[a-z0-9-]+", row.cloud_fact("gkeAccelerator") or "")


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


def _row(cloud: str, machine: str) -> accelerators.Offering:
    (row,) = [r for r in offerings() if r.cloud == cloud and r.machine_type == machine]
    return row


@pytest.mark.parametrize(
    ("cloud", "machine", "capacity", "facts"),
    [
        # Sold on demand per its source; spot has no source.
        ("azure", "Standard_ND96isr_H100_v5", "onDemand", []),
        (
            "azure",
            "Standard_ND96isr_H100_v5",
            "spot",
            ["whether azure sells Standard_ND96isr_H100_v5 as spot (the catalog has no source)"],
        ),
        (
            "azure",
            "Standard_ND96isr_H100_v5",
            "reserved",
            ["whether azure sells Standard_ND96isr_H100_v5 as reserved capacity (the catalog has no source)"],
        ),
        # Every mode known, fabric size known: nothing to report.
        ("aws", "p5.48xlarge", "spot", []),
        # A known "no" is a fact, not an unknown (validation rejects the pool instead).
        ("gcp", "a3-highgpu-1g", "onDemand", []),
        # Fabric without a link count, and no purchase-mode source.
        (
            "aws",
            "p6e-gb200.36xlarge",
            "onDemand",
            [
                "whether aws sells p6e-gb200.36xlarge as on-demand (the catalog has no source)",
                "how many EFA devices (network cards) aws p6e-gb200.36xlarge has for its efa fabric "
                "(the catalog has no source)",
            ],
        ),
        # A machine without a fabric has no link count to miss.
        (
            "azure",
            "Standard_NC48ads_A100_v4",
            "onDemand",
            ["whether azure sells Standard_NC48ads_A100_v4 as on-demand (the catalog has no source)"],
        ),
    ],
)
def test_unknown_facts_name_what_the_catalog_cannot_vouch_for(
    cloud: str, machine: str, capacity: str, facts: list[str]
) -> None:
    """`unknown_facts` lists, as sentences, each None in the catalog that matters for a pool on
    that machine bought that way (purchase mode; fabric size where the machine has a fabric),
    and nothing else: it feeds `catalogUnknowns` and the strict-catalog validation."""
    assert unknown_facts(_row(cloud, machine), capacity) == facts


def test_unknown_facts_cover_every_none_purchase_mode_in_the_catalog() -> None:
    """No catalog row has a None purchase mode that `unknown_facts` stays silent about, and no
    row gets a purchase-mode sentence for a mode its source settles."""
    for row in offerings():
        for capacity, sold in (("onDemand", row.on_demand), ("spot", row.spot), ("reserved", row.reserved)):
            facts = unknown_facts(row, capacity)
            about_mode = [fact for fact in facts if fact.startswith(f"whether {row.cloud} sells {row.machine_type} ")]
            assert len(about_mode) == (1 if sold is None else 0), (row.machine_type, capacity, facts)


def test_unknown_facts_rejects_an_unknown_capacity_mode() -> None:
    """A capacity value outside the spec's three modes is a programming error, not silence."""
    with pytest.raises(ValueError, match="capacity 'ondemand' is not one of onDemand, spot, reserved"):
        unknown_facts(_row("aws", "p5.48xlarge"), "ondemand")
