"""corridor's policies as pure functions over a neutral `Resource` view (no `pulumi_policy` import):
`policy/pack.py` wraps them for CrossGuard, `corridor/check.py` runs them over rendered plans."""

from .model import Policy, Resource, Violation
from .policies import BY_NAME, POLICIES

__all__ = ["BY_NAME", "POLICIES", "Policy", "Resource", "Violation"]
