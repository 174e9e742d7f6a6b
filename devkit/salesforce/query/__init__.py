"""The SOQL and SOSL engine of the local Salesforce org (devkit/salesforce).

The server hands each statement to :func:`execute_soql` or :func:`execute_sosl` together with a
*source*: the org as the current user sees it. This package owns the language; the server owns
HTTP, envelopes, pagination and permissions.
"""

from .errors import QueryError
from .soql import QueryResult, execute_soql
from .sosl import execute_sosl

__all__ = ["QueryError", "QueryResult", "execute_soql", "execute_sosl"]
