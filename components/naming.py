"""Physical names: deterministic, valid for each cloud, and findable by a recovery stack.

Logical (Pulumi) names derive from the component name (`keys`, `keys-primary`). Physical
(cloud) names come only from `physical_name`, which applies the cloud's length and character
rules (`CloudProfile.name_rules`, each citing the documented limit it comes from) and, for
globally unique names, appends a stable 8-hex suffix hashed from project, stack and purpose. The
suffix never changes between renders, so a DR stack that knows the primary
stack's name can compute the replica's name without any lookup.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NameRule:
    """A cloud's rule for one kind of name."""

    max_length: int
    invalid: str
    """Regex of characters to replace with the separator."""
    separator: str = "-"
    globally_unique: bool = False
    lowercase: bool = True


def physical_name(cloud: str, kind: str, *parts: str, scope: str) -> str:
    """The cloud name for `parts` joined by the rule's separator.

    `scope` (e.g. `corridor/aws-ap-southeast-1`) seeds the uniqueness suffix for globally unique
    kinds, so two stacks never collide and one stack always gets the same name.
    """
    from components.clouds.registry import profile_for  # registry -> profile -> this module

    rule = profile_for(cloud).name_rules[kind]
    sep = rule.separator
    text = sep.join(parts)
    if rule.lowercase:
        text = text.lower()
    text = re.sub(rule.invalid, sep, text) if sep else re.sub(rule.invalid, "", text)
    if sep:
        text = re.sub(f"{re.escape(sep)}+", sep, text).strip(sep)
    if rule.globally_unique:
        suffix = hashlib.sha256(f"{scope}/{kind}/{text}".encode()).hexdigest()[:8]
        room = rule.max_length - len(suffix) - len(sep)
        text = f"{text[:room].rstrip(sep)}{sep}{suffix}"
    return text[: rule.max_length]
