"""`corridor catalog`: the "What each cloud sells" table, generated from the accelerator catalog.

The README shows which machines carry each canonical accelerator on each cloud, with GPU count,
fabric and purchase modes. That table is generated here from `components/catalog/accelerators.json`
(through `components.catalog.accelerators`) and kept in README.md between the markers below, so
the documentation cannot drift from the data the validator uses: `tests/docs` fails when the
README's copy differs from a fresh render, and `corridor catalog --write-readme` rewrites it.

Purchase modes are shown as the catalog holds them: `yes`, `no`, or `unknown` where no source
says (the catalog never guesses, and neither does this table).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
README = PROJECT_DIR / "README.md"
START = "<!-- catalog-table:start -->"
END = "<!-- catalog-table:end -->"
REGENERATE = "bin/corridor catalog --write-readme"
EXIT_STALE = 1
EXIT_NO_MARKERS = 2


def _mode(sold: bool | None) -> str:
    return "unknown" if sold is None else "yes" if sold else "no"


def _interconnect(kind: str, count: int | None) -> str:
    if kind == "none":
        return "none"
    return f"{kind} x{count}" if count is not None else f"{kind} (count unknown)"


def render() -> str:
    """The table as markdown, with the line saying where the data comes from (no markers)."""
    from components.catalog import accelerators
    from components.clouds.registry import clouds

    data: dict[str, Any] = json.loads(accelerators.DATA_FILE.read_text())
    order = {name: index for index, name in enumerate(accelerators.accelerators())}
    rows = sorted(
        accelerators.offerings(),
        key=lambda o: (order[o.accelerator], o.cloud, o.gpus, o.vcpus or 0, o.machine_type),
    )
    catalog_only = sorted({o.cloud for o in rows} - set(clouds()))
    source = accelerators.DATA_FILE.relative_to(PROJECT_DIR)
    lines = [
        f"Generated from `{source}` (schema version {data['schemaVersion']}, checked {data['checked']}) "
        f"by `{REGENERATE}`; every row there names its source. `unknown` means no source was found, "
        "not that the cloud does not sell it; `reserved` means bought through a reservation "
        "(`corridor:reservations`). Region availability is not in the catalog: check your region's "
        "offerings and quota before `pulumi up`."
        + (
            f" Rows for {', '.join(catalog_only)} are catalog data only: corridor deploys to "
            f"{', '.join(clouds())} today."
            if catalog_only
            else ""
        ),
        "",
        "| accelerator | cloud | machine type | GPUs | interconnect | on-demand | spot | reserved |",
        "|---|---|---|--:|---|---|---|---|",
    ]
    for o in rows:
        lines.append(
            f"| {o.accelerator} | {o.cloud} | `{o.machine_type}` | {o.gpus} "
            f"| {_interconnect(o.interconnect, o.interconnect_count)} "
            f"| {_mode(o.on_demand)} | {_mode(o.spot)} | {_mode(o.reserved)} |"
        )
    return "\n".join(lines)


def with_table(readme: str, table: str) -> str:
    """`readme` with the text between the markers replaced by `table`."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start or readme.count(START) != 1 or readme.count(END) != 1:
        raise ValueError(f"README.md must hold exactly one {START} ... {END} pair, in that order")
    return readme[: start + len(START)] + "\n" + table + "\n" + readme[end:]


def table_in(readme: str) -> str:
    """The table currently between the markers of `readme`."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"README.md has no {START} ... {END} pair")
    return readme[start + len(START) : end].strip("\n")


def command(args: argparse.Namespace) -> int:
    """Print the table; or rewrite README.md's copy (`--write-readme`); or check it (`--check`)."""
    readme = Path(args.readme)
    if not (args.write_readme or args.check):
        print(render())
        return 0
    text = readme.read_text()
    try:
        fresh = with_table(text, render())
    except ValueError as error:
        print(f"{readme}: {error}", file=sys.stderr)
        return EXIT_NO_MARKERS
    if args.check:
        if fresh != text:
            print(f"{readme.name}: the catalog table is stale; run `{REGENERATE}`", file=sys.stderr)
            return EXIT_STALE
        print(f"{readme.name}: the catalog table matches the catalog")
        return 0
    if fresh != text:
        readme.write_text(fresh)
        print(f"{readme.name}: catalog table rewritten")
    else:
        print(f"{readme.name}: catalog table already current")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the `catalog` subcommand on the CLI's subcommands."""
    catalog = commands.add_parser("catalog", help="print the 'What each cloud sells' table from the catalog")
    mode = catalog.add_mutually_exclusive_group()
    mode.add_argument("--write-readme", action="store_true", help="rewrite the table in README.md")
    mode.add_argument("--check", action="store_true", help="fail if README.md's table differs from the catalog")
    catalog.add_argument("--readme", default=str(README), help=argparse.SUPPRESS)
    catalog.set_defaults(handler=command)
