"""User accounts: hashed secrets, tokens, disabling, and the sign-in lockout."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, text

from services.config import Settings
from services.store.sign_in_throttle import ACCOUNT_LIMIT, ADDRESS_FREE, ADDRESS_MAX_DELAY, LOCKOUT
from services.store.user_tables import users_table
from services.store.users import UserError, UserStore
from tests.web.conftest import FAST_HASHER, PASSWORD


@pytest.fixture
def store(settings: Settings, clock: Any) -> Iterator[UserStore]:
    """A user store on the test database and clock."""
    found = UserStore(settings, clock=clock, hasher=FAST_HASHER)
    yield found
    found.close()


def stored_row(store: UserStore, name: str) -> Any:
    with store.engine.connect() as conn:
        return conn.execute(select(users_table).where(users_table.c.name == name)).mappings().one()


def test_a_token_finds_its_user_and_only_its_hash_is_stored(store: UserStore) -> None:
    user, token = store.create("h01.vanthu", "T01.H01", "clerk")

    found = store.by_token(token)

    assert found == user
    assert token.startswith("sdg_") and len(token) > 40
    assert token not in str(dict(stored_row(store, "h01.vanthu")))


def test_passwords_are_stored_as_argon2id_hashes(store: UserStore) -> None:
    store.create("h01.canbo", "T01.H01", "officer", PASSWORD)

    row = stored_row(store, "h01.canbo")

    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in row["password_hash"]


@pytest.mark.parametrize(
    ("name", "org", "role", "password"),
    [
        ("x", "T01", "officer", None),  # name too short
        ("<script>", "T01", "officer", None),
        ("ok.name", "T01", "admin", None),  # unknown role
        ("ok.name", "not a code", "officer", None),
        ("ok.name", "T01", "officer", "short"),
    ],
)
def test_refuses_bad_accounts(
    store: UserStore, name: str, org: str, role: str, password: str | None
) -> None:
    with pytest.raises(UserError):
        store.create(name, org, role, password)

    assert store.all() == []


def test_names_are_unique_and_case_insensitive(store: UserStore) -> None:
    store.create("Thanh.Yen", "T01", "oversight")

    with pytest.raises(UserError, match="exists"):
        store.create("thanh.yen", "T01", "auditor")


def test_a_disabled_user_keeps_no_token_and_cannot_sign_in(store: UserStore) -> None:
    _, token = store.create("h01.canbo", "T01.H01", "officer", PASSWORD)

    store.disable("h01.canbo")

    assert store.by_token(token) is None
    assert store.authenticate("h01.canbo", PASSWORD, "10.0.0.1").user is None
    assert store.by_name("h01.canbo").disabled  # type: ignore[union-attr]


def test_a_new_token_replaces_the_old_one(store: UserStore) -> None:
    user, old = store.create("h01.canbo", "T01.H01", "officer")

    new = store.issue_token("h01.canbo")

    assert store.by_token(old) is None
    assert store.by_token(new) == user


def test_signs_in_with_the_right_password_only(store: UserStore) -> None:
    user, _ = store.create("h01.canbo", "T01.H01", "officer", PASSWORD)

    assert store.authenticate("H01.CANBO", PASSWORD, "10.0.0.1").user == user
    assert store.authenticate("h01.canbo", PASSWORD + "x", "10.0.0.1").user is None
    assert store.authenticate("nobody", PASSWORD, "10.0.0.1").user is None
    assert store.authenticate("h01.canbo", "", "10.0.0.1").user is None


def test_five_failures_lock_the_account_for_fifteen_minutes(store: UserStore, clock: Any) -> None:
    user, _ = store.create("h01.canbo", "T01.H01", "officer", PASSWORD)
    for attempt in range(ACCOUNT_LIMIT):
        store.authenticate("h01.canbo", f"wrong-{attempt}", f"10.0.0.{attempt}")

    locked = store.authenticate("h01.canbo", PASSWORD, "10.9.9.9")
    clock.advance(seconds=LOCKOUT.total_seconds() + 1)
    later = store.authenticate("h01.canbo", PASSWORD, "10.9.9.9")

    assert locked.user is None and locked.locked_until is not None
    assert later.user == user


def test_failures_from_one_address_slow_it_down_without_locking_it(
    store: UserStore, clock: Any
) -> None:
    user, _ = store.create("h01.canbo", "T01.H01", "officer", PASSWORD)
    waits: list[float] = []
    for attempt in range(ADDRESS_FREE + 12):
        clock.advance(seconds=waits[-1] if waits else 0)  # the guesser waits as told
        answer = store.authenticate(f"guess{attempt}", "wrong-password", "203.0.113.7")
        waits.append((answer.locked_until - clock()).total_seconds() if answer.locked_until else 0)

    from_there_at_once = store.authenticate("h01.canbo", PASSWORD, "203.0.113.7")
    from_elsewhere = store.authenticate("h01.canbo", PASSWORD, "198.51.100.1")
    clock.advance(seconds=ADDRESS_MAX_DELAY.total_seconds())
    from_there_after_the_wait = store.authenticate("h01.canbo", PASSWORD, "203.0.113.7")

    assert waits[:ADDRESS_FREE] == [0] * ADDRESS_FREE
    assert waits[ADDRESS_FREE : ADDRESS_FREE + 5] == [1, 2, 4, 8, 16]
    assert max(waits) == ADDRESS_MAX_DELAY.total_seconds()
    assert from_there_at_once.user is None and from_there_at_once.locked_until is not None
    assert from_elsewhere.user == user
    assert from_there_after_the_wait.user == user


def test_guessing_other_names_never_locks_an_account_that_was_not_guessed(
    store: UserStore, clock: Any
) -> None:
    user, _ = store.create("h01.canbo", "T01.H01", "officer", PASSWORD)
    for attempt in range(200):
        store.authenticate(f"guess{attempt % 40}", "wrong-password", "203.0.113.7")
        clock.advance(seconds=ADDRESS_MAX_DELAY.total_seconds())

    answer = store.authenticate("h01.canbo", PASSWORD, "203.0.113.7")

    assert answer.user == user


def test_the_account_lockout_counts_failures_from_every_address(store: UserStore) -> None:
    store.create("h01.canbo", "T01.H01", "officer", PASSWORD)
    for attempt in range(ACCOUNT_LIMIT):
        store.authenticate("h01.canbo", "wrong-password", f"198.51.100.{attempt}")

    answer = store.authenticate("h01.canbo", PASSWORD, "192.0.2.99")

    assert answer.user is None
    assert answer.locked_until is not None


def test_a_success_forgets_the_account_failures(store: UserStore, clock: Any) -> None:
    store.create("h01.canbo", "T01.H01", "officer", PASSWORD)
    for _ in range(ACCOUNT_LIMIT - 1):
        store.authenticate("h01.canbo", "wrong-password", "10.0.0.1")
    store.authenticate("h01.canbo", PASSWORD, "10.0.0.1")
    clock.advance(minutes=1)

    store.authenticate("h01.canbo", "wrong-password", "10.0.0.1")

    assert store.authenticate("h01.canbo", PASSWORD, "10.0.0.1").user is not None


def test_failures_older_than_the_window_are_not_counted(store: UserStore, clock: Any) -> None:
    store.create("h01.canbo", "T01.H01", "officer", PASSWORD)
    for _ in range(ACCOUNT_LIMIT - 1):
        store.authenticate("h01.canbo", "wrong-password", "10.0.0.1")
    clock.advance(minutes=16)

    store.authenticate("h01.canbo", "wrong-password", "10.0.0.1")

    assert store.authenticate("h01.canbo", PASSWORD, "10.0.0.1").locked_until is None


def test_tables_are_created_once_by_many_stores(settings: Settings, clock: Any) -> None:
    first = UserStore(settings, clock=clock, hasher=FAST_HASHER)
    first.create("h01.canbo", "T01.H01", "officer")

    second = UserStore(settings, clock=clock, hasher=FAST_HASHER)

    assert [u.name for u in second.all()] == ["h01.canbo"]
    first.close()
    second.close()


def test_accounts_made_before_session_epochs_keep_working(settings: Settings, clock: Any) -> None:
    old = UserStore(settings, clock=clock, hasher=FAST_HASHER)
    old.create("h01.canbo", "T01.H01", "officer", PASSWORD)
    with old.engine.begin() as conn:  # the table as deployments created it before this column
        conn.execute(text("ALTER TABLE sodang_users DROP COLUMN session_epoch"))
    old.close()

    upgraded = UserStore(settings, clock=clock, hasher=FAST_HASHER)
    answer = upgraded.authenticate("h01.canbo", PASSWORD, "10.0.0.1")
    upgraded.close()

    assert answer.user is not None and answer.user.session_epoch == 0
