"""Salesforce administration from Slack: raw REST reads, user admin, bulk writes, CSV.

Everything here runs as the admin's own Salesforce user (their per-user client), so
Salesforce's own permissions apply on top of SFBOT_ADMINS.
"""
