"""What value parsers share: the one error they raise and the user's locale and time zone.

Import these from `bot.salesforce.values`; they live here so `values` and `dates` can share them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.escape import quote_user_text

# Slack locales (users.info `locale`) that write the month first in numeric dates.
MONTH_FIRST_LOCALES = frozenset({"en-us", "en-ph", "ja-jp", "ko-kr", "zh-cn", "zh-tw"})
# Languages that write 1.200,50; Latin-American Spanish mostly writes 1,200.50.
DECIMAL_COMMA_LANGUAGES = frozenset(
    {"de", "fr", "es", "it", "pt", "ru", "nl", "sv", "da", "fi", "nb", "no", "pl", "tr", "cs"}
)
DECIMAL_POINT_LOCALES = frozenset({"es-la", "es-mx", "es-us", "pt-pt-ao"})


class ValueProblem(ValueError):
    """A typed value can't be used; `message` is Slack-safe and includes an example.

    Attributes:
        typed: What the user typed.
        message: What is wrong, what was typed (escaped) and an example of a valid value.
        example: A valid value of the same kind.
    """

    def __init__(self, *, typed: str, reason: str, example: str) -> None:
        self.typed = typed
        self.example = example
        self.message = f"{quote_user_text(typed)} {reason} Try {quote_user_text(example)}."
        super().__init__(self.message)


@dataclass(frozen=True)
class UserContext:
    """How one user writes values: Slack locale (`en-GB`), IANA time zone, and "now".

    Attributes:
        locale: Slack's `users.info` locale, e.g. `en-US`.
        tz: IANA zone from `users.info` `tz`, e.g. `Europe/London`; unknown zones mean UTC.
        now: The current time (aware); tests pin it, callers normally leave it None.
        fiscal_year_start_month: 1 for calendar quarters; the org's fiscal start otherwise.
    """

    locale: str = "en-US"
    tz: str = "UTC"
    now: datetime | None = None
    fiscal_year_start_month: int = 1

    @property
    def zone(self) -> tzinfo:
        try:
            return ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            return UTC

    def current(self) -> datetime:
        """Now in the user's zone."""
        now = self.now or datetime.now(UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        return now.astimezone(self.zone)

    def today(self) -> date:
        """Today's date where the user is."""
        return self.current().date()

    @property
    def month_first(self) -> bool:
        return self.locale.casefold().replace("_", "-") in MONTH_FIRST_LOCALES

    @property
    def decimal_comma(self) -> bool:
        loc = self.locale.casefold().replace("_", "-")
        return loc.split("-")[0] in DECIMAL_COMMA_LANGUAGES and loc not in DECIMAL_POINT_LOCALES
