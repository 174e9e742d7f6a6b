"""Import order = route precedence: specific paths before the generic record routes."""

from devkit.salesforce.api import collections, composite, layouts, misc, query, sobjects  # noqa: F401
