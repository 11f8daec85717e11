"""The price catalog: dated public list prices of the machines and services a region stack runs.

Backed by `prices.json` (schema version, check date, sources with their dates): per cloud, region
and machine type the list price per hour of each capacity mode (`onDemand`, `spot`, `reserved`),
and per cloud and region the services a stack pays for beside the GPUs (control plane, NAT, keys,
object storage, replication transfer per construction, log ingestion). Every price carries the
source it was read from and the date it was read; a price no source gives is `null` with the
reason, and stays unknown here: nothing is guessed, and nothing unknown is ever priced as zero.
Region `"*"` is a cloud's global price list (OCI publishes one), used where the region has no row.

List prices only, in the file's currency (USD), without negotiated discounts, savings plans or
free tiers. docs/prices-sources.md lists the sources and what is still unknown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from components.catalog.data import CatalogDataError, load

SCHEMA_VERSION = 1
DATA_FILE = Path(__file__).with_name("prices.json")
CAPACITY_MODES = ("onDemand", "spot", "reserved")
"""The capacity modes a machine row prices, as `corridor:gpuPools[].capacity` spells them."""

ANY_REGION = "*"
"""The region of a row from a cloud's single global price list."""

SERVICE_ITEMS = {
    "control-plane": "hour",
    "nat-gateway": "hour",
    "nat-data": "GB",
    "key": "month",
    "vault": "hour",
    "object-storage": "GB-month",
    "object-storage-dual-region": "GB-month",
    "log-ingestion": "GB",
}
"""The service items a stack is priced by, with their unit; replication transfer is
`replication:<construction>` per GB (the bucket outputs' `replication` value)."""

REPLICATION_PREFIX = "replication:"


@dataclass(frozen=True)
class Price:
    """One price, or why there is none."""

    amount: float | None
    """Price per unit (USD); None when no source gives it."""
    unit: str
    """`hour`, `month`, `GB`, `GB-month`."""
    source: str | None
    """The source id (`S1`) and what it is, for a reader; None when unknown."""
    date: datetime.date | None
    """When the price was read (or the source's snapshot date)."""
    reason: str | None = None
    """Why the price is unknown (set exactly when `amount` is None)."""

    @property
    def known(self) -> bool:
        return self.amount is not None

    def age_days(self, today: datetime.date) -> int | None:
        """Days between the price's date and `today`; None when unknown."""
        return None if self.date is None else (today - self.date).days

    def outputs(self) -> dict[str, object]:
        """The price as stack outputs carry it."""
        return {
            "amount": self.amount,
            "unit": self.unit,
            "source": self.source,
            "date": None if self.date is None else self.date.isoformat(),
            "unknown": self.reason,
        }


def unknown(unit: str, reason: str) -> Price:
    """A price no source gives, with the reason."""
    return Price(None, unit, None, None, reason)


@cache
def _data() -> dict[str, Any]:
    data = load(DATA_FILE, SCHEMA_VERSION)
    _validate(data)
    return data


def _fail(entry: str, problem: str) -> CatalogDataError:
    return CatalogDataError(DATA_FILE, entry, problem)


def _date(entry: str, value: object) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise _fail(entry, f"date {value!r} is not YYYY-MM-DD") from error


def _validate_price(entry: str, value: object, sources: dict[str, Any], amount_key: str) -> None:
    if not isinstance(value, dict):
        raise _fail(entry, "is not an object")
    amount = value.get(amount_key)
    if amount is None:
        if not str(value.get("reason") or "").strip():
            raise _fail(entry, f"{amount_key} is null without a reason")
        return
    if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
        raise _fail(entry, f"{amount_key} {amount!r} is not a non-negative number")
    if value.get("source") not in sources:
        raise _fail(entry, f"source {value.get('source')!r} is not one of the file's sources")
    _date(entry, value.get("date"))


