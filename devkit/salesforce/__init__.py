"""A faithful local Salesforce org over HTTPS (OAuth + REST), for tests and the playground.

``from devkit.salesforce import start_emulator``; see README.md in this folder.
"""

from devkit.salesforce.emulator import Emulator, start_emulator

__all__ = ["Emulator", "start_emulator"]
