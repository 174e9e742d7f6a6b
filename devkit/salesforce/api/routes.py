"""Importing these modules registers their routes (precedence: see ``rest.route``)."""

from devkit.salesforce.api import collections, composite, layouts, misc, query, sobjects  # noqa: F401
