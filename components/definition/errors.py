"""Validation problems and the one exception that carries all of them at once.

A problem is a `property.path: reason` line. The loader collects every problem in the stack's
configuration before raising, so a user fixes all typos in one round instead of one per `pulumi up`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One invalid input: where it is (`corridor:keys.rotationDays`) and why it is wrong."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class SpecError(ValueError):
    """Raised when a stack's configuration is invalid; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.render())

    def render(self) -> str:
        """The problem list as shown to users: a header line, then one problem per line."""
        count = len(self.problems)
        lines = [f"invalid corridor configuration ({count} problem{'s' if count != 1 else ''}):"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


# Characters people swap for look-alikes when typing ids (`ap-southeast-l` for `ap-southeast-1`).
LOOK_ALIKES = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` hint for a misspelt name, or "" when nothing is close."""
    options = list(choices)
    by_shape = {choice.lower().translate(LOOK_ALIKES): choice for choice in options}
    shape = value.lower().translate(LOOK_ALIKES)
    close = [by_shape[shape]] if shape in by_shape else difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
