"""The README's review example: what a reviewer sees for a real change, rendered by the tool.

The change: the GCP example stack moves its `train` pool from H100 to A100-80GB through
`corridor:overrides`. The old side is the committed plan, the new side a fresh render of the
stack with that override, and the text is `corridor diff`'s own markdown. `make readme` writes it
between the markers in README.md; tests/docs/test_readme.py fails while it is stale.

    python -m corridor.review.readme_example [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from corridor import stack_config
from corridor.render import render_config
from corridor.review import markdown, plans

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
README = PROJECT_DIR / "README.md"
START, END = "<!-- review-example:start -->", "<!-- review-example:end -->"
STACK = "gcp-asia-southeast1"
OVERRIDE = {"gpuPools": [{"name": "train", "accelerator": "A100-80GB"}]}


def example_markdown(project_dir: Path = PROJECT_DIR) -> str:
    """`corridor diff`'s markdown for the example change."""
    config = stack_config.load(project_dir, STACK)
    values = {**config.values, f"{config.project}:overrides": json.dumps(OVERRIDE)}
    changed = render_config(project_dir, stack_config.StackConfig(config.project, STACK, values, config.secret_keys))
    committed = json.loads((project_dir / "plans" / f"{STACK}.json").read_text())
    review = plans.compare(committed, changed.plan, STACK)
    return markdown.render(
        [review], f"corridor plan diff: {STACK} with the train pool on A100-80GB", markdown.DIFF_MARKER
    )


def readme_block(project_dir: Path = PROJECT_DIR) -> str:
    """The README block: the markdown as a reviewer's comment shows it, fenced so it reads as one."""
    return f"{START}\n````markdown\n{example_markdown(project_dir)}\n````\n{END}"


def current_block(text: str) -> str:
    """The block README.md holds now, markers included."""
    start, end = text.index(START), text.index(END) + len(END)
    return text[start:end]


def main(argv: list[str]) -> int:
    text = README.read_text()
    fresh = readme_block()
    if "--check" in argv:
        stale = current_block(text) != fresh
        print("README.md: review example is stale; run `make readme`" if stale else "README.md: review example fresh")
        return int(stale)
    README.write_text(text.replace(current_block(text), fresh))
    print("README.md: review example rewritten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
