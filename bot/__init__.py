"""sfbot: a Slack app that writes to Salesforce."""

__version__ = "0.1.0"
