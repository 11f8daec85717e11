"""`python -m corridor cost`: the fleet's GPU prices as one table, read from the committed plans.

One row per GPU pool of every plan: stack, cloud, region, pool, accelerator, capacity, GPUs per
node, price per GPU-hour, the most the pool can cost in an hour at `maxNodes`, and the date of the
price, so the same H100 x8 compares across clouds and regions at a glance. Then one row per stack
with its standing hourly cost and the most it can cost in an hour. `--format csv|json` for tools.
Offline: it reads plan documents only (the `cost` output, README "The plan contract").
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import sys
from pathlib import Path
from typing import Any

from rich.table import Table

from corridor.summary.cost import cost_lines, money, stale_prices
from corridor.summary.layout import output_width, render_text

POOL_COLUMNS = (
    "stack",
    "cloud",
    "region",
    "pool",
    "accelerator",
    "capacity",
    "gpusPerNode",
    "perGpuHour",
    "maxHourly",
    "priceDate",
)
STACK_COLUMNS = ("stack", "cloud", "region", "fixedHourly", "maxHourly", "monthlyData", "stale")


def _plans(paths: list[str]) -> list[dict[str, Any]]:
    return [json.loads(Path(path).read_text()) for path in sorted(paths)]


def pool_rows(plans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per GPU pool of every plan that carries a `cost` output."""
    rows = []
    for plan in plans:
        cost = plan.get("outputs", {}).get("cost") or {}
        labels = {
            name: pool.get("nodeLabels", {}) for name, pool in plan.get("outputs", {}).get("gpuPools", {}).items()
        }
        for name, pool in cost.get("gpuPools", {}).items():
            rows.append(
                {
                    "stack": plan["stack"],
                    "cloud": plan["cloud"],
                    "region": plan["region"],
                    "pool": name,
                    "accelerator": labels.get(name, {}).get("corridor.dev/accelerator"),
                    "capacity": pool["capacity"],
                    "gpusPerNode": pool["gpusPerNode"],
                    "perGpuHour": pool["perGpuHour"],
                    "maxHourly": pool["maxHourly"],
                    "priceDate": pool.get("price", {}).get("date"),
                    "unknown": pool.get("price", {}).get("unknown"),
                }
            )
    return rows


def stack_rows(plans: list[dict[str, Any]], today: datetime.date) -> list[dict[str, Any]]:
    """One row per plan with a `cost` output: standing and maximum hourly cost, monthly data cost."""
    rows = []
    for plan in plans:
        cost = plan.get("outputs", {}).get("cost")
        if not cost:
            continue
        rows.append(
            {
                "stack": plan["stack"],
                "cloud": plan["cloud"],
                "region": plan["region"],
                "fixedHourly": cost.get("fixedHourly"),
                "maxHourly": cost.get("maxHourly"),
                "monthlyData": cost.get("monthlyData"),
                "stale": len(stale_prices(cost, today)),
                "unknown": cost.get("unknown", []),
            }
        )
    return rows


HEADERS = {
    "gpusPerNode": "GPUs",
    "perGpuHour": "$/GPU-h",
    "maxHourly": "max $/h",
    "priceDate": "price of",
    "fixedHourly": "standing $/h",
    "monthlyData": "data $/month",
    "stale": "stale prices",
}
"""Column headings of the table format; CSV and JSON keep the field names."""

TABLE_WIDTH = 160
"""Wide enough for every column of the fleet table unwrapped (recovery stack names are long)."""


