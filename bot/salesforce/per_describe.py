"""Work derived from a describe body, done once per body instead of once per command.

The describe cache (`bot.salesforce.describe`) hands out the same dict for an object while it
is fresh, so a value computed from it can be remembered by the dict's identity. The entry holds
the dict itself, so its id cannot be reused by another object while remembered; a new body (a
refetch, another user's FLS) is a new dict and is computed afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

Value = TypeVar("Value")

# Bodies remembered per function: a few orgs x users x objects in use at once.
REMEMBERED_BODIES = 512


def per_describe(
    derive: Callable[[Mapping[str, Any]], Value],
) -> Callable[[Mapping[str, Any]], Value]:
    """``derive(describe)``, computed once per describe body (the result must not be changed)."""
    remembered: OrderedDict[int, tuple[Mapping[str, Any], Value]] = OrderedDict()
    lock = threading.Lock()

    def derived(describe: Mapping[str, Any]) -> Value:
        hit = remembered.get(id(describe))
        if hit is not None and hit[0] is describe:
            return hit[1]
        value = derive(describe)
        with lock:
            remembered[id(describe)] = (describe, value)
            while len(remembered) > REMEMBERED_BODIES:
                remembered.popitem(last=False)
        return value

    derived.__doc__ = derive.__doc__
    return derived
