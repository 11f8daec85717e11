"""README.md stays true: its stack examples run as written, and its catalog table is current.

Conventions the README follows (and these tests enforce):

- A ```yaml block whose document has a top-level `config:` with `corridor:cloud` is a complete
  stack file. Its first line is a comment naming the file, `# stacks/Pulumi.<stack>.yaml ...`.
  It is written into a copy of the project's stacks dir and rendered by the real loader and
  program (`corridor.stack_config.load` + `corridor.render.render_config`, as `corridor plan`).
- When such a block is followed directly (blank lines only) by a ```text block, it is an error
  example: the text block lists exactly the problems validation reports, one
  `corridor:<path>: <reason>` line each, in the order reported.
- A problem line quoted in the prose (in backticks, `corridor:<path>: <reason>`) must be one that
  an error example verifies, or its beginning.
- The table between `<!-- catalog-table:start -->` and `<!-- catalog-table:end -->` is
  `corridor/catalog_table.py`'s render of the accelerator catalog.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from components.definition import SpecError
from corridor import catalog_table, cli, stack_config
from corridor.render import render_config
from tests.conftest import PROJECT_DIR

README = PROJECT_DIR / "README.md"
FENCE = re.compile(r"^(?P<indent>[ ]*)```(?P<lang>\w*)[ ]*$")
STACK_FILE_COMMENT = re.compile(r"#\s*stacks/Pulumi\.(?P<stack>[\w.-]+)\.yaml\b")
QUOTED_PROBLEM = re.compile(r"`(corridor:[\w.\[\]]+: [a-z'][^`]*)`")


@dataclass(frozen=True)
class Block:
    """One fenced code block of the README, dedented."""

    lang: str
    text: str
    line: int
    """1-based line of the opening fence."""
    end: int
    """1-based line of the closing fence."""


@dataclass(frozen=True)
class StackExample:
    """A complete stack file shown in the README, with the problems it is documented to cause."""

    stack: str | None
    """From the first line, `# stacks/Pulumi.<stack>.yaml ...`; None when it is missing."""
    text: str
    line: int
    expected_problems: tuple[str, ...] | None
    """None: the example must render. Otherwise the exact problem lines it must fail with."""

    @property
    def id(self) -> str:
        outcome = "fails" if self.expected_problems is not None else "renders"
        return f"line{self.line}-{self.stack}-{outcome}"


def blocks(markdown: str) -> list[Block]:
    """Every fenced code block, in order, with list-item indentation removed."""
    found: list[Block] = []
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        index += 1
        if not opening:
            continue
        indent, body, start = len(opening["indent"]), [], index
        while index < len(lines) and lines[index].strip() != "```":
            body.append(lines[index][indent:])
            index += 1
        index += 1  # the closing fence
        found.append(Block(opening["lang"], "\n".join(body) + "\n", line=start, end=index))
    return found


def is_stack_file(block: Block) -> bool:
    if block.lang != "yaml":
        return False
    document = yaml.safe_load(block.text)
    return (
        isinstance(document, dict)
        and isinstance(document.get("config"), dict)
        and "corridor:cloud" in document["config"]
    )


def stack_examples(markdown: str) -> list[StackExample]:
    """The README's complete stack files, each paired with the error text block after it, if any."""
    found = []
    all_blocks = blocks(markdown)
    lines = markdown.splitlines()
    for index, block in enumerate(all_blocks):
        if not is_stack_file(block):
            continue
        named = STACK_FILE_COMMENT.match(block.text.splitlines()[0])
        expected = None
        following = all_blocks[index + 1] if index + 1 < len(all_blocks) else None
        between = lines[block.end : following.line - 1] if following is not None else []
        if following is not None and following.lang == "text" and not any(line.strip() for line in between):
            expected = tuple(line for line in following.text.splitlines() if line.strip())
        found.append(StackExample(named["stack"] if named else None, block.text, block.line, expected))
    return found


README_TEXT = README.read_text()
EXAMPLES = stack_examples(README_TEXT)


