"""Org schemas as data: compact object definitions rendered to describe JSON in the real shape."""
