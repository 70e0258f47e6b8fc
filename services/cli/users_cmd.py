"""`sodang users create|list|disable|enable|token|password`: sign-in accounts and API tokens."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from services.cli.context import domain_errors, registry, settings
from services.store.users import ROLES, UserError, UserStore

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def store() -> Iterator[UserStore]:
    users = UserStore(settings())
    try:
        yield users
    finally:
        users.close()


def check_org(code: str) -> None:
    """The organization must exist (NotFound otherwise)."""
    reg = registry()
    try:
        reg.get_organization(code)
    finally:
        reg.close()


def read_password(from_stdin: bool) -> str | None:
    """The password from the first line of stdin, or by prompting on a terminal."""
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n") or None
    return None


def user_errors(func: F) -> F:
    """UserError as a clean message and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UserError as error:
            raise click.ClickException(str(error)) from None

    return wrapper  # type: ignore[return-value]


@click.group()
def command() -> None:
    """Users (người dùng): sign-in accounts and API tokens."""


@command.command("create")
@click.option(
    "--org", required=True, help="Code of the user's organization (its subtree is theirs)."
)
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the user may do.")
@click.option("--name", required=True, help="Sign-in name, e.g. thanhyen.vanthu")
@click.option(
    "--password-stdin", is_flag=True, help="Read a password for the web sign-in from stdin."
)
@domain_errors
@user_errors
def create(org: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a user; prints its API token (shown once only)."""
    check_org(org)
    password = read_password(password_stdin)
    if password_stdin and password is None:
        raise click.ClickException("--password-stdin: stdin held no password")
    with store() as users:
        user, token = users.create(name, org, role, password)
    click.echo(f"Created {user.name}: {user.role} of {user.org}", err=True)
    click.echo(token)


@command.command("list")
def list_() -> None:
    """List the users: name, organization, role and whether they are disabled."""
    with store() as found:
        users = found.all()
    if not users:
        click.echo("No users yet: sodang users create --org CODE --role ROLE --name NAME")
        return
    width = max(len(u.name) for u in users)
    for user in users:
        state = "disabled" if user.disabled else "active"
        click.echo(f"{user.name:<{width}}  {user.org:<16} {user.role:<10} {state}")


@command.command("disable")
@click.argument("name")
@user_errors
def disable(name: str) -> None:
    """Disable a user: their sessions and API token stop working at once."""
    with store() as users:
        user = users.disable(name)
    click.echo(f"Disabled {user.name}")


@command.command("enable")
@click.argument("name")
@user_errors
def enable(name: str) -> None:
    """Enable a disabled user again."""
    with store() as users:
        user = users.enable(name)
    click.echo(f"Enabled {user.name}")


@command.command("token")
@click.argument("name")
@user_errors
def token(name: str) -> None:
    """Issue a new API token for a user (the old one stops working); prints it."""
    with store() as users:
        click.echo(users.issue_token(name))


@command.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from stdin.")
@user_errors
def password(name: str, password_stdin: bool) -> None:
    """Set a user's web sign-in password."""
    new = read_password(password_stdin)
    if new is None:
        new = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    with store() as users:
        user = users.set_password(name, new)
    click.echo(f"Password set for {user.name}")
