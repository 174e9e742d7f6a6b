"""Import order = route precedence: specific paths before the generic record routes."""

from devkit.salesforce.api import misc, sobjects  # noqa: F401
