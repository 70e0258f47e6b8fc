"""The domain's words live in one table each (`domain.vocabulary`): every value has its word,
its English, and no other module of the tree keeps its own copy of a table."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from enum import StrEnum
from pathlib import Path

import pytest

from domain import vocabulary
from domain.roll.values import (
    Education,
    EventType,
    MemberStatus,
    OrgKind,
    PoliticalTheory,
    Sector,
    Sex,
    StrikeOffReason,
)
from domain.structure.decisions import HOWS
from projections.results import Flows
from projections.store.metrics import FLAGS, FLOWS
from web.api.structure_schemas import STRUCTURE_EVENTS
from web.translations import has_translation
from web.translations.labels import label

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("domain", "services", "projections", "web", "bench", "scripts")
HOME = ROOT / "domain" / "vocabulary.py"


@pytest.mark.parametrize(
    ("table", "enum"),
    [
        (vocabulary.ORG_KINDS, OrgKind),
        (vocabulary.MEMBER_STATUSES, MemberStatus),
        (vocabulary.EVENT_TYPES, EventType),
        (vocabulary.SEXES, Sex),
        (vocabulary.EDUCATION, Education),
        (vocabulary.POLITICAL_THEORY, PoliticalTheory),
        (vocabulary.SECTORS, Sector),
        (vocabulary.STRIKE_OFF_REASONS, StrikeOffReason),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_every_member_of_an_enumeration_has_its_word(
    table: Mapping[str, str], enum: type[StrEnum]
) -> None:
    assert set(table) == {member.value for member in enum}
    assert all(word.strip() for word in table.values())


def test_every_count_of_a_period_has_its_word_in_the_figures_order() -> None:
    fields = [name for name in Flows.__dataclass_fields__ if name in vocabulary.FLOWS]

    assert tuple(vocabulary.FLOWS) == FLOWS
    assert fields == list(FLOWS)


def test_every_share_of_new_members_has_its_word_in_the_figures_order() -> None:
    assert tuple(vocabulary.INDICATORS) == FLAGS


def test_every_change_of_structure_and_every_kind_of_decision_has_its_word() -> None:
    assert set(vocabulary.STRUCTURE_EVENTS) == set(STRUCTURE_EVENTS)
    assert set(vocabulary.HOWS) == set(HOWS)


@pytest.mark.parametrize("group", sorted(vocabulary.TABLES))
def test_every_word_has_its_english_and_the_pages_name_values_by_it(group: str) -> None:
    table = vocabulary.TABLES[group]

    for value, word in table.items():
        assert has_translation(word, "en", group)
        assert label(group, value, "vi") == word
        assert label(group, value, "en") not in ("", word)


def test_an_unknown_value_is_named_by_its_own_text() -> None:
    assert vocabulary.word(vocabulary.ORG_KINDS, "ward") == "ward"
    assert vocabulary.word(vocabulary.ORG_KINDS, OrgKind.CELL) == "Chi bộ trực thuộc"


def named(node: ast.AST) -> str | None:
    """The Vietnamese a dictionary's value gives: a word, or the first of a (vi, en) pair."""
    if isinstance(node, ast.Tuple) and node.elts:
        node = node.elts[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def copies(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """(table, line) of each dictionary that maps two or more values to their domain words."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        for name, table in vocabulary.TABLES.items():
            same = [
                key.value
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant)
                and key.value in table
                and named(value) == table[key.value]
            ]
            if len(same) >= 2:
                yield name, node.lineno


def test_no_module_keeps_a_second_copy_of_a_table_of_words() -> None:
    found = []
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            if path == HOME:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(ROOT)}:{line} ({name})" for name, line in copies(tree)]

    assert found == []


def test_the_copy_finder_finds_a_copy() -> None:
    copy = ast.parse('KINDS = {"cell": "Chi bộ trực thuộc", "bloc": ("Đảng bộ khối", "Bloc")}')

    assert list(copies(copy)) == [("kind", 1)]
