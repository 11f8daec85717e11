"""The bad-input corpus for stack files themselves: every way a file can be wrong is one sentence.

Before this corpus, a one-space indentation slip ended in a PyYAML traceback naming no file, a
top-level list in `AttributeError: 'list' object has no attribute 'get'`, and keys written
without `config:` in `corridor:cloud: is required`. Each case below writes a real stack file into
a throwaway project and asserts the exact problems `stack_config.load` raises.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from components.definition import SpecError
from corridor import stack_config
from tests.conftest import PROJECT_DIR

FILE = "stacks/Pulumi.new.yaml"
INDENT = "check that the keys of one mapping are indented by the same number of spaces"

# (id, stack file bytes, exact problems)
CORPUS: list[tuple[str, bytes, list[str]]] = [
    (
        "indented-one-space-too-far",
        b"config:\n  corridor:cloud: aws\n  corridor:region: ap-southeast-1\n   corridor:drRegion: ap-southeast-3\n",
        [f"{FILE}:4: is not valid YAML: mapping values are not allowed here, column 21; {INDENT}"],
    ),
    (
        "tab-indentation",
        b"config:\n\tcorridor:cloud: aws\n",
        [
            f"{FILE}:2: is not valid YAML: found character '\\t' that cannot start any token, column 1; "
            "indent with spaces, not tabs"
        ],
    ),
    (
        "top-level-list",
        b"- corridor:cloud: aws\n",
        [f"{FILE}: must be a mapping with a `config:` key; got a list (remove the leading '- ')"],
    ),
    (
        "config-holds-a-list",
        b"config:\n  - corridor:cloud: aws\n",
        [f"{FILE} config: must be a mapping of `corridor:<key>: value` lines; got a list"],
    ),
    (
        "config-holds-a-string",
        b"config: corridor:cloud=aws\n",
        [f"{FILE} config: must be a mapping of `corridor:<key>: value` lines; got a string"],
    ),
    (
        "keys-without-config-wrapper",
        b"corridor:cloud: aws\ncorridor:region: ap-southeast-1\n",
        [
            f"{FILE}: 'corridor:cloud' is outside `config:`; indent it under a `config:` line",
            f"{FILE}: 'corridor:region' is outside `config:`; indent it under a `config:` line",
        ],
    ),
    (
        "unknown-top-level-key",
        b"confg:\n  corridor:cloud: aws\n",
        [
            f"{FILE}: 'confg' is not a stack file setting; expected `config:` "
            "(and Pulumi's encryptedkey, encryptionsalt, environment, secretsprovider)"
        ],
    ),
    (
        "key-set-twice",
        b"config:\n  corridor:cloud: aws\n  corridor:cloud: gcp\n",
        [f"{FILE}:3: is not valid YAML: key 'corridor:cloud' is set twice (lines 2 and 3), column 3; keep one of them"],
    ),
    (
        "key-set-twice-with-and-without-namespace",
        b"config:\n  corridor:cloud: aws\n  cloud: gcp\n",
        [f"{FILE} config.cloud: sets corridor:cloud a second time (written with and without 'corridor:')"],
    ),
    (
        "not-utf8",
        b"\xff\xfeconfig:\n",
        [f"{FILE}: cannot be read: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"],
    ),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway project: the real Pulumi.yaml and an empty stacks/ directory."""
    shutil.copy(PROJECT_DIR / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    (tmp_path / "stacks").mkdir()
    return tmp_path


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in CORPUS], ids=[case[0] for case in CORPUS])
def test_broken_stack_file_is_reported_with_file_line_and_fix(project: Path, text: bytes, expected: list[str]) -> None:
    """Each broken stack file raises a SpecError with exactly these problems, never a traceback."""
    (project / FILE).write_bytes(text)
    with pytest.raises(SpecError) as caught:
        stack_config.load(project, "new")
    assert [str(problem) for problem in caught.value.problems] == expected


def test_missing_stack_file_lists_the_stacks(project: Path) -> None:
    """Asking for a stack with no file names the file and the stacks that exist."""
    (project / "stacks" / "Pulumi.aws-x.yaml").write_text("config: {}\n")
    with pytest.raises(SpecError) as caught:
        stack_config.load(project, "nope")
    assert [str(p) for p in caught.value.problems] == ["stacks/Pulumi.nope.yaml: does not exist; stacks: aws-x"]


def test_empty_stack_file_loads_and_leaves_required_keys_to_validation(project: Path) -> None:
    """An empty file is valid YAML for Pulumi; validation then names what is required."""
    (project / FILE).write_text("")
    config = stack_config.load(project, "new")
    assert "corridor:cloud" not in config.values
    assert config.values["corridor:tags"].startswith("{")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: corridor\nstackConfigDir: stacks\nconfig:\n  storage:\n    buckets: []\n",
            "Pulumi.yaml config.storage: is structured, so it needs a `value:` wrapper in Pulumi.yaml",
        ),
        ("- name\n", "Pulumi.yaml: must be a mapping with `name:`; got a list"),
        (
            "name: corridor\nconfig:\n  tags:\n   value: {}\n  tags: {value: {}}\n",
            "Pulumi.yaml:5: is not valid YAML: key 'tags' is set twice (lines 3 and 5), column 3; keep one of them",
        ),
    ],
    ids=["structured-without-value", "not-a-mapping", "key-set-twice"],
)
def test_broken_project_file_is_reported(project: Path, text: str, expected: str) -> None:
    """Pulumi.yaml mistakes are problems too, naming Pulumi.yaml."""
    (project / "Pulumi.yaml").write_text(text)
    (project / FILE).write_text("config: {}\n")
    with pytest.raises(SpecError) as caught:
        stack_config.load(project, "new")
    assert [str(p) for p in caught.value.problems] == [expected]
