"""How pages and exports name the organizations and recorders of recorded events: each
organization as it stood on the event's day (code small beside), never one the reader could not
read that day (issue 13, item 8; issue 10). Shared by the member page, the audit page and the
exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from projections.structure.hierarchy import Hierarchy
from services.store.users import NAME_PATTERN, User
from web.extensions import get_users
from web.pages.context import today
from web.pages.i18n import _, current_lang
from web.permissions import access
from web.translations.labels import label


@dataclass(frozen=True)
class Named:
    """An organization or a recorder as the history shows it: a name for people, and the code
    or sign-in name printed small beside it (empty when there is none to give)."""

    name: str
    code: str = ""


class HistoryNames:
    """Names for the codes a member's history holds, each as it stood on the event's day.

    An answer never holds a fact the reader could not read on that fact's day (issue 10): an
    organization outside their reach that day is "another organization", unnamed; so is the
    organization of an account whose events they read."""

    def __init__(self, tree: Hierarchy, reader: User) -> None:
        self.tree = tree
        self.reader = reader
        self.accounts: dict[str, User | None] = {}

    def org(self, code: object, day: date) -> Named:
        """An organization named as on `day`; one outside the deployment (stored as
        {"outside": its name}, typed by a clerk) or text that is no code here, as given."""
        if isinstance(code, dict):
            return Named(str(code.get("outside") or ""))
        if not code:
            return Named("")
        text = str(code)
        if text not in self.tree.orgs:
            return Named(text)
        if not access.can_read(self.reader, text, day):
            return Named(_("một tổ chức khác"))
        return Named(self.tree.name_on(text, day), text)

    def recorder(self, who: str) -> Named:
        """Who recorded an event: an account as its role and organization (sign-in name small),
        anything else (an office's name, as the demo and imports record) as stored."""
        account = self.account(who)
        if account is None:
            return Named(who)
        role = label("role", account.role, current_lang())
        if not access.can_read(self.reader, account.org):
            return Named(_("{role}, một tổ chức khác", role=role))
        return Named(f"{role}, {self.tree.name_on(account.org, today())}", account.name)

    def account(self, who: str) -> User | None:
        if not NAME_PATTERN.match(who or ""):
            return None  # an office's name has capitals and spaces: no account holds it
        if who not in self.accounts:
            self.accounts[who] = get_users().by_name(who)
        return self.accounts[who]
