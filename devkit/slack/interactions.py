"""Sending what Slack sends: slash commands, shortcuts and events (signed, over HTTP).

Modal and block interactions live in ``interactions_views.py``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import payloads as P
from .api_chat import check_content, message_json
from .interactions_views import ViewInteractionsMixin
from .sender import SendResult
from .webapi import ApiError

if TYPE_CHECKING:
    from .sender import Sender
    from .state import SimState

_URL = re.compile(r"<(https?://[^|>]+)(?:\|[^>]*)?>|(https?://[^\s<>]+)")
DEFAULT_UNFURL_DOMAINS = ("my.salesforce.com", "lightning.force.com", "force.com", "salesforce.com")


class InteractionsMixin(ViewInteractionsMixin):
    """Methods of ``SlackSimulator`` that send requests to the app."""

    state: SimState
    sender: Sender
    app_url: str | None
    default_user: str
    default_channel: str
    base_url: str
    subscribed_events: set[str]
    unfurl_domains: tuple[str, ...]

    def _send(self, kind: str, payload: dict, *, url: str | None = None, **opts: Any) -> SendResult:
        """Encode ``payload`` as Slack does for ``kind`` and post it, signed, to the app."""
        target = url or self.app_url
        if not target:
            raise RuntimeError("set SlackSimulator.app_url (the app's /slack/events URL) first")
        if kind == "slash_command":
            body, ctype = P.encode_form(payload), P.FORM
        elif kind in ("event_callback", "url_verification"):
            body, ctype = P.encode_json(payload), P.JSON
        else:
            body, ctype = P.encode_payload(payload), P.FORM
        result = self.sender.post(
            target, kind=kind, body=body, content_type=ctype, payload=payload, **opts
        )
        self.state.notify("sent", request=kind, status=result.status, latency_ms=result.latency_ms)
        return result

    # -- slash commands --------------------------------------------------------------------
    def slash(
        self,
        text: str = "",
        *,
        user: str | None = None,
        channel: str | None = None,
        command: str = "/sf",
        **opts: Any,
    ) -> SendResult:
        """Run ``{command} {text}`` as ``user`` in ``channel``; show the ack like Slack does.

        ``opts`` go to the signer: ``timestamp``, ``signing_secret``, ``retry_num``,
        ``retry_reason`` (to test stale or badly signed requests).
        """
        user = user or self.default_user
        channel = channel or self.default_channel
        rec = self.state.new_response_url(
            base=self.base_url, kind="commands", user_id=user, channel_id=channel
        )
        fields = P.slash_command(
            self.state,
            user_id=user,
            channel_id=channel,
            command=command,
            text=text,
            response_url=rec.url,
            trigger_id=self.state.new_trigger(user),
        )
        rec.ack_pending = True
        result = self._send("slash_command", fields, **opts)
        with self.state.lock:
            rec.ack_pending = False
            if rec.ack_replaced:
                result.applied = "replaced"
                return result
            echo = f"{command} {text}".strip()
            shown = self._show_ack(result, user=user, channel=channel, echo=echo)
            if shown is not None and rec.source_ts is None:
                rec.source_ts = shown["ts"]
        return result

    def _show_ack(self, result: SendResult, *, user: str, channel: str, echo: str) -> dict | None:
        """Display a slash command's immediate response (or Slack's error) in the channel."""
        if not result.ok or result.latency_ms > 3000:
            slow = result.ok or result.applied == "http_timeout"
            result.applied = "operation_timeout" if slow else "dispatch_failed"
            self.state.add_message(
                channel=channel,
                user="USLACKBOT",
                source="slack",
                text=f'{echo.split(" ")[0]} failed with the error "{result.applied}"',
                ephemeral_to=user,
            )
            return None
        body = result.body
        if body in ("", None):
            result.applied = "empty"
            return None
        data = body if isinstance(body, dict) else {"text": str(body)}
        try:
            content = check_content(data)
        except ApiError as exc:
            result.applied = exc.error
            result.errors = {"blocks": "; ".join(exc.extra.get("errors", [exc.error]))}
            return None
        in_channel = data.get("response_type") == "in_channel"
        if in_channel:
            self.state.add_message(channel=channel, user=user, source="slash_command", text=echo)
        result.applied = "in_channel" if in_channel else "ephemeral"
        return self.state.add_message(
            channel=channel,
            user=self.state.bot_user_id,
            source="ack",
            ephemeral_to=None if in_channel else user,
            **content,
        )

    # -- shortcuts -------------------------------------------------------------------------
    def global_shortcut(
        self, callback_id: str, *, user: str | None = None, **opts: Any
    ) -> SendResult:
        """The user picks a global shortcut (no channel, no response_url)."""
        user = user or self.default_user
        payload = P.interactive(
            self.state,
            "shortcut",
            user_id=user,
            callback_id=callback_id,
            trigger_id=self.state.new_trigger(user),
            action_ts=P.action_ts(),
        )
        return self._send("shortcut", payload, **opts)

    def message_shortcut(
        self,
        callback_id: str,
        *,
        message_ts: str | None = None,
        message: dict | None = None,
        user: str | None = None,
        channel: str | None = None,
        **opts: Any,
    ) -> SendResult:
        """The user runs a message shortcut on a stored message (``message_ts``) or on ``message``
        (a raw message dict, e.g. with ``files`` or ``attachments``)."""
        user = user or self.default_user
        channel = channel or self.default_channel
        if message is None:
            stored = self.state.find_message(channel, message_ts or "")
            if stored is None:
                raise KeyError(f"no message {message_ts!r} in {channel}; post_user_message() first")
            message = message_json(self.state, stored)
            for key in ("files", "upload"):
                if key in stored:
                    message[key] = stored[key]
        rec = self.state.new_response_url(
            base=self.base_url, kind="app-actions", user_id=user, channel_id=channel
        )
        payload = P.interactive(
            self.state,
            "message_action",
            user_id=user,
            channel=P.channel_obj(self.state, channel),
            callback_id=callback_id,
            trigger_id=self.state.new_trigger(user),
            action_ts=P.action_ts(),
            message_ts=message["ts"],
            message=message,
            response_url=rec.url,
        )
        return self._send("message_action", payload, **opts)

    # -- messages and events ---------------------------------------------------------------
    def post_user_message(
        self,
        text: str,
        *,
        user: str | None = None,
        channel: str | None = None,
        thread_ts: str | None = None,
        files: list[dict] | None = None,
        attachments: list[dict] | None = None,
        blocks: list[dict] | None = None,
    ) -> dict:
        """A person posts in a channel. Sends ``message`` (if subscribed) and ``link_shared``
        (for links on ``unfurl_domains``) events to the app; returns the stored message."""
        user = user or self.default_user
        channel = channel or self.default_channel
        msg = self.state.add_message(
            channel=channel,
            user=user,
            source="user",
            text=text,
            blocks=blocks,
            attachments=attachments,
            thread_ts=thread_ts,
            link_names=True,
            extra={"files": files} if files else None,
        )
        if "message" in self.subscribed_events and self.state.channel(channel).bot_member:
            event = {**message_json(self.state, msg), "channel": channel, "event_ts": msg["ts"]}
            event["channel_type"] = "im" if channel.startswith("D") else "channel"
            if files:
                event.update(files=files, subtype="file_share")
            msg["events"] = [self.event(event).status]
        links = self._unfurlable_links(text)
        if links and "link_shared" in self.subscribed_events:
            self.link_shared(links, message=msg)
        return msg

    def _unfurlable_links(self, text: str) -> list[dict]:
        links = []
        for match in _URL.finditer(text or ""):
            url = match.group(1) or match.group(2)
            host = urlsplit(url).hostname or ""
            for domain in self.unfurl_domains:
                if host == domain or host.endswith("." + domain):
                    links.append({"domain": domain, "url": url})
                    break
        return links[:5]

    def link_shared(
        self, links: list[dict], *, message: dict, user: str | None = None
    ) -> SendResult:
        """Send ``link_shared`` for links in a stored message; chat.unfurl then works for them."""
        channel = message["channel"]
        unfurl_id = f"{channel}.{message['ts']}.{self.state.ids.secret(24)}"
        event = {
            "type": "link_shared",
            "channel": channel,
            "is_bot_user_member": self.state.channel(channel).bot_member,
            "user": user or message["user"],
            "message_ts": message["ts"],
            "unfurl_id": unfurl_id,
            "source": "conversations_history",
            "links": links,
            "event_ts": self.state.ids.message_ts(),
        }
        if message.get("thread_ts"):
            event["thread_ts"] = message["thread_ts"]
        with self.state.lock:
            self.state.shared_links[unfurl_id] = {
                "channel": channel,
                "ts": message["ts"],
                "urls": {link["url"] for link in links},
            }
        return self.event(event)

    def app_home_opened(self, *, user: str | None = None, tab: str = "home") -> SendResult:
        """The user opens the app's Home (or Messages) tab; ``view`` only if one was published."""
        user = user or self.default_user
        event = {
            "type": "app_home_opened",
            "user": user,
            "channel": self.state.dm_channel(user).id,
            "tab": tab,
            "event_ts": self.state.ids.message_ts(),
        }
        home_id = self.state.home.get(user)
        if home_id and tab == "home":
            event["view"] = self.state.views[home_id]
        return self.event(event)

    def event(self, event: dict, *, event_id: str | None = None, **opts: Any) -> SendResult:
        """Deliver one ``event_callback`` (``opts``: ``retry_num``, ``retry_reason``…)."""
        envelope = P.event_envelope(self.state, event, event_id=event_id)
        return self._send("event_callback", envelope, **opts)

    def deliver_event(self, event: dict, *, max_retries: int = 3) -> list[SendResult]:
        """Deliver like Slack: on a non-2xx answer or one slower than 3 s, redeliver (same
        event_id, ``X-Slack-Retry-Num`` 1..3) unless the app answered ``X-Slack-No-Retry: 1``.
        Retries go out at once here (Slack waits 1 and 5 minutes)."""
        envelope = P.event_envelope(self.state, event)
        attempts = [self._send("event_callback", envelope)]
        for num in range(1, max_retries + 1):
            last = attempts[-1]
            slow = last.latency_ms > 3000
            if (last.ok and not slow) or last.headers.get("X-Slack-No-Retry") == "1":
                break
            reason = "http_timeout" if slow else "http_error"
            attempts.append(
                self._send("event_callback", envelope, retry_num=num, retry_reason=reason)
            )
        return attempts

    def url_verification(
        self, challenge: str = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    ) -> SendResult:
        payload = {
            "token": self.state.verification_token,
            "challenge": challenge,
            "type": "url_verification",
        }
        return self._send("url_verification", payload)
