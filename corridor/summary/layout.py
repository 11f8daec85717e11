"""The summary's layout: one block per stack, one legend after them all, rendered to plain text.

Layout is by `rich`: every line fits the width it is given, long values wrap (or fold, for
tokens without spaces), and output is plain ASCII text. Output that is not a terminal gets a
fixed width, so logs and tests are deterministic.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from rich.box import Box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from corridor.summary import gpu
from corridor.summary.cost import cost_lines
from corridor.summary.legend import legend_renderable
from corridor.summary.observability import observability_lines
from corridor.summary.overrides import override_lines
from corridor.summary.resources import rows, totals
from corridor.summary.storage import bucket_rows

DEFAULT_WIDTH = 100
"""Width for output that is not a terminal (pytest, CI logs, pipes): fixed, so output is
deterministic; wide enough for a resource type token and its counts on one line."""

# SIMPLE_HEAD in ASCII: a dashed rule under the header, a blank line between sections.
ASCII_SIMPLE = Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(""), Text(title), Padding(body, (0, 0, 0, 2)))


def _resource_table(plan: dict[str, Any]) -> Table:
    # One type column with capability rows above their types (rather than a capability column)
    # leaves the long type tokens the most room; a token that still does not fit folds, indented.
    table = Table(box=ASCII_SIMPLE, show_edge=False, pad_edge=False, header_style="", expand=False)
    table.add_column("capability / type", overflow="fold")
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("protected", justify="right", no_wrap=True)
    body = rows(plan)
    for index, (capability, kind, count, protected) in enumerate(body):
        if index == 0 or body[index - 1][0] != capability:
            table.add_row(Text(capability), Text(""), Text(""))
        last = index == len(body) - 1 or body[index + 1][0] != capability
        table.add_row(Padding(Text(kind), (0, 0, 0, 2)), Text(str(count)), Text(str(protected)), end_section=last)
    return table


def _totals_text(plan: dict[str, Any]) -> Text:
    t = totals(plan)
    also = f", {t.retained} of them also retained on delete" if t.retained else ""
    return Text(
        f"{t.cloud} cloud resources, {t.protected} protected{also}. "
        f"{t.registrations} registrations in all = {t.cloud} cloud resources + {t.providers} "
        f"provider{'s' if t.providers != 1 else ''} + {t.components} component{'s' if t.components != 1 else ''}."
    )


def _storage_table(plan: dict[str, Any]) -> Table | None:
    body = bucket_rows(plan)
    if not body:
        return None
    table = Table(box=ASCII_SIMPLE, show_edge=False, pad_edge=False, header_style="", expand=False)
    # Names and construction tokens stay whole while the prose columns can wrap instead.
    table.add_column("bucket", no_wrap=True, overflow="fold")
    table.add_column("data in", overflow="fold")
    table.add_column("construction", no_wrap=True, overflow="fold")
    table.add_column("RPO", overflow="fold")
    for cells in body:
        table.add_row(*(Text(cell) for cell in cells))
    return table


def _pool_grid(plan: dict[str, Any]) -> Table | None:
    pools = gpu.pools(plan)
    if not pools:
        return None
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for name, pool in sorted(pools.items()):
        grid.add_row(Text(name), Text("\n".join(gpu.pool_lines(pool))))
    return grid


def stack_renderable(plan: dict[str, Any]) -> Group:
    """One stack's summary as a rich renderable (`stack_summary` renders it to text)."""
    parts: list[RenderableType] = [
        Text(f"{plan['stack']}: {plan['cloud']} {plan['region']}, DR region {plan.get('drRegion') or 'none'}"),
        Padding(Group(_resource_table(plan), Text(""), _totals_text(plan)), (1, 0, 0, 2)),
    ]
    storage = _storage_table(plan)
    if storage is not None:
        parts.append(_section("storage", storage))
    pools = _pool_grid(plan)
    if pools is not None:
        parts.append(_section("GPU pools", pools))
    cluster = gpu.cluster_lines(plan)
    if cluster:
        parts.append(_section("cluster", Text("\n".join(cluster))))
    cost = cost_lines(plan)
    if cost:
        parts.append(_section("cost (list prices)", Text("\n".join(cost))))
    agents = observability_lines(plan)
    if agents:
        parts.append(_section("in the cluster", Text("\n".join(agents))))
    overrides = override_lines(plan)
    if overrides:
        parts.append(_section("stack overrides of Pulumi.yaml", Text("\n".join(overrides))))
    return Group(*parts)


def render_text(renderables: Iterable[RenderableType], width: int) -> str:
    """Render to plain text exactly `width` columns wide at most, without trailing spaces."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())


def stack_summary(plan: dict[str, Any], width: int = DEFAULT_WIDTH) -> str:
    """One stack's summary as text, no line wider than `width`."""
    return render_text([stack_renderable(plan)], width)


def legend(plans: Sequence[dict[str, Any]] = (), width: int = DEFAULT_WIDTH) -> str:
    """The legend alone as text, for `plans` (every term when none are given)."""
    return render_text([legend_renderable(plans)], width)


def report(plans: Sequence[dict[str, Any]], width: int = DEFAULT_WIDTH) -> str:
    """Every plan's summary, then one legend for them all."""
    renderables: list[RenderableType] = []
    for plan in plans:
        renderables += [stack_renderable(plan), Text("")]
    renderables.append(legend_renderable(plans))
    return render_text(renderables, width)


def output_width(stream: TextIO) -> int:
    """The terminal's width when `stream` is a terminal, else `DEFAULT_WIDTH` (deterministic logs)."""
    if stream.isatty():
        return max(40, Console(file=stream).width)
    return DEFAULT_WIDTH
