"""`/sf connect | disconnect | whoami | use` and the Connect prompt.

A user who is not connected (or whose refresh token died) gets the Connect button, and what they
typed is stored with the OAuth state; once Salesforce sends them back, they are told in Slack
and that command runs, as if they had typed it again (`bot.slack.connect_replay`).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import App

from bot.auth.login_target import InvalidLoginTarget, LoginTarget, resolve_login_target
from bot.salesforce.client import client_for
from bot.salesforce.refresh import NotConnected, ReconnectRequired
from bot.slack import connect_blocks, connect_replay, ids, messages
from bot.slack.blocks import Reply, escape_mrkdwn, inline_code, notice
from bot.slack.commands import SlashCommand, register_verb
from bot.slack.connect_replay import after_connect, slack_client
from bot.store.connection_types import Connection, UnknownOrg
from bot.writes import ConnectionUnavailable

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

_ORG_ARGUMENT = re.compile(r"""(?:^|\s)org=(?:"([^"]*)"|'([^']*)'|(\S+))""", re.IGNORECASE)


def org_argument(args: str) -> str | None:
    """The value of `org=<name>` in a command's arguments, if any."""
    match = _ORG_ARGUMENT.search(args)
    if match is None:
        return None
    return next(group for group in match.groups() if group is not None).strip() or None


def _known_orgs(services: Services, *, team_id: str, user_id: str) -> str:
    connections = services.connections.find_all(team_id=team_id, user_id=user_id)
    names = [inline_code(connection.alias, limit=64) for connection in connections]
    return ", ".join(f"`{name}`" for name in names) or messages.NO_ORGS


def connect_prompt(
    services: Services,
    *,
    team_id: str,
    user_id: str,
    intro: str,
    target: LoginTarget | None = None,
    enterprise_id: str | None = None,
    pending_command: dict[str, Any] | None = None,
    channel_id: str | None = None,
    response_url: str | None = None,
) -> Reply:
    """A Connect button for this user; `pending_command` runs after they connect.

    Other features call this when a Salesforce call raised `ConnectionUnavailable`.
    """
    oauth = services.salesforce_oauth
    if not oauth.configured:
        return notice(messages.CONNECT_NOT_CONFIGURED)
    target = target or resolve_login_target(services.settings, None)
    url = oauth.start(
        team_id=team_id,
        user_id=user_id,
        enterprise_id=enterprise_id,
        target=target,
        pending_command=pending_command,
        channel_id=channel_id,
        response_url=response_url,
    )
    return connect_blocks.connect_prompt(url=url, intro=intro, login_url=target.login_url)


def prompt_for_command(command: SlashCommand, *, connection: Connection | None = None) -> Reply:
    """The Connect (or reconnect) prompt that keeps `command` to run after connecting."""
    typed = inline_code(f"/sf {command.text}", limit=80)
    if connection is None:
        intro, target = messages.CONNECT_NEEDED.format(command=typed), None
    else:
        intro = messages.CONNECT_BROKEN.format(
            command=typed, org=connect_blocks.org_label(connection)
        )
        target = LoginTarget(connection.login_url, connection.environment)
    return connect_prompt(
        command.services,
        team_id=command.team_id or "",
        user_id=command.user_id,
        enterprise_id=command.enterprise_id,
        intro=intro,
        target=target,
        pending_command={"kind": "slash", "text": command.text},
        channel_id=command.channel_id,
        response_url=command.response_url,
    )


def require_salesforce(command: SlashCommand) -> Reply | None:
    """Before a verb that needs Salesforce: None when the user can go on, else what to answer."""
    services = command.services
    team_id, user_id = command.team_id or "", command.user_id
    org = org_argument(command.args)
    try:
        connection = services.connections.find(team_id=team_id, user_id=user_id, org=org)
    except UnknownOrg as error:
        return _unknown_org(services, error, team_id=team_id, user_id=user_id)
    if connection is None:
        if org is None and services.salesforce_oauth.integration_configured:
            return None
        return prompt_for_command(command)
    if connection.is_broken:
        return prompt_for_command(command, connection=connection)
    return None


def handles_reconnect(handler: Callable[[SlashCommand], Reply | None]) -> Callable[..., Any]:
    """Wrap a verb handler: a connection that dies mid-command answers with the prompt."""

    @functools.wraps(handler)
    def wrapped(command: SlashCommand) -> Reply | None:
        try:
            return handler(command)
        except ReconnectRequired as error:
            connection = command.services.connections.find_by_id(error.connection_id)
            return prompt_for_command(command, connection=connection)
        except ConnectionUnavailable:
            return prompt_for_command(command)

    return wrapped


def _unknown_org(services: Services, error: UnknownOrg, *, team_id: str, user_id: str) -> Reply:
    return notice(
        messages.UNKNOWN_ORG.format(
            name=inline_code(error.name, limit=64),
            orgs=_known_orgs(services, team_id=team_id, user_id=user_id),
        )
    )


