"""The accelerator catalog: canonical GPU names mapped to the machines that carry them per cloud.

Backed by `accelerators.json` (schema version, check date, one source per row; facts only one
cloud has sit in a section of the row named after its cloud, e.g. GKE's accelerator string in
`"gcp": {"gkeAccelerator": ...}`, read by that cloud's adapter through `Offering.cloud_fact`).
The file is validated when first read; a malformed row raises `CatalogDataError` naming it. A pool asks for
an accelerator and a GPU count; `offering()` answers with the one machine type that carries
exactly that on the stack's cloud, or raises `CatalogError` with a suggestion ("H10 is not an
accelerator; did you mean H100?", "B200 is not offered by azure; offered by aws, gcp, oci").
Unknown facts are `None` in the data and stay unknown here; nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from components.catalog.data import CatalogDataError, load
from components.definition.errors import did_you_mean

SCHEMA_VERSION = 2
DATA_FILE = Path(__file__).with_name("accelerators.json")
INTERCONNECT_KINDS = ("efa", "gpudirect-tcpx", "gpudirect-tcpxo", "gpudirect-rdma", "infiniband", "none")

CPU_ARCHS = ("x86_64", "arm64")

ROW_KEYS = frozenset(
    {
        "accelerator",
        "cloud",
        "machineType",
        "gpus",
        "gpuMemoryGiB",
        "vcpus",
        "memoryGiB",
        "cpuArch",
        "interconnect",
        "driver",
        "capacity",
        "source",
    }
)
"""The keys every row has; beside them a row may hold one more, a section named after its own
cloud with the facts only that cloud has (string values, e.g. GKE's accelerator name)."""

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
    driver: str
    """The cloud's driver route, e.g. the EKS AMI type `AL2023_x86_64_NVIDIA`."""
    on_demand: bool | None
    spot: bool | None
    reserved: bool | None
    """Which purchase modes the cloud sells; None where no source says."""
    source: str
    cloud_facts: tuple[tuple[str, str], ...] = ()
    """The row's own-cloud section as (key, value) pairs, e.g. `(("gkeAccelerator",
    "nvidia-h100-80gb"),)`: facts only the row's cloud has, for its adapter to read."""

    def cloud_fact(self, key: str) -> str | None:
        """The value of `key` in the row's own-cloud section; None where the row has none."""
        return dict(self.cloud_facts).get(key)


@cache
def _data() -> dict[str, Any]:
    data = load(DATA_FILE, SCHEMA_VERSION)
    _validate(data)
    return data


def _fail(entry: str, problem: str) -> CatalogDataError:
    return CatalogDataError(DATA_FILE, entry, problem)


def _validate(data: dict[str, Any]) -> None:
    """Refuse a file the lookups could misread, naming the first bad row."""
    names = data.get("accelerators")
    if not isinstance(names, dict) or not names:
        raise _fail("accelerators", "must map each canonical accelerator name to its facts")
    rows = data.get("offerings")
    if not isinstance(rows, list) or not rows:
        raise _fail("offerings", "must be a list of rows")
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise _fail(f"offerings[{index}]", "must be an object")
        entry = f"offerings[{index}] ({row.get('cloud')} {row.get('machineType')})"
        for key in ("accelerator", "cloud", "machineType", "driver"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise _fail(f"{entry}.{key}", "missing")
        source = row.get("source")
        if not isinstance(source, str) or not source.strip():
            raise _fail(f"{entry}.source", "missing: every row names where its facts come from")
        if row["accelerator"] not in names:
            raise _fail(f"{entry}.accelerator", f"'{row['accelerator']}' is not in `accelerators`")
        for key in ("gpus", "gpuMemoryGiB"):
            if not isinstance(row.get(key), int) or isinstance(row[key], bool) or row[key] < 1:
                raise _fail(f"{entry}.{key}", f"{row.get(key)!r} is not a positive integer")
        for key in ("vcpus", "memoryGiB"):
            value = row.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise _fail(f"{entry}.{key}", f"{value!r} is not a positive integer or null (unknown)")
        if row.get("cpuArch") not in CPU_ARCHS:
            raise _fail(f"{entry}.cpuArch", f"{row.get('cpuArch')!r} is not one of {', '.join(CPU_ARCHS)}")
        interconnect = row.get("interconnect")
        if not isinstance(interconnect, dict) or interconnect.get("kind") not in INTERCONNECT_KINDS:
            kind = interconnect.get("kind") if isinstance(interconnect, dict) else interconnect
            raise _fail(f"{entry}.interconnect.kind", f"{kind!r} is not one of {', '.join(INTERCONNECT_KINDS)}")
        count = interconnect.get("count")
        if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
            raise _fail(f"{entry}.interconnect.count", f"{count!r} is not a count or null (unknown)")
        capacity = row.get("capacity")
        if not isinstance(capacity, dict) or set(capacity) != set(CAPACITY_WORDS):
            raise _fail(f"{entry}.capacity", f"must hold exactly {', '.join(CAPACITY_WORDS)}")
        for mode, sold in capacity.items():
            if sold is not None and not isinstance(sold, bool):
                raise _fail(f"{entry}.capacity.{mode}", f"{sold!r} is not true, false or null (no source)")
        _cloud_section(entry, row)


def _cloud_section(entry: str, row: dict[str, Any]) -> None:
    """Beside the common keys a row holds at most its own cloud's section: string facts by name."""
    unknown = sorted(set(row) - ROW_KEYS - {row["cloud"]})
    if unknown:
        raise _fail(entry, f"unknown keys {', '.join(unknown)} (a row's only section is its own cloud's)")
    section = row.get(row["cloud"])
    if section is None:
        return
    if not isinstance(section, dict) or not section:
        raise _fail(f"{entry}.{row['cloud']}", "must be an object of the cloud's own facts")
    for key, value in section.items():
        if not isinstance(value, str) or not value.strip():
            raise _fail(f"{entry}.{row['cloud']}.{key}", "missing (a fact is a non-empty string)")


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
                driver=row["driver"],
                on_demand=row["capacity"]["onDemand"],
                spot=row["capacity"]["spot"],
                reserved=row["capacity"]["reserved"],
                source=row["source"],
                cloud_facts=tuple(row.get(row["cloud"], {}).items()),
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
