"""The Pulumi program: read config, validate it whole, build the region, export its outputs.

Validation runs before the first resource is registered. A bad config ends the program with a
`pulumi.RunError`, which the Pulumi CLI prints as a plain message with no traceback, and the
engine has nothing half-created to roll back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


def stack_reader(project_dir: Path) -> Callable[[str], dict[str, Any]]:
    """Read another stack's full config from its file, for a recovery stack's source. The stack
    files are part of the project, so `pulumi up` reads them as the offline tool does (by the
    CLI's rules, `corridor.stack_config`); a secret there is not decrypted, and a recovery stack
    sets its own secrets."""

    def read(stack: str) -> dict[str, Any]:
        from corridor import stack_config  # the CLI's stack-file rules, shared with the offline tool

        try:
            return dict(stack_config.load(project_dir, stack).values)
        except stack_config.StackConfigError as error:
            raise KeyError(f"'{stack}' cannot be read: {'; '.join(map(str, error.problems))}") from None

    return read


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
        spec = load_spec(config, read_baseline(project_dir), secret_keys, stack_reader(project_dir))
    except SpecError as error:
        problems += error.problems
    if problems or spec is None:
        raise pulumi.RunError(SpecError(problems).render()) from None
    return spec


def disposable(args: pulumi.ResourceTransformationArgs) -> pulumi.ResourceTransformationResult:
    """What a drill creates, without `protect` or `retainOnDelete`: a drill owns no data (the
    replicas it uses are read-only `get`s, which no option applies to), so `pulumi destroy`
    must take down all it created, cluster included, and leave nothing running or billed.
    A switch to `failover` protects the same resources again in place (an update of options,
    not a replacement)."""
    opts = pulumi.ResourceOptions.merge(args.opts, pulumi.ResourceOptions(protect=False, retain_on_delete=False))
    return pulumi.ResourceTransformationResult(args.props, opts)


def run(project_dir: Path) -> RegionStack:
    """Build the region stack for the current Pulumi stack and export its outputs."""
    stack = pulumi.get_stack()
    spec = load_or_fail(project_dir, stack)
    context = RegionContext(spec=spec, project=pulumi.get_project(), stack=stack)
    drill = spec.recovery is not None and spec.recovery_mode == "drill"
    region = RegionStack("region", context, pulumi.ResourceOptions(transformations=[disposable]) if drill else None)
    pulumi.export("cloud", spec.cloud)
    pulumi.export("region", spec.region)
    pulumi.export("drRegion", spec.dr_region)
    for name, value in region.exports().items():
        pulumi.export(name, value)
    return region
