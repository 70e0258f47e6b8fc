"""A Vietnamese page or file speaks only Vietnamese: the rendered pages and the exported files
are scanned for the app's own English (its English dictionary, labels and rule texts) and for
machine names (org, as_of, known_at, a rule's code) outside tooltips and attributes."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from babel.messages.pofile import read_po

from web.translations import DIRECTORY

MACHINE_WORDS = {"org", "as_of", "known_at", "position", "generated_at", "member_id"}


def english_phrases() -> set[str]:
    """Every English text of the app of at least two words (single words such as "CSV" or
    names are shared by both languages)."""
    with (DIRECTORY / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        texts = {m.string for m in read_po(po) if m.id and m.string and m.string != m.id}
    phrases = set()
    for text in texts:
        plain = re.sub(r"\{[^}]*\}", " ", text).strip(" .:;,")
        for part in re.split(r"[.:;()\n]| — ", plain):
            part = part.strip(" ,")
            if len(part.split()) >= 3 and re.fullmatch(r"[A-Za-z ,'’-]+", part):
                phrases.add(part)
    return phrases


def visible_text(page: str) -> str:
    """What a reader sees: no tags, attributes, scripts or styles."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<[^>]*>", " ", page)
    return html.unescape(re.sub(r"\s+", " ", page))


def leaks(text: str, phrases: set[str]) -> list[str]:
    return sorted(
        p for p in phrases if re.search(rf"(?<![A-Za-z]){re.escape(p)}(?![A-Za-z])", text)
    )


@pytest.fixture
def member_id(admit: Callable[..., Any], tree: Any, make_profile: Callable[..., Any]) -> Any:
    return admit(tree.cell, make_profile()).member_id


def vietnamese_pages(tree: Any, member_id: Any) -> list[str]:
    return [
        f"/orgs/{tree.district}",
        f"/orgs/{tree.district}?compare_with=2021-01-01",
        f"/orgs/{tree.committee}",
        f"/orgs/{tree.cell}",
        f"/orgs/{tree.district}/roll",
        f"/orgs/{tree.cell}/members/{member_id}",
        f"/orgs/{tree.cell}/events/new?type=admitted",
        f"/orgs/{tree.cell}/events/new?type=transferred_out",
        f"/orgs/{tree.committee}/quotas/new",
        f"/orgs/{tree.cell}/lineage",
        f"/orgs/{tree.district}/forms/2024",
        f"/orgs/{tree.district}/dossiers",
        f"/orgs/{tree.district}/dossiers/deadlines",
        f"/orgs/{tree.district}/audit",
        f"/orgs/{tree.district}?as_of=2021-13-05",
        "/search?q=chi+bo",
        "/search?q=a",
    ]


def test_the_english_dictionary_gives_the_scan_something_to_find() -> None:
    phrases = english_phrases()

    assert len(phrases) > 100
    assert leaks(visible_text("<p>Members by organization</p>"), phrases)


def test_no_english_on_the_vietnamese_pages(
    browse: Callable[..., Any], tree: Any, member_id: Any
) -> None:
    auditor = browse("h01.auditor", tree.district, "auditor")
    officer = browse("h01.officer", tree.district, "officer")
    phrases = english_phrases()
    found: dict[str, list[str]] = {}
    for path in vietnamese_pages(tree, member_id):
        who = auditor if "/audit" in path else officer
        text = visible_text(who.get(path).get_data(as_text=True))
        if hit := leaks(text, phrases):
            found[path] = hit
        if names := set(re.findall(r"[a-z_]+", text)) & MACHINE_WORDS:
            found[f"{path} (machine names)"] = sorted(names)

    assert found == {}


def test_a_refusal_explains_the_rule_in_vietnamese_only(
    browse: Callable[..., Any], tree: Any, admission_form: Callable[..., Any]
) -> None:
    clerk = browse("cb01.clerk", tree.cell, "clerk")
    values = {**admission_form(), "member.birth_date": "20/08/2010"}  # 15 years old

    answer = clerk.submit(f"/orgs/{tree.cell}/events/new?type=admitted", values)

    page = answer.get_data(as_text=True)
    text = visible_text(page)
    assert 'data-rule="admission_age"' in page  # for machines and support: a tooltip
    assert "admission_age" not in text
    assert leaks(text, english_phrases()) == []
    assert "at least 18" not in text


@pytest.mark.parametrize("name", ["roll", "rollup", "flows", "indicators", "standings", "series"])
def test_no_english_in_the_vietnamese_files(
    browse: Callable[..., Any], tree: Any, member_id: Any, name: str
) -> None:
    officer = browse("h01.officer", tree.district, "officer")

    data = officer.get(f"/orgs/{tree.district}/export/{name}.csv").data.decode("utf-8-sig")

    cells = [cell for row in csv.reader(io.StringIO(data)) for cell in row]
    assert not set(cells) & MACHINE_WORDS
    assert leaks(" | ".join(cells), english_phrases()) == []
    assert not [c for c in cells if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", c)]  # days dd/mm/yyyy
