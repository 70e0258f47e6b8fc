"""`sodang dossiers open` takes the forms' attributes (issue 14) of the candidate, optional."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner, Result

from domain.roll.values import GeneralEducation, Occupation, Qualification
from services.admission.queries import get_dossier
from services.cli.dossiers_cmd import command

OPEN = (
    "--on",
    "2023-03-01",
    "--national-id",
    "001190055555",
    "--name",
    "Lê Thị Hoa",
    "--sex",
    "female",
    "--birth-date",
    "1998-02-03",
    "--education",
    "vocational",
    "--sector",
    "private_enterprise",
)


@pytest.fixture
def cli(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Runs `sodang dossiers` against the test database."""
    monkeypatch.setenv("SODANG_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("SODANG_DEPLOYMENT", settings.deployment)
    monkeypatch.setenv("SODANG_POOL_SIZE", "1")
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(command, list(args), catch_exceptions=False)

    return run


def test_a_dossier_opened_on_the_command_line_keeps_the_forms_attributes(
    cli: Any, registry: Any, province: Any
) -> None:
    result = cli(
        "open",
        province.cell,
        *OPEN,
        "--general-education",
        "upper_secondary",
        "--qualification",
        "intermediate",
        "--occupation",
        "enterprise_employee",
    )

    assert result.exit_code == 0, result.output
    dossier_id = UUID(result.output.split("dossier ")[1].split()[0])
    candidate = get_dossier(registry, dossier_id).candidate
    assert candidate.general_education is GeneralEducation.UPPER_SECONDARY
    assert candidate.qualification is Qualification.INTERMEDIATE
    assert candidate.occupation is Occupation.ENTERPRISE_EMPLOYEE


def test_a_qualification_the_education_rules_out_is_refused_and_nothing_stored(
    cli: Any, registry: Any, province: Any
) -> None:
    before = registry.max_position()

    result = cli("open", province.cell, *OPEN, "--qualification", "doctor")

    assert result.exit_code != 0
    assert "qualification" in result.output
    assert registry.max_position() == before
