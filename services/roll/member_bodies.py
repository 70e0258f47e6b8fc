"""The parts of an event body that describe people and changes: a member's profile, the other
side of a transfer, a correction's changes (services/roll/bodies.py assembles them).
"""

from __future__ import annotations

from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    validate,
)

from domain.roll.values import (
    Education,
    GeneralEducation,
    Occupation,
    PoliticalTheory,
    Qualification,
    Sector,
    Sex,
)
from services.roll.commands import (
    Counterpart,
)

PROFILE_FIELDS = (
    "national_id",
    "full_name",
    "sex",
    "birth_date",
    "ethnicity",
    "religion",
    "education",
    "political_theory",
    "youth_union",
    "sector",
)
# Added for the statistics forms (issue 14): optional, unknown when not given (domain/roll/profile.py).
OPTIONAL_PROFILE_FIELDS = ("general_education", "qualification", "occupation")


def choices(enum: Any) -> validate.OneOf:
    return validate.OneOf([e.value for e in enum])


class MemberSchema(Schema):
    """A member's attributes (all needed for a first intake) or just `national_id` to name them."""

    class Meta:
        unknown = RAISE

    national_id = fields.String(
        validate=validate.Regexp(
            r"^(\d{9}|\d{12})$", error="must be 12 digits (CCCD) or 9 digits (CMND)"
        )
    )
    full_name = fields.String(validate=validate.Length(min=1, max=200))
    sex = fields.String(validate=choices(Sex))
    birth_date = fields.Date()
    ethnicity = fields.String(validate=validate.Length(min=1, max=60))
    religion = fields.String(allow_none=True, validate=validate.Length(max=60))
    education = fields.String(validate=choices(Education))
    political_theory = fields.String(validate=choices(PoliticalTheory))
    youth_union = fields.Boolean()
    sector = fields.String(validate=choices(Sector))
    general_education = fields.String(
        validate=choices(GeneralEducation),
        metadata={"description": "giáo dục phổ thông; optional (unknown when left out)"},
    )
    qualification = fields.String(
        validate=choices(Qualification),
        metadata={"description": "trình độ chuyên môn, the highest; optional"},
    )
    occupation = fields.String(
        validate=choices(Occupation), metadata={"description": "nghề nghiệp; optional"}
    )


class Counterparty(fields.Field):
    """The other side of a transfer: an organization code, or {"outside": "free text"}."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Counterpart:
        if isinstance(value, str) and 1 <= len(value) <= 64:
            return Counterpart(code=value)
        if (
            isinstance(value, dict)
            and set(value) == {"outside"}
            and isinstance(value["outside"], str)
            and 1 <= len(value["outside"].strip()) <= 300
        ):
            return Counterpart(outside=value["outside"].strip())
        raise ValidationError(
            'must be an organization code or {"outside": "name of the organization"}'
        )

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return value.code if value.code else {"outside": value.outside}


class ChangesSchema(Schema):
    """What a correction changes in the event it corrects."""

    class Meta:
        unknown = RAISE

    effective_on = fields.Date()
    decision_no = fields.String(validate=validate.Length(min=1, max=100))
    decision_on = fields.Date()
    decided_by = fields.String(validate=validate.Length(min=1, max=100))
    reason = fields.String(validate=validate.Length(min=1, max=500))
    note = fields.String(validate=validate.Length(max=1000))
    member = fields.Nested(MemberSchema)
