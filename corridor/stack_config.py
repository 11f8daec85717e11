"""Load a stack's configuration the way the Pulumi CLI does, without the CLI.

Rules (https://www.pulumi.com/docs/iac/concepts/config/): project-level keys in `Pulumi.yaml`
are written without the project namespace and need a `value:` wrapper when structured, or are
typed declarations with a `default`; a key in `stacks/Pulumi.<stack>.yaml` replaces the project
value of the same key whole (no deep merge; corridor's own `corridor:overrides` key is how a
stack changes part of a structured value). The program receives every value as a string, with
structured values, numbers and booleans as JSON text.

Every way a project or stack file can be wrong (unreadable, not YAML, the wrong shape at any
level, settings outside `config:`, a key set twice) is a `SpecError` whose problems name the
file, and the line where YAML gives one, with the fix: a new user's first typo must read as a
sentence, never as a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from components.definition import Problem, SpecError
from components.definition.baseline import project_entries

# Top-level keys of a Pulumi stack settings file besides `config`
# (https://www.pulumi.com/docs/iac/concepts/projects/stack-settings-file/).
STACK_FILE_KEYS = frozenset({"config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"})


@dataclass(frozen=True)
class StackConfig:
    """One stack's config, exactly as the program would receive it."""

    project: str
    stack: str
    values: dict[str, str]
    secret_keys: tuple[str, ...]


class StackConfigError(SpecError):
    """The project or stack file cannot be read as Pulumi config; carries every problem."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a mapping key written twice.

    PyYAML keeps the last of two equal keys silently; the Pulumi CLI (Go YAML v3) refuses the
    file. A stack file that sets `corridor:zones` twice must fail here as it would there.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[arg-type]
            line = key_node.start_mark.line + 1
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' is set twice (lines {seen[key]} and {line})", key_node.start_mark
                )
            if isinstance(key, Hashable):
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path, label: str) -> Any:
    """The YAML document in `path`, or a StackConfigError naming `label` (the path as shown)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise StackConfigError([Problem(label, f"cannot be read: {reason}")]) from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{label}:{mark.line + 1}" if mark else label
        column = f", column {mark.column + 1}" if mark else ""
        what = error.problem or error.context or "invalid YAML"
        raise StackConfigError([Problem(where, f"is not valid YAML: {what}{column}; {_yaml_hint(what)}")]) from None
    except yaml.YAMLError as error:
        raise StackConfigError([Problem(label, f"is not valid YAML: {error}")]) from None


def _yaml_hint(problem: str) -> str:
    if "set twice" in problem:
        return "keep one of them"
    if "mapping values are not allowed" in problem or "expected <block end>" in problem:
        return "check that the keys of one mapping are indented by the same number of spaces"
    if "'\\t'" in problem:
        return "indent with spaces, not tabs"
    return "fix the line shown"


def project_file(project_dir: Path) -> dict[str, Any]:
    """`Pulumi.yaml` as a mapping, or a StackConfigError saying what is wrong with it."""
    document = read_yaml(project_dir / "Pulumi.yaml", "Pulumi.yaml")
    if not isinstance(document, dict):
        raise StackConfigError([Problem("Pulumi.yaml", f"must be a mapping with `name:`; got {_kind(document)}")])
    problems = []
    if not isinstance(document.get("name"), str):
        problems.append(Problem("Pulumi.yaml", "has no project `name:`"))
    if not isinstance(document.get("config") or {}, dict):
        problems.append(Problem("Pulumi.yaml config", f"must be a mapping of keys; got {_kind(document['config'])}"))
    if problems:
        raise StackConfigError(problems)
    return document


def stack_dir(project_dir: Path) -> Path:
    return project_dir / project_file(project_dir).get("stackConfigDir", ".")


def stack_names(project_dir: Path) -> list[str]:
    """Every stack that has a `Pulumi.<stack>.yaml` file, sorted."""
    files = stack_dir(project_dir).glob("Pulumi.*.yaml")
    return sorted(path.name.removeprefix("Pulumi.").removesuffix(".yaml") for path in files)


def project_values(project_dir: Path) -> dict[str, Any]:
    """The project's config baseline from `Pulumi.yaml`, as decoded values by full key.

    This is the fleet definition every stack starts from; the program compares what it
    receives against it to tell a stack's replacement from the project's own value.
    """
    project = project_file(project_dir)
    values, problems = project_entries(project)
    if problems:
        raise StackConfigError(problems)
    return values


def load(project_dir: Path, stack: str, directory: Path | None = None) -> StackConfig:
    """The config `stack` receives: the project baseline with the stack file's keys on top.

    The stack file is read from `directory` if given, else from the project's `stackConfigDir`.
    Raises StackConfigError listing every problem with either file.
    """
    project = project_file(project_dir)
    name = project["name"]
    folder = directory if directory is not None else project_dir / project.get("stackConfigDir", ".")
    path = folder / f"Pulumi.{stack}.yaml"
    label = str(path.relative_to(project_dir)) if path.is_relative_to(project_dir) else str(path)
    if not path.exists():
        known = ", ".join(stack_names(project_dir)) or "none"
        raise StackConfigError([Problem(label, f"does not exist; stacks: {known}")])
    stack_file = read_yaml(path, label)

    baseline, problems = project_entries(project)
    entries = _stack_entries(stack_file, label, problems)
    values = {key: _as_config_string(value) for key, value in baseline.items()}
    secret_keys: list[str] = []
    stack_keys: list[str] = []
    for key, entry in entries.items():
        full_key = _full_key(name, key)
        if full_key in stack_keys:
            problems.append(
                Problem(f"{label} config.{key}", f"sets {full_key} a second time (written with and without '{name}:')")
            )
            continue
        stack_keys.append(full_key)
        if isinstance(entry, dict) and set(entry) == {"secure"}:
            # Ciphertext needs the stack's secrets provider, which only the CLI can reach.
            values[full_key] = "[secret]"
            secret_keys.append(full_key)
        else:
            values[full_key] = _as_config_string(entry)
    if problems:
        raise StackConfigError(problems)
    return StackConfig(project=name, stack=stack, values=values, secret_keys=tuple(secret_keys))


def _stack_entries(document: Any, label: str, problems: list[Problem]) -> dict[str, Any]:
    """The stack file's `config:` mapping; every shape problem appended to `problems`."""
    if document is None:
        return {}  # an empty stack file is valid; validation then says which keys are required
    if not isinstance(document, dict):
        problems.append(
            Problem(label, f"must be a mapping with a `config:` key; got {_kind(document)} (remove the leading '- ')")
        )
        return {}
    for key in document:
        if str(key) in STACK_FILE_KEYS:
            continue
        if ":" in str(key):
            reason = f"'{key}' is outside `config:`; indent it under a `config:` line"
        else:
            others = ", ".join(sorted(STACK_FILE_KEYS - {"config"}))
            reason = f"'{key}' is not a stack file setting; expected `config:` (and Pulumi's {others})"
        problems.append(Problem(label, reason))
    config = document.get("config")
    if config is None:
        return {}
    if not isinstance(config, dict):
        problems.append(
            Problem(f"{label} config", f"must be a mapping of `corridor:<key>: value` lines; got {_kind(config)}")
        )
        return {}
    return {str(key): value for key, value in config.items()}


def _full_key(project: str, key: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}.get(
        type(value), type(value).__name__
    )


def _as_config_string(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)
