"""The Pulumi program: read config, validate it whole, build the region, export its outputs.

Validation runs before the first resource is registered. A bad config ends the program with a
`pulumi.RunError`, which the Pulumi CLI prints as a plain message with no traceback, and the
engine has nothing half-created to roll back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pulumi
from pulumi.runtime.config import CONFIG, get_config_env, is_config_secret

from components.clouds.base import RegionContext
from components.definition import Problem, SpecError, StackSpec, load_spec
from components.definition.baseline import read_baseline
from components.definition.identity import TAG_VALUE, TAG_VALUE_RULE
from components.region_stack import RegionStack


def current_config() -> dict[str, Any]:
    """Every config value the engine gave this program (`{"corridor:cloud": "aws", ...}`).

    The CLI passes config in the PULUMI_CONFIG environment variable; the mock runtime and the
    Automation API set it in-process. Both are read so the program behaves the same under each.
    """
    return {**get_config_env(), **CONFIG.get()}


def load_or_fail(project_dir: Path, stack: str) -> StackSpec:
    """The validated spec, or a RunError that lists every problem.

    `Pulumi.yaml` in `project_dir` is the fleet baseline the stack's values are compared with,
    so a stack key that silently drops a bucket or pool the fleet defines is refused. The stack
    name becomes the `stack` tag on every resource, so it obeys the one tag-value rule too.
    """
    problems: list[Problem] = []
    if not re.fullmatch(TAG_VALUE, stack):
        problems.append(Problem("stack", f"'{stack}' must be {TAG_VALUE_RULE}: the name is the stack tag"))
    spec: StackSpec | None = None
    try:
        config = current_config()
        secret_keys = [key for key in config if is_config_secret(key)]
        spec = load_spec(config, read_baseline(project_dir), secret_keys)
    except SpecError as error:
        problems += error.problems
    if problems or spec is None:
        raise pulumi.RunError(SpecError(problems).render()) from None
    return spec


def run(project_dir: Path) -> RegionStack:
    """Build the region stack for the current Pulumi stack and export its outputs."""
    stack = pulumi.get_stack()
    spec = load_or_fail(project_dir, stack)
    context = RegionContext(spec=spec, project=pulumi.get_project(), stack=stack)
    region = RegionStack("region", context)
    pulumi.export("cloud", spec.cloud)
    pulumi.export("region", spec.region)
    pulumi.export("drRegion", spec.dr_region)
    for name, value in region.exports().items():
        pulumi.export(name, value)
    return region