def connect(command: SlashCommand) -> Reply:
    """`/sf connect [sandbox | my-domain | url]`."""
    services = command.services
    team_id, user_id = command.team_id or "", command.user_id
    try:
        target = resolve_login_target(services.settings, command.args or None)
    except InvalidLoginTarget as error:
        return notice(messages.CONNECT_BAD_TARGET.format(reason=escape_mrkdwn(str(error))))
    connections = services.connections.find_all(team_id=team_id, user_id=user_id)
    broken = [c for c in connections if c.is_broken]
    if broken and not command.args:
        # Plain `/sf connect` after a session ended renews that org, wherever it logs in.
        target = LoginTarget(broken[0].login_url, broken[0].environment)
    limit = services.settings.sfbot_max_orgs_per_user
    if len(connections) - len(broken) >= limit:
        return notice(
            messages.TOO_MANY_ORGS.format(
                limit=limit, orgs=_known_orgs(services, team_id=team_id, user_id=user_id)
            )
        )
    return connect_prompt(
        services,
        team_id=team_id,
        user_id=user_id,
        enterprise_id=command.enterprise_id,
        intro=messages.CONNECT_INTRO,
        target=target,
        channel_id=command.channel_id,
        response_url=command.response_url,
    )


@handles_reconnect
def whoami(command: SlashCommand) -> Reply:
    """`/sf whoami`: the user's connections, checked live against Salesforce for the default."""
    services = command.services
    team_id, user_id = command.team_id or "", command.user_id
    connections = services.connections.find_all(team_id=team_id, user_id=user_id)
    live_name = None
    usable = [c for c in connections if not c.is_broken]
    if usable:
        default = usable[0]
        sf = client_for(services, team_id=team_id, user_id=user_id, connection_id=default.id)
        # The identity endpoint needs no object permission; an expired token is refreshed.
        info = sf.oauth2("userinfo") or {}
        live_name = str(info.get("name") or "") or None
        # A refresh may just have happened: show the stored state after it.
        connections = services.connections.find_all(team_id=team_id, user_id=user_id)
    return connect_blocks.whoami_reply(
        connections=connections,
        live_name=live_name,
        max_orgs=services.settings.sfbot_max_orgs_per_user,
        integration_user=not connections and services.salesforce_oauth.integration_configured,
    )


def use(command: SlashCommand) -> Reply:
    """`/sf use <org>`: change the default connection."""
    services = command.services
    team_id, user_id = command.team_id or "", command.user_id
    name = command.args.strip().strip("\"'")
    if not name:
        orgs = _known_orgs(services, team_id=team_id, user_id=user_id)
        return notice(messages.USE_USAGE.format(orgs=orgs))
    try:
        connection = services.connections.set_default(team_id=team_id, user_id=user_id, org=name)
    except UnknownOrg as error:
        return _unknown_org(services, error, team_id=team_id, user_id=user_id)
    return notice(messages.USE_DONE.format(org=connect_blocks.org_label(connection)))


def disconnect(command: SlashCommand) -> Reply:
    """`/sf disconnect [org]`: revoke at Salesforce, then delete here."""
    services = command.services
    team_id, user_id = command.team_id or "", command.user_id
    name = org_argument(command.args) or command.args.strip().strip("\"'") or None
    try:
        connection = services.connections.find(team_id=team_id, user_id=user_id, org=name)
    except UnknownOrg as error:
        return _unknown_org(services, error, team_id=team_id, user_id=user_id)
    if connection is None:
        return notice(messages.DISCONNECT_NONE)
    # Revoking the refresh token also ends the access tokens issued from it.
    revoked = services.salesforce_oauth.revoke(
        login_url=connection.login_url, token=connection.refresh_token or connection.access_token
    )
    services.connections.delete(team_id=team_id, user_id=user_id, connection_id=connection.id)
    template = messages.DISCONNECTED if revoked else messages.DISCONNECTED_NOT_REVOKED
    return notice(template.format(org=connect_blocks.org_label(connection)))


def _ack_link_button(ack: Callable[[], None]) -> None:
    # A URL button still sends an action; without an ack Slack shows an error icon.
    ack()


def register(app: App) -> None:
    """Add the verbs and the Connect button's listener."""
    register_verb(
        "connect",
        connect,
        summary="Link your Salesforce account (production, sandbox, or your My Domain).",
        usage="/sf connect [sandbox | acme.my.salesforce.com]",
    )
    register_verb(
        "whoami",
        whoami,
        summary="Show which Salesforce user and orgs you are connected as.",
        usage="/sf whoami",
        needs_salesforce=True,
    )
    register_verb(
        "use",
        use,
        summary="Choose the Salesforce org your commands go to by default.",
        usage="/sf use <org>",
    )
    register_verb(
        "disconnect",
        disconnect,
        summary="Unlink a Salesforce org (revokes access at Salesforce).",
        usage="/sf disconnect [org]",
    )
    app.action(ids.CONNECT_BUTTON_ACTION)(_ack_link_button)
    connect_replay.register(app)


__all__ = [
    "NotConnected",
    "ReconnectRequired",
    "after_connect",
    "connect_prompt",
    "handles_reconnect",
    "org_argument",
    "prompt_for_command",
    "register",
    "require_salesforce",
    "slack_client",
]
