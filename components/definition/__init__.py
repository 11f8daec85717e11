"""Provider-neutral stack definition: models, validation, and the config loader.

Imports no provider SDK (tests/test_architecture.py): validation must run, and fail, before a
single cloud package is imported or resource registered.
"""

from components.definition.errors import Problem, SpecError
from components.definition.identity import Tags
from components.definition.keys import Keys
from components.definition.loader import describe_departures, load_spec
from components.definition.pool_plan import PoolPlan
from components.definition.stack import StackSpec
from components.definition.storage import Bucket, Storage

__all__ = [
    "Bucket",
    "Keys",
    "PoolPlan",
    "Problem",
    "SpecError",
    "StackSpec",
    "Storage",
    "Tags",
    "describe_departures",
    "load_spec",
]