def _validate(data: dict[str, Any]) -> None:
    sources = data.get("sources")
    if not isinstance(sources, dict) or not sources:
        raise _fail("sources", "missing or empty")
    for key, source in sources.items():
        _date(f"sources.{key}", source.get("date"))
    seen: set[tuple[str, str, str]] = set()
    for index, row in enumerate(data.get("machines", [])):
        entry = f"machines[{index}] ({row.get('cloud')} {row.get('region')} {row.get('machineType')})"
        key = (str(row.get("cloud")), str(row.get("region")), str(row.get("machineType")))
        if key in seen:
            raise _fail(entry, "duplicate row")
        seen.add(key)
        for mode in CAPACITY_MODES:
            _validate_price(f"{entry}.{mode}", row.get(mode), sources, "perHour")
    services: set[tuple[str, str, str]] = set()
    for index, row in enumerate(data.get("services", [])):
        item = str(row.get("item"))
        entry = f"services[{index}] ({row.get('cloud')} {row.get('region')} {item})"
        expected = "GB" if item.startswith(REPLICATION_PREFIX) else SERVICE_ITEMS.get(item)
        if expected is None:
            raise _fail(entry, f"item {item!r} is not one of {sorted(SERVICE_ITEMS)} or replication:<construction>")
        if row.get("unit") != expected:
            raise _fail(entry, f"unit {row.get('unit')!r} is not {expected!r}")
        key = (str(row.get("cloud")), str(row.get("region")), item)
        if key in services:
            raise _fail(entry, "duplicate row")
        services.add(key)
        _validate_price(entry, row, sources, "price")


def checked() -> datetime.date:
    """The date the catalog as a whole was last checked."""
    return _date("checked", _data().get("checked"))


def currency() -> str:
    return str(_data()["currency"])


def _source_text(source_id: str) -> str:
    source = _data()["sources"][source_id]
    return f"{source_id}: {source.get('title', '')} ({source.get('where', '')})"


def _price(value: dict[str, Any], amount_key: str, unit: str) -> Price:
    amount = value.get(amount_key)
    if amount is None:
        return unknown(unit, str(value["reason"]))
    return Price(float(amount), unit, _source_text(str(value["source"])), _date("", value["date"]))


def _row(rows: list[dict[str, Any]], cloud: str, region: str, match: dict[str, str]) -> dict[str, Any] | None:
    """The row of `region`, else of the cloud's global list, matching `match`."""
    for wanted in (region, ANY_REGION):
        for row in rows:
            if (
                row.get("cloud") == cloud
                and row.get("region") == wanted
                and all(row.get(k) == v for k, v in match.items())
            ):
                return row
    return None


def machine_price(cloud: str, region: str, machine_type: str, capacity: str) -> Price:
    """The list price per hour of one `machine_type` node in `region` bought as `capacity`
    (`onDemand`, `spot`, `reserved`), or why it is unknown."""
    if capacity not in CAPACITY_MODES:
        return unknown("hour", f"the catalog prices {', '.join(CAPACITY_MODES)}, not {capacity}")
    row = _row(_data().get("machines", []), cloud, region, {"machineType": machine_type})
    if row is None:
        return unknown("hour", f"the price catalog has no row for {cloud} {machine_type} in {region}")
    return _price(row[capacity], "perHour", "hour")


def service_price(cloud: str, region: str, item: str) -> Price:
    """The list price of service `item` (see `SERVICE_ITEMS`, or `replication:<construction>`)
    in `region`, or why it is unknown."""
    unit = "GB" if item.startswith(REPLICATION_PREFIX) else SERVICE_ITEMS.get(item, "?")
    row = _row(_data().get("services", []), cloud, region, {"item": item})
    if row is None:
        return unknown(unit, f"the price catalog has no {item} price for {cloud} in {region}")
    return _price(row, "price", unit)


def machine_rows() -> tuple[tuple[str, str, str], ...]:
    """(cloud, region, machine type) of every machine row, for coverage tests."""
    return tuple((str(r["cloud"]), str(r["region"]), str(r["machineType"])) for r in _data().get("machines", []))
