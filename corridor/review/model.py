"""What a review holds: each resource's change, why it is dangerous, and each stack's totals.

Plain data, filled by `plans` (offline plans) and `preview` (real previews) and read by
`markdown`. A change is dangerous for a reason a reviewer can act on; `--allow` marks one as
accepted without hiding it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

Op = Literal["create", "update", "replace", "delete", "same", "read", "import", "discard"]
"""The logical operation on one resource. A replacement is one `replace` whatever steps the
engine shows for it (`create-replacement`, `delete-replaced`)."""

OPS_SHOWN: tuple[Op, ...] = ("replace", "delete", "create", "update", "import", "read", "discard")
"""Operations in the order a reviewer reads them (replacements and deletions first)."""


@dataclass(frozen=True)
class InputChange:
    """One changed input path, its old and new values as text (secrets and unknowns as such)."""

    path: str
    old: str
    new: str
    forces_replacement: bool = False


@dataclass
class ResourceChange:
    """One resource's change in one stack."""

    urn: str
    """Normalised URN (`urns.normalise`): the same spelling for an offline plan and the engine."""
    type: str
    name: str
    op: Op
    inputs: list[InputChange] = field(default_factory=list)
    """Changed input paths (updates and replacements)."""
    replaced_by: list[str] = field(default_factory=list)
    """The inputs that force the replacement, each with its source where corridor knows it."""
    dangers: list[str] = field(default_factory=list)
    """Why a reviewer must look: data or capacity at risk, a protection dropped."""
    notes: list[str] = field(default_factory=list)
    """What else the reviewer should know (a URN changed, a refused replacement)."""
    allowed: bool = False
    """Accepted with `--allow`: still listed, no longer failing the gate."""

    @property
    def dangerous(self) -> bool:
        return bool(self.dangers)


@dataclass
class StackReview:
    """Every change of one stack, with its totals, GPU capacity change and problems."""

    stack: str
    changes: list[ResourceChange] = field(default_factory=list)
    gpu_capacity: list[str] = field(default_factory=list)
    """`train: max 32 -> 16 H100` per pool whose capacity changes."""
    problems: list[str] = field(default_factory=list)
    """Errors that make the change unsafe to apply as is (an error diagnostic, a refused
    replacement, a render that failed); each counts as a danger."""
    notes: list[str] = field(default_factory=list)
    """Stack-wide remarks (advisory policy results, what the source could not show)."""

    def counts(self) -> Counter[str]:
        return Counter(change.op for change in self.changes)

    @property
    def dangerous(self) -> list[ResourceChange]:
        return [change for change in self.changes if change.dangerous]

    @property
    def blocking(self) -> bool:
        """True when this stack must stop the gate: a danger not allowed, or a problem."""
        return bool(self.problems) or any(not change.allowed for change in self.dangerous)

    def allow(self, allowed: list[str]) -> list[str]:
        """Mark dangerous changes whose URN, type or name is in `allowed` as accepted; return the
        entries of `allowed` that matched nothing here."""
        used: set[str] = set()
        for change in self.dangerous:
            for entry in allowed:
                if entry in (change.urn, change.type, change.name):
                    change.allowed = True
                    used.add(entry)
        return [entry for entry in allowed if entry not in used]
