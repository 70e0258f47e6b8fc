"""What every command needs: settings, the registry, and clean error reporting."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from domain.errors import DomainError, InvalidValue, NotFound, RuleViolation
from services.config import ConfigError, Settings

F = TypeVar("F", bound=Callable[..., Any])


def settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def registry() -> Any:
    """The Registry with projections attached, closed (its connection pool too) with the command."""
    from services.wiring import build_registry

    built = build_registry(settings())
    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(built.close)
    return built


def domain_errors(func: F) -> F:
    """Turn domain errors into a message on stderr and a non-zero exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RuleViolation as error:
            raise click.ClickException(f"refused by rule {error.rule}: {error.message}") from None
        except InvalidValue as error:
            raise click.ClickException(f"invalid {error.field}: {error.message}") from None
        except NotFound as error:
            raise click.ClickException(str(error)) from None
        except DomainError as error:
            raise click.ClickException(str(error)) from None

    return wrapper  # type: ignore[return-value]
