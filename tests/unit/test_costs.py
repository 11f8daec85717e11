"""Cost as code: the price catalog, the `cost` output, stale prices and the price on GPU metrics (issue 17).

Prices are data with a source and a date or `null` with a reason; the figures in a plan follow from
them (`maxNodes` x price, price / GPUs), an unknown price never becomes zero in a total, and a price
older than `cost.maxPriceAgeDays` is called stale when a plan is read.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from components.catalog import accelerators, prices
from components.catalog.data import CatalogDataError
from components.clouds.registry import profile_for
from components.kubernetes import gpu_agents
from components.kubernetes.collector import CURRENCY_ATTRIBUTE, GPU_SERIES_METRIC, PRICE_ATTRIBUTE, PRICE_METRIC
from corridor import cli
from corridor.summary.cost import cost_lines, stale_prices
from tests.conftest import CLOUDS, PROJECT_DIR, STACKS, render_plan

PRICED_CLOUDS = [cloud for cloud in CLOUDS if profile_for(cloud).standing_costs is not None]


def _committed(stack: str) -> dict[str, Any]:
    return json.loads((PROJECT_DIR / "plans" / f"{stack}.json").read_text())


def _stack_regions(cloud: str) -> set[str]:
    """Every region a committed stack of `cloud` runs GPU pools in (recovery stacks run in the
    source's DR region, so DR regions count too)."""
    found = set()
    for stack in STACKS:
        plan = _committed(stack)
        if plan["cloud"] == cloud:
            found |= {plan["region"], plan["drRegion"]} - {None}
    return found


@pytest.mark.parametrize("cloud", PRICED_CLOUDS)
def test_every_catalog_machine_has_a_price_or_a_reason_in_every_stack_region(cloud: str) -> None:
    """Each machine the accelerator catalog resolves on the cloud, in each region its stacks use,
    in each capacity mode, is in the price catalog: a sourced, dated number or null with the
    reason. A missing row would be silently unpriced, so it fails here."""
    machines = {offering.machine_type for offering in accelerators.offerings() if offering.cloud == cloud}
    assert machines
    for region in _stack_regions(cloud):
        for machine in sorted(machines):
            for mode in prices.CAPACITY_MODES:
                price = prices.machine_price(cloud, region, machine, mode)
                assert "has no row" not in str(price.reason), (cloud, region, machine, mode)
                where = (cloud, region, machine, mode)
                if price.amount is None:
                    assert price.reason, where
                    assert price.reason.strip(), where
                else:
                    assert price.amount > 0, where
                    assert price.source, where
                    assert price.date, where


@pytest.mark.parametrize("stack", [s for s in STACKS if not s.startswith("kubernetes")])
def test_pool_figures_follow_from_the_price_and_max_nodes(stack: str) -> None:
    """Per pool: per GPU-hour is the node price over its GPUs and the hourly maximum is the node
    price times `maxNodes`; an unknown price leaves all three, and the stack's maximum, unknown."""
    cost = _committed(stack)["outputs"]["cost"]
    assert cost["gpuPools"]
    for name, pool in cost["gpuPools"].items():
        node = pool["perNodeHour"]
        if node is None:
            assert pool["perGpuHour"] is None, name
            assert pool["maxHourly"] is None, name
            assert pool["price"]["unknown"], name
            assert cost["maxHourly"] is None, "an unknown pool price must not total as zero"
        else:
            assert pool["perGpuHour"] == pytest.approx(node / pool["gpusPerNode"], abs=1e-4), name
            assert pool["maxHourly"] == pytest.approx(node * pool["maxNodes"], abs=1e-3), name
            assert pool["price"]["date"], name
            assert pool["price"]["source"], name


def test_an_oci_h100_pool_costs_the_global_list_price() -> None:
    """A worked case from the catalog: OCI's BM.GPU.H100.8 at its list price per node-hour, in the
    pool's own figures and the stack total (standing cost plus every pool at maxNodes)."""
    plan = render_plan("oci")
    cost = plan["outputs"]["cost"]
    train = cost["gpuPools"]["train"]
    listed = prices.machine_price("oci", plan["region"], "BM.GPU.H100.8", "onDemand")
    assert listed.amount is not None
    assert (train["machineType"], train["perNodeHour"]) == ("BM.GPU.H100.8", listed.amount)
    assert train["perGpuHour"] == listed.amount / 8
    assert train["maxHourly"] == listed.amount * train["maxNodes"]
    if cost["fixedHourly"] is not None and all(p["maxHourly"] is not None for p in cost["gpuPools"].values()):
        expected = cost["fixedHourly"] + sum(p["maxHourly"] for p in cost["gpuPools"].values())
        assert cost["maxHourly"] == pytest.approx(expected, abs=1e-3)


def test_a_price_the_catalog_lacks_is_unknown_never_zero() -> None:
    """A machine or service with no row is unknown with the reason, not priced at 0."""
    machine = prices.machine_price("aws", "ap-southeast-1", "no-such-machine", "onDemand")
    service = prices.service_price("aws", "ap-southeast-1", "replication:no-such-construction")
    for price in (machine, service):
        assert price.amount is None
        assert price.reason
        assert "no" in price.reason


def test_stale_prices_are_named_when_the_plan_is_read() -> None:
    """A price older than `cost.maxPriceAgeDays` on the day the plan is read is flagged, with its
    date; the same plan read the day its prices were checked has none."""
    cost = render_plan("oci")["outputs"]["cost"]
    checked = datetime.date.fromisoformat(cost["catalogChecked"])
    assert stale_prices(cost, checked) == []
    later = checked + datetime.timedelta(days=cost["maxPriceAgeDays"] + 400)
    stale = stale_prices(cost, later)
    assert any(line.startswith("GPU pool train: read ") for line in stale), stale
    summary = cost_lines(render_plan("oci"), today=later)
    assert any(line.startswith("stale: GPU pool train") for line in summary)


def test_a_shorter_age_limit_reaches_the_plan() -> None:
    """`corridor:cost.maxPriceAgeDays` is the stack's, carried in the plan for the reader."""
    plan = render_plan("oci", {"cost": {"maxPriceAgeDays": 7}})
    assert plan["outputs"]["cost"]["maxPriceAgeDays"] == 7


def test_the_assumptions_scale_the_monthly_data_cost() -> None:
    """Storage and replication follow `cost.assumptions`: ten times the data, ten times the cost
    of every storage and replication line."""
    base = render_plan("oci")["outputs"]["cost"]
    edits = {"cost": {"assumptions": {"storedGb": 100_000, "changedGbPerDay": 5_000, "logGbPerDay": 5}}}
    bigger = render_plan("oci", edits)["outputs"]["cost"]
    assert bigger["assumptions"] == {"storedGb": 100_000, "changedGbPerDay": 5_000, "logGbPerDay": 5}
    for small, large in zip(base["monthlyItems"], bigger["monthlyItems"], strict=True):
        if small["item"] != "log ingestion" and small["cost"] is not None:
            assert large["cost"] == pytest.approx(small["cost"] * 10, rel=1e-3), small["item"]


def _collector_config(plan: dict[str, Any]) -> dict[str, Any]:
    (release,) = [r for r in plan["resources"] if r["name"] == "observability-collector"]
    return release["inputs"]["values"]["config"]


@pytest.mark.parametrize("cloud", [c for c in PRICED_CLOUDS])
def test_gpu_metrics_carry_the_pools_price_per_gpu_hour(cloud: str) -> None:
    """The collector prices each GPU series by its node's pool: the node's `corridor.dev/pool`
    label is read, and one statement per priced pool sets the price per GPU-hour the plan's cost
    output gives, and its currency, on the GPU pipeline only."""
    plan = render_plan(cloud)
    config = _collector_config(plan)
    pools = plan["outputs"]["cost"]["gpuPools"]
    priced = {name: pool["perGpuHour"] for name, pool in pools.items() if pool["perGpuHour"] is not None}
    labels = config["processors"]["k8s_attributes"]["extract"]["labels"]
    assert {"tag_name": "corridor.pool", "key": "corridor.dev/pool", "from": "node"} in labels
    if not priced:
        assert "transform/price" not in config["processors"], "no price, no price attribute"
        return
    groups = {g["context"]: g["statements"] for g in config["processors"]["transform/price"]["metric_statements"]}
    for name, price in priced.items():
        where = f'where attributes["corridor.pool"] == "{name}"'
        assert f'set(attributes["{PRICE_ATTRIBUTE}"], {float(price)!r}) {where}' in groups["resource"]
        assert f'set(attributes["{CURRENCY_ATTRIBUTE}"], "USD") {where}' in groups["resource"]
    # The price as a value too: a copy of each GPU's utilisation series carries it.
    (copy,) = groups["metric"]
    assert copy.startswith(f'copy_metric(name="{PRICE_METRIC}") where name == "DCGM_FI_DEV_GPU_UTIL"')
    assert groups["datapoint"] == [
        f'set(value_double, resource.attributes["{PRICE_ATTRIBUTE}"]) where metric.name == "{PRICE_METRIC}"'
    ]
    pipelines = config["service"]["pipelines"]
    assert pipelines["metrics/gpu"]["processors"][-1] == "transform/price"
    # The copied series is one corridor's DCGM exporter always exports.
    assert f"\n{GPU_SERIES_METRIC}, gauge," in gpu_agents._COUNTERS
    assert "transform/price" not in pipelines["metrics"]["processors"]


def test_a_committed_stack_prices_its_gpu_metrics() -> None:
    """At least one committed plan attaches a price to its GPU metrics, so the statement shape
    above is exercised on real data, not only skipped."""
    assert any(
        "transform/price" in _collector_config(_committed(s))["processors"] for s in STACKS if "kubernetes" not in s
    )


def test_the_catalog_refuses_a_price_without_source_or_reason() -> None:
    """A malformed price catalog fails loading and names the entry: a null without a reason, a
    number without a known source, a unit that does not fit the item."""
    good = {"sources": {"S1": {"date": "2026-11-26"}}, "machines": [], "services": []}
    bad_rows: list[tuple[str, dict[str, Any]]] = [
        ("machines", {"cloud": "aws", "region": "r", "machineType": "m", "onDemand": {"perHour": None},
                      "spot": {"perHour": None, "reason": "x"}, "reserved": {"perHour": None, "reason": "x"}}),
        ("machines", {"cloud": "aws", "region": "r", "machineType": "m",
                      "onDemand": {"perHour": 1.0, "source": "S9", "date": "2026-11-26"},
                      "spot": {"perHour": None, "reason": "x"}, "reserved": {"perHour": None, "reason": "x"}}),
        ("services", {"cloud": "aws", "region": "r", "item": "key", "unit": "hour", "price": 1.0,
                      "source": "S1", "date": "2026-11-26"}),
    ]  # fmt: skip
    for section, row in bad_rows:
        with pytest.raises(CatalogDataError):
            prices._validate({**good, section: [row]})


def test_cost_command_prints_the_fleet_table(capsys: pytest.CaptureFixture[str]) -> None:
    """`corridor cost` lists every GPU pool of the committed plans with its price per GPU-hour
    (or unknown) in one table, and as CSV and JSON for tools."""
    assert cli.main(["cost", "--today", "2026-12-07"]) == 0
    table = capsys.readouterr().out
    for column in ("stack", "cloud", "region", "pool", "accelerator", "capacity", "$/GPU-h", "max $/h"):
        assert column in table
    assert cli.main(["cost", "--format", "json", "--today", "2026-12-07"]) == 0
    data = json.loads(capsys.readouterr().out)
    committed = {(s, name) for s in STACKS for name in _committed(s)["outputs"].get("cost", {}).get("gpuPools", {})}
    assert {(row["stack"], row["pool"]) for row in data["pools"]} == committed
    assert cli.main(["cost", "--format", "csv", "--today", "2026-12-07"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith("stack,cloud,region,pool,accelerator,capacity,gpusPerNode,perGpuHour,maxHourly")


# What each cloud's standing costs count, found in its plan: NAT gateways and keys by type.
NAT_TYPES = {
    "aws": "aws:ec2/natGateway:NatGateway",
    "gcp": "gcp:compute/routerNat:RouterNat",
    "azure": "azure-native:network:NatGateway",
    "oci": "oci:Core/natGateway:NatGateway",
    "alicloud": "alicloud:vpc/natGateway:NatGateway",
}
KEY_TYPES = {
    "aws": {"aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"},
    "gcp": {"gcp:kms/cryptoKey:CryptoKey"},
    "azure": {"azure-native:keyvault:Key"},
    "oci": {"oci:Kms/key:Key"},
    "alicloud": {"alicloud:kms/key:Key"},
}
VAULT_TYPES = {"oci": {"oci:Kms/vault:Vault"}}


@pytest.mark.parametrize("cloud", PRICED_CLOUDS)
def test_standing_costs_count_what_the_plan_creates(cloud: str) -> None:
    """Each cloud's declared standing costs (its `costs.py`) match its example plan: as many NAT
    gateways and keys (and hourly-billed vaults) as the plan creates, and the system nodes'
    machine type is one the plan asks for. A builder change that adds a gateway fails here until
    the estimate follows."""
    plan = render_plan(cloud)
    standing = profile_for(cloud).standing_costs
    assert standing is not None
    types = [r["type"] for r in plan["resources"]]
    zones = plan["outputs"]["cluster"]["systemZones"]
    gateways = {"per-zone": len(zones), "one": 1, "none": 0}[standing.nat_gateways]
    assert gateways > 0
    assert types.count(NAT_TYPES[cloud]) == gateways
    assert sum(types.count(t) for t in KEY_TYPES[cloud]) == 2 * standing.keys_per_region
    assert sum(types.count(t) for t in VAULT_TYPES.get(cloud, set())) == 2 * standing.vaults_per_region
    assert f'"{standing.system_machine}"' in json.dumps([r["inputs"] for r in plan["resources"]])
    fixed = {line["item"] for line in plan["outputs"]["cost"]["fixedItems"]}
    assert f"system nodes ({standing.system_machine})" in fixed
