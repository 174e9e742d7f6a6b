"""Fill the Salesforce-connection slots of `Services` (called once by `build_services`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.auth.salesforce_oauth import SalesforceOAuth
from bot.auth.tokens import load_cipher
from bot.store.connections import ConnectionStore

if TYPE_CHECKING:
    from bot.services import Services


def install_salesforce_auth(services: Services) -> None:
    """Set `token_cipher`, `connections`, `salesforce_oauth` and `require_salesforce`.

    Raises:
        bot.config.ConfigError: production without SFBOT_ENCRYPTION_KEYS, or a malformed key.
    """
    from bot.slack.connect import require_salesforce  # the Slack layer sits above this one

    settings = services.settings
    services.token_cipher = load_cipher(settings)
    services.connections = ConnectionStore(
        services.sessions, services.token_cipher, max_per_user=settings.sfbot_max_orgs_per_user
    )
    services.salesforce_oauth = SalesforceOAuth(settings, services.token_cipher, services.sessions)
    services.require_salesforce = require_salesforce