def _table(title: str, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> Table:
    money_columns = {"perGpuHour", "maxHourly", "fixedHourly", "monthlyData"}
    table = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
    for column in columns:
        justify = "right" if column in money_columns | {"gpusPerNode", "stale"} else "left"
        table.add_column(HEADERS.get(column, column), justify=justify, no_wrap=True)
    for row in rows:
        table.add_row(
            *(money(row[c]) if c in money_columns else str(row[c] if row[c] is not None else "-") for c in columns)
        )
    return table


def command_cost(args: argparse.Namespace) -> int:
    if args.write_readme:
        readme = Path(args.project_dir, "README.md")
        text = readme.read_text()
        readme.write_text(text.replace(current_block(text), readme_block(Path(args.project_dir))))
        print("README.md: cost example rewritten")
        return 0
    today = datetime.date.fromisoformat(args.today) if args.today else datetime.date.today()
    paths = args.plans or [str(p) for p in Path(args.project_dir, "plans").glob("*.json")]
    plans = _plans(paths)
    pools, stacks = pool_rows(plans), stack_rows(plans, today)
    if args.format == "json":
        print(json.dumps({"pools": pools, "stacks": stacks}, indent=1, sort_keys=True))
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=[*POOL_COLUMNS, "unknown"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(pools)
        print(buffer.getvalue(), end="")
    else:
        width = max(output_width(sys.stdout), TABLE_WIDTH)
        print(render_text([_table("GPU pools (USD, list prices)", POOL_COLUMNS, pools)], width))
        print()
        print(render_text([_table("stacks (USD)", STACK_COLUMNS, stacks)], width))
        unknown = [f"{row['stack']} {row['pool']}: {row['unknown']}" for row in pools if row["unknown"]]
        unknown += [f"{row['stack']}: {what}" for row in stacks for what in row["unknown"]]
        for line in unknown:
            print(f"unknown: {line}")
        if any(row["stale"] for row in stacks):
            print("stale prices: see each stack's summary (`python -m corridor plan --stack <stack>`)", file=sys.stderr)
    return 0


README_START, README_END = "<!-- cost-example:start -->", "<!-- cost-example:end -->"
README_STACK = "gcp-asia-southeast1"
"""The stack whose breakdown README shows: its pools and standing cost are priced in the catalog."""


def _markdown_table(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> list[str]:
    money_columns = {"perGpuHour", "maxHourly", "fixedHourly", "monthlyData"}
    lines = ["| " + " | ".join(HEADERS.get(c, c) for c in columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = [money(row[c]) if c in money_columns else str(row[c] if row[c] is not None else "-") for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def readme_block(project_dir: Path) -> str:
    """README's "What a region costs" example: one stack's cost section as the summary prints it and
    the fleet table, from the committed plans, with staleness judged on the catalog's check date (so
    the block changes only when plans or prices do)."""
    plans = _plans([str(p) for p in Path(project_dir, "plans").glob("*.json")])
    today = max(
        datetime.date.fromisoformat(p["outputs"]["cost"]["catalogChecked"]) for p in plans if "cost" in p["outputs"]
    )
    (example,) = [p for p in plans if p["stack"] == README_STACK]
    body = [
        f"`python -m corridor plan --stack {README_STACK}` prints, in its summary:",
        "",
        "```text",
        *cost_lines(example, today),
        "```",
        "",
        "`python -m corridor cost` prints the fleet:",
        "",
        *_markdown_table(POOL_COLUMNS, pool_rows(plans)),
    ]
    return "\n".join([README_START, *body, README_END])


def current_block(text: str) -> str:
    """The block README.md holds now, markers included."""
    return text[text.index(README_START) : text.index(README_END) + len(README_END)]


def add_parser(commands: Any, project_dir: Path) -> None:
    cost = commands.add_parser(
        "cost",
        help="the fleet's GPU prices and hourly costs as one table, from the plans",
        description="Print every GPU pool of the committed plans (or the given plan files) with its price per "
        "GPU-hour and the most it can cost in an hour, then each stack's standing and maximum hourly cost. "
        "List prices from components/catalog/prices.json, no discounts; unknown prices are shown as unknown.",
    )
    cost.add_argument("plans", nargs="*", help="plan files (default: plans/*.json)")
    cost.add_argument("--format", choices=("table", "csv", "json"), default="table")
    cost.add_argument("--today", help=argparse.SUPPRESS)
    cost.add_argument("--write-readme", action="store_true", help="rewrite README.md's cost example and exit")
    cost.add_argument("--project-dir", default=str(project_dir), help=argparse.SUPPRESS)
    cost.set_defaults(handler=command_cost)
