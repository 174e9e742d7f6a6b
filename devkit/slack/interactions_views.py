"""Modal and block interactions (block_actions, block_suggestion, view_submission, view_closed)."""

from __future__ import annotations


class ViewInteractionsMixin:
    """Methods of ``SlackSimulator`` that act on views and message components."""