@pytest.fixture
def project_copy(tmp_path: Path) -> Iterator[Path]:
    """The project's program and baseline with an empty stacks dir, for one example at a time.

    Rendering puts the project dir on sys.path; it is taken off again so one example's copy
    never serves another test.
    """
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(PROJECT_DIR / name, tmp_path / name)
    (tmp_path / stack_config.project_file(PROJECT_DIR).get("stackConfigDir", ".")).mkdir(exist_ok=True)
    saved = list(sys.path)
    yield tmp_path
    sys.path[:] = saved


def test_readme_has_the_examples_these_tests_rely_on() -> None:
    """The conventions are in use: the README shows stack files for every cloud, and errors.

    Guards against a README edit that silently stops the examples from being checked (e.g. a
    block reformatted so it no longer parses as a stack file).
    """
    clouds = {yaml.safe_load(example.text)["config"]["corridor:cloud"] for example in EXAMPLES}
    assert {"aws", "gcp", "azure"} <= clouds
    assert any(example.expected_problems for example in EXAMPLES)
    assert any(example.expected_problems is None for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.id)
def test_readme_stack_example_works_as_written(example: StackExample, project_copy: Path) -> None:
    """Each README stack file renders through the real loader and program, or fails with exactly
    the problems the README prints after it (finding 8: documented examples that did not work)."""
    assert example.stack, f"README line {example.line}: start a stack file example with `# stacks/Pulumi.<stack>.yaml`"
    config = yaml.safe_load(example.text)["config"]
    cloud, region = config["corridor:cloud"], config.get("corridor:region")
    assert example.stack.startswith(f"{cloud}-{region}"), "stack names are <cloud>-<region>[-suffix]"
    stacks = stack_config.stack_dir(project_copy)
    (stacks / f"Pulumi.{example.stack}.yaml").write_text(example.text)

    if example.expected_problems is None:
        try:
            plan = render_config(project_copy, stack_config.load(project_copy, example.stack)).plan
        except SpecError as error:
            pytest.fail(f"README line {example.line}: the example {example.stack} does not validate:\n{error}")
        assert plan["stack"] == example.stack
        assert plan["cloud"] == cloud
        assert any(resource["custom"] for resource in plan["resources"])
        return

    with pytest.raises(SpecError) as raised:
        render_config(project_copy, stack_config.load(project_copy, example.stack))
    actual = tuple(str(problem) for problem in raised.value.problems)
    assert actual == example.expected_problems, (
        f"README line {example.line}: update the ```text block after the example to:\n" + "\n".join(actual)
    )


def test_every_problem_quoted_in_the_readme_is_verified() -> None:
    """A `corridor:<path>: <reason>` message quoted in the README's prose is one an error example
    produces, so no documented message outlives a change to the validator's wording."""
    verified = {line for example in EXAMPLES for line in example.expected_problems or ()}
    in_blocks = {number for block in blocks(README_TEXT) for number in range(block.line, block.end + 1)}
    prose = "\n".join(line for number, line in enumerate(README_TEXT.splitlines(), 1) if number not in in_blocks)
    quoted = [quote for quote in QUOTED_PROBLEM.findall(prose) if "<" not in quote]
    # A quote may stop early (prose leaves out a long tail), never differ.
    unverified = [quote for quote in quoted if not any(line.startswith(quote) for line in verified)]
    assert not unverified, f"quoted in README.md but not produced by any error example there: {unverified}"


def test_readme_catalog_table_matches_the_catalog() -> None:
    """README's "What each cloud sells" table equals a fresh render of the accelerator catalog
    (finding 4: the README must say what each cloud sells, and never drift from the data)."""
    assert catalog_table.table_in(README_TEXT) == catalog_table.render(), (
        "README.md's catalog table is stale: run `bin/corridor catalog --write-readme` (or `make readme`)"
    )


def test_readme_review_example_is_what_the_tool_prints() -> None:
    """README's "Reviewing infrastructure changes" example equals `corridor diff`'s markdown for the
    example change, rendered now (issue 13: rendered by the tool, not typed by hand)."""
    from corridor.review import readme_example

    assert readme_example.current_block(README_TEXT) == readme_example.readme_block(), (
        "README.md's review example is stale: run `make readme`"
    )


