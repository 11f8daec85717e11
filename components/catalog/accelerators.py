"""The accelerator catalog: canonical GPU names mapped to the machines that carry them per cloud.

Backed by `accelerators.json` (schema version, check date, one source per row). A pool asks for
an accelerator and a GPU count; `offering()` answers with the one machine type that carries
exactly that on the stack's cloud, or raises `CatalogError` with a suggestion ("H10 is not an
accelerator; did you mean H100?", "B200 is not offered by azure; offered by aws, gcp, oci").
Unknown facts are `None` in the data and stay unknown here; nothing is guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from components.spec.errors import did_you_mean

SCHEMA_VERSION = 1
DATA_FILE = Path(__file__).with_name("accelerators.json")
INTERCONNECT_KINDS = ("efa", "gpudirect-tcpx", "gpudirect-tcpxo", "gpudirect-rdma", "infiniband", "none")

CAPACITY_WORDS = {"onDemand": "on-demand", "spot": "spot", "reserved": "reserved capacity"}
"""How each `corridor:gpuPools[].capacity` value reads in a sentence."""

FABRIC_UNITS = {
    "efa": "EFA devices (network cards)",
    "gpudirect-tcpx": "GPU NICs",
    "gpudirect-tcpxo": "GPU NICs",
    "gpudirect-rdma": "RDMA NICs",
    "infiniband": "InfiniBand links",
}
"""What `Offering.interconnect_count` counts, per fabric kind."""


class CatalogError(ValueError):
    """The catalog cannot satisfy a request; the message says why and what would."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        """The pool setting at fault: `accelerator`, `gpusPerNode` or `machineType`."""


@dataclass(frozen=True)
class Offering:
    """One machine type of one cloud that carries an accelerator."""

    accelerator: str
    cloud: str
    machine_type: str
    gpus: int
    gpu_memory_gib: int
    """Memory per GPU."""
    vcpus: int | None
    memory_gib: int | None
    cpu_arch: str
    """`x86_64` or `arm64` (Grace-based GB200 machines)."""
    interconnect: str
    """Fast GPU fabric: `efa`, `gpudirect-tcpx`, `gpudirect-tcpxo`, `gpudirect-rdma`,
    `infiniband`, or `none`."""
    interconnect_count: int | None
    """EFA devices (= network cards), extra GPU NICs, or InfiniBand links; None if unknown."""
    gke_accelerator: str | None
    """GKE `guest_accelerators[].type` string (GCP only)."""
    driver: str
    """The cloud's driver route, e.g. the EKS AMI type `AL2023_x86_64_NVIDIA`."""
    on_demand: bool | None
    spot: bool | None
    reserved: bool | None
    """Which purchase modes the cloud sells; None where no source says."""
    source: str


@cache
def _data() -> dict[str, Any]:
    data = json.loads(DATA_FILE.read_text())
    if data.get("schemaVersion") != SCHEMA_VERSION:
        raise RuntimeError(f"{DATA_FILE.name}: schemaVersion {data.get('schemaVersion')} != {SCHEMA_VERSION}")
    return data


def accelerators() -> tuple[str, ...]:
    """The canonical accelerator names, in catalog order."""
    return tuple(_data()["accelerators"])


@cache
def offerings() -> tuple[Offering, ...]:
    """Every catalog row, in file order."""
    rows = []
    for row in _data()["offerings"]:
        rows.append(
            Offering(
                accelerator=row["accelerator"],
                cloud=row["cloud"],
                machine_type=row["machineType"],
                gpus=row["gpus"],
                gpu_memory_gib=row["gpuMemoryGiB"],
                vcpus=row["vcpus"],
                memory_gib=row["memoryGiB"],
                cpu_arch=row["cpuArch"],
                interconnect=row["interconnect"]["kind"],
                interconnect_count=row["interconnect"]["count"],
                gke_accelerator=row["gkeAccelerator"],
                driver=row["driver"],
                on_demand=row["capacity"]["onDemand"],
                spot=row["capacity"]["spot"],
                reserved=row["capacity"]["reserved"],
                source=row["source"],
            )
        )
    return tuple(rows)


def offering(accelerator: str, cloud: str, gpus: int, machine_type: str | None = None) -> Offering:
    """The machine of `cloud` carrying `gpus` x `accelerator` (or exactly `machine_type`).

    Where several machines match (GKE `a3-highgpu-8g` and `a3-megagpu-8g` both carry 8 H100),
    the one with the strongest fabric wins, then the fewest vCPUs: the best-connected machine
    for training, the cheapest for a single-GPU pool.
    """
    if accelerator not in accelerators():
        raise CatalogError(
            "accelerator",
            f"'{accelerator}' is not an accelerator{did_you_mean(accelerator, accelerators())}; "
            f"known: {', '.join(accelerators())}",
        )
    rows = [row for row in offerings() if row.accelerator == accelerator]
    on_cloud = [row for row in rows if row.cloud == cloud]
    if not on_cloud:
        clouds = sorted({row.cloud for row in rows})
        raise CatalogError("accelerator", f"{accelerator} is not offered by {cloud}; offered by {', '.join(clouds)}")
    if machine_type is not None:
        chosen = [row for row in on_cloud if row.machine_type == machine_type]
        if not chosen:
            known = [row.machine_type for row in on_cloud]
            raise CatalogError(
                "machineType",
                f"'{machine_type}' does not carry {accelerator} on {cloud}"
                f"{did_you_mean(machine_type, known)}; machines: {', '.join(known)}",
            )
        if chosen[0].gpus != gpus:
            raise CatalogError("gpusPerNode", f"{machine_type} has {chosen[0].gpus} GPUs, not {gpus}")
        return chosen[0]
    exact = [row for row in on_cloud if row.gpus == gpus]
    if not exact:
        counts = sorted({row.gpus for row in on_cloud})
        raise CatalogError(
            "gpusPerNode", f"{cloud} offers {accelerator} with {', '.join(map(str, counts))} GPUs per node, not {gpus}"
        )
    return min(exact, key=lambda row: (-(row.interconnect_count or 0), row.vcpus or 0))


def unknown_facts(offering: Offering, capacity: str) -> list[str]:
    """Facts the catalog leaves unknown (None) that matter for a pool on `offering` bought as
    `capacity` (`onDemand`, `spot` or `reserved`), as sentences; empty when nothing is unknown.

    - Whether the cloud sells the machine in that purchase mode, when the catalog has no source
      (a known "no" is not unknown: validation rejects it).
    - How many fabric links the machine has, when it has a fabric and the count has no source:
      corridor cannot lay out the fabric (AWS attaches none then) and cannot size the pool's
      bandwidth.

    Used for the `catalogUnknowns` output of every GPU pool, and by validation to refuse such
    pools when the stack asks for a strict catalog.
    """
    if capacity not in CAPACITY_WORDS:
        raise ValueError(f"capacity '{capacity}' is not one of {', '.join(CAPACITY_WORDS)}")
    facts = []
    sold = {"onDemand": offering.on_demand, "spot": offering.spot, "reserved": offering.reserved}[capacity]
    if sold is None:
        facts.append(
            f"whether {offering.cloud} sells {offering.machine_type} as {CAPACITY_WORDS[capacity]} "
            "(the catalog has no source)"
        )
    if offering.interconnect != "none" and offering.interconnect_count is None:
        facts.append(
            f"how many {FABRIC_UNITS[offering.interconnect]} {offering.cloud} {offering.machine_type} has "
            f"for its {offering.interconnect} fabric (the catalog has no source)"
        )
    return facts
