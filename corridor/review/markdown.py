"""Reviews as one pull-request comment: the verdict and the dangers whole, the rest folded and cut.

A GitHub comment holds at most 65,536 characters and the Pulumi action cuts its own at 64,000
(review_dr_policy.md B3), so the comment is kept within `LIMIT`: the marker, the summary table and
the dangerous changes always appear whole; each stack's other changes sit in `<details>` blocks,
and once the budget is spent the rest are left out with a count of what was and how to see it.
"""

from __future__ import annotations

from corridor.review.model import OPS_SHOWN, ResourceChange, StackReview

LIMIT = 60_000
"""Characters per comment: below GitHub's 65,536 with room for the workflow's own lines."""

DIFF_MARKER = "<!-- corridor-review -->"
PREVIEW_MARKER = "<!-- corridor-preview-review -->"


def render(reviews: list[StackReview], title: str, marker: str, limit: int = LIMIT) -> str:
    """The comment for `reviews`: marker, title, summary table, dangers, then folded details."""
    head = [marker, f"## {title}", "", *_table(reviews), ""]
    head += _dangers(reviews)
    for review in reviews:
        if review.notes:
            head += [f"**{review.stack}** notes:", *(f"- {note}" for note in review.notes), ""]
    text = "\n".join(head)
    left_out = 0
    for review in reviews:
        for block in _stack_blocks(review):
            if len(text) + len(block) + 200 > limit:
                left_out += 1
                continue
            text += block
    if left_out:
        text += (
            f"\n\n_{left_out} more section(s) left out to fit a comment; run the same `python -m corridor` "
            "command locally for everything._\n"
        )
    return text


def _table(reviews: list[StackReview]) -> list[str]:
    lines = [
        "| stack | create | update | replace | delete | dangerous | GPU capacity |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for review in reviews:
        counts = review.counts()
        danger = len(review.dangerous) + len(review.problems)
        allowed = sum(1 for change in review.dangerous if change.allowed)
        verdict = "none" if not danger else f"**{danger}**" + (f" ({allowed} allowed)" if allowed else "")
        gpu = "; ".join(review.gpu_capacity) or "unchanged"
        lines.append(
            f"| {review.stack} | {counts['create']} | {counts['update']} | {counts['replace']} | "
            f"{counts['delete']} | {verdict} | {gpu} |"
        )
    return lines


def _dangers(reviews: list[StackReview]) -> list[str]:
    items = [(review, change) for review in reviews for change in review.dangerous]
    problems = [(review, problem) for review in reviews for problem in review.problems]
    if not items and not problems:
        return [
            "No dangerous change: nothing holding data or GPU capacity is replaced or deleted, no protection dropped.",
            "",
        ]
    lines = [f"### Dangerous changes ({len(items) + len(problems)})", ""]
    for review, problem in problems:
        lines.append(f"- **{review.stack}**: {problem}")
    for review, change in items:
        accepted = " _(allowed)_" if change.allowed else ""
        lines.append(f"- **{review.stack}** `{change.op}` `{change.type}` `{change.name}`{accepted}")
        lines += [f"  - {danger}" for danger in change.dangers]
        lines += [f"  - {note}" for note in change.notes]
        forced = [item for item in change.inputs if item.forces_replacement]
        lines += [f"  - `{item.path}`: {_code(item.old)} -> {_code(item.new)} (forces replacement)" for item in forced]
    return [*lines, ""]


def _stack_blocks(review: StackReview) -> list[str]:
    """One `<details>` block per operation of one stack, each a separate unit for the budget."""
    blocks = [f"\n### {review.stack}\n\n{_summary_line(review)}\n"]
    for op in OPS_SHOWN:
        changes = [change for change in review.changes if change.op == op and not change.dangerous]
        if not changes:
            continue
        body = "\n".join(_change_lines(change) for change in changes)
        blocks.append(f"\n<details><summary>{op} ({len(changes)})</summary>\n\n{body}\n\n</details>\n")
    return blocks


def _summary_line(review: StackReview) -> str:
    counts = review.counts()
    parts = [f"{counts[op]} {op}" for op in OPS_SHOWN if counts[op]] or ["no changes"]
    gpu = f"; GPU capacity: {'; '.join(review.gpu_capacity)}" if review.gpu_capacity else ""
    return f"`{review.stack}`: {', '.join(parts)}{gpu}"


def _change_lines(change: ResourceChange) -> str:
    lines = [f"- `{change.type}` `{change.name}`"]
    lines += [
        f"  - `{item.path}`: {_code(item.old)} -> {_code(item.new)}"
        + (" (forces replacement)" if item.forces_replacement else "")
        for item in change.inputs
    ]
    lines += [f"  - {note}" for note in change.notes]
    return "\n".join(lines)


def _code(text: str) -> str:
    """A value in inline code, unless it is a placeholder such as `(secret)`."""
    if text.startswith("(") and text.endswith(")"):
        return text
    return "`" + text.replace("`", "'") + "`"