@pytest.mark.parametrize(
    ("sold", "shown"), [(True, "yes"), (False, "no"), (None, "unknown")], ids=["sold", "not-sold", "no-source"]
)
def test_catalog_table_shows_unknown_purchase_modes_as_unknown(sold: bool | None, shown: str) -> None:
    """A purchase mode the catalog leaves None is `unknown` in the table, never `no` or `yes`:
    the catalog does not guess, and neither may its documentation."""
    from components.catalog import accelerators

    row = next(o for o in accelerators.offerings() if o.on_demand is sold)
    line = next(line for line in catalog_table.render().splitlines() if f"`{row.machine_type}`" in line)
    assert line.split("|")[6].strip() == shown


def test_catalog_table_lists_every_offering_once_in_order() -> None:
    """Every catalog row appears exactly once, sorted by accelerator (catalog order) then cloud."""
    from components.catalog import accelerators

    rows = [line for line in catalog_table.render().splitlines() if line.startswith("| ") and "`" in line]
    shown = [(cells[1].strip(), cells[2].strip(), cells[3].strip(" `")) for cells in (r.split("|") for r in rows)]
    assert sorted(shown) == sorted((o.accelerator, o.cloud, o.machine_type) for o in accelerators.offerings())
    order = {name: index for index, name in enumerate(accelerators.accelerators())}
    keys = [(order[accelerator], cloud) for accelerator, cloud, _ in shown]
    assert keys == sorted(keys)


def test_write_readme_replaces_only_the_marked_table(tmp_path: Path) -> None:
    """`corridor catalog --write-readme` rewrites the text between the markers and nothing else,
    and `--check` exits 1 on a stale table and 0 once rewritten."""
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\nbefore\n{catalog_table.START}\nold table\n{catalog_table.END}\nafter\n")
    parser = cli.parser()

    def run(*args: str) -> int:
        parsed = parser.parse_args(["catalog", *args, "--readme", str(readme)])
        return int(parsed.handler(parsed))

    assert run("--check") == catalog_table.EXIT_STALE
    assert run("--write-readme") == 0
    text = readme.read_text()
    assert text.startswith(f"# title\n\nbefore\n{catalog_table.START}\n")
    assert text.endswith(f"\n{catalog_table.END}\nafter\n")
    assert catalog_table.table_in(text) == catalog_table.render()
    assert run("--check") == 0


def test_readme_azure_override_keeps_the_rest_of_the_pools(project_copy: Path) -> None:
    """The README's claim about its Azure example holds: `corridor:overrides` changes only the
    `infer` pool's accelerator and keeps its other settings and the `train` pool from Pulumi.yaml."""
    from components.definition import load_spec
    from components.definition.baseline import read_baseline

    example = next(
        e
        for e in EXAMPLES
        if e.expected_problems is None and "corridor:cloud: azure" in e.text and "corridor:overrides" in e.text
    )
    assert example.stack is not None
    (stack_config.stack_dir(project_copy) / f"Pulumi.{example.stack}.yaml").write_text(example.text)
    spec = load_spec(stack_config.load(project_copy, example.stack).values, read_baseline(project_copy))
    pools = {pool.name: pool for pool in spec.gpu_pools}
    baseline = {pool["name"]: pool for pool in read_baseline(project_copy)["corridor:gpuPools"]}
    assert list(pools) == ["train", "infer"]
    assert pools["infer"].accelerator == "A100-80GB"
    infer = baseline["infer"]
    assert (pools["infer"].gpus_per_node, pools["infer"].capacity) == (infer["gpusPerNode"], infer["capacity"])
    assert (pools["infer"].min_nodes, pools["infer"].max_nodes) == (infer["minNodes"], infer["maxNodes"])
    assert pools["train"].accelerator == baseline["train"]["accelerator"]
    assert pools["train"].gpus_per_node == baseline["train"]["gpusPerNode"]


def test_readme_cost_example_is_what_the_tool_prints() -> None:
    """README's "What a region costs" example equals one stack's cost section and the fleet table
    as `corridor cost` renders them from the committed plans now (issue 17: never typed by hand)."""
    from corridor import cost

    assert cost.current_block(README_TEXT) == cost.readme_block(PROJECT_DIR), (
        "README.md's cost example is stale: run `make readme`"
    )
