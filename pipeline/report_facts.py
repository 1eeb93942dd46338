"""The report's fact digests, streamed over the records: quantities by kind and subject
(the largest facts with their sentence; never a sum across subjects, which means
nothing: 4 s of one race plus 40 years of a program), and the most quoted speakers.

Units print as people write them (m², km/h, µg/m³, °C, %), values with thousands
separators, or in millions and billions when they are large.
"""

from __future__ import annotations

import collections
import heapq
import html
import re
from dataclasses import dataclass, field
from typing import Any

UNIT_NAMES = {"percent": "%", "degC": "°C", "degF": "°F", "kelvin": "K", "light_year": "light-year",
              "microgram": "µg", "micrometer": "µm", "meter": "m", "kilometer": "km", "second": "s",
              "hour": "h", "minute": "min", "gram": "g", "kilogram": "kg", "liter": "L"}
PLURALS = {"year": "years", "month": "months", "week": "weeks", "day": "days", "decade": "decades",
           "century": "centuries", "light-year": "light-years"}
SUPERSCRIPTS = {"2": "²", "3": "³", "-1": "⁻¹", "-2": "⁻²"}
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}  # written before the number
CURRENCY_WORDS = {"CNY": "yuan", "INR": "rupees", "RUB": "rubles"}  # written after it
TOP_FACTS = 5  # the largest facts shown per unit
TOP_UNITS = 4  # the units (of one kind) whose largest facts are shown


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def pretty_unit(unit: str | None) -> str:
    """`m**2` -> `m²`, `microgram / meter ** 3` -> `µg/m³`, `degC` -> `°C`, `km/h` as is."""
    if not unit:
        return ""
    text = re.sub(r"\s*\*\*\s*(-?\d)", lambda m: SUPERSCRIPTS.get(m.group(1), "^" + m.group(1)), unit)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\s*\*\s*", "·", text)
    return re.sub(r"[A-Za-z_]+", lambda m: UNIT_NAMES.get(m.group(0), m.group(0)), text)


def pretty_number(value: float) -> str:
    """3 significant digits in words past a million (`1.73 billion`), else grouped digits."""
    magnitude = abs(value)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if magnitude >= size and magnitude < 1e15:
            return f"{value / size:.3g} {word}"
    if magnitude >= 1e15 or (0 < magnitude < 0.01):
        return f"{value:.3g}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def pretty_amount(value: float, unit: str | None, kind: str) -> str:
    """An amount with its unit as read: `$1.2 billion`, `45%`, `1,731 g`, `12 persons`."""
    number = pretty_number(value)
    if kind == "count":
        return number  # the subject says what is counted (`148 million` people, not `person`)
    if kind == "money" and unit in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[unit] + number
    if kind == "money" and unit:
        return f"{number} {CURRENCY_WORDS.get(unit, unit)}"
    if kind == "percent" or unit == "percent":
        return number + "%"
    shown = pretty_unit(unit)
    if shown in PLURALS and value != 1:
        shown = PLURALS[shown]
    return f"{number} {shown}".strip()


@dataclass(order=True)
class Fact:
    """One quantity kept for the 'largest' lists, with its sentence and article."""
    size: float
    text: str = field(compare=False)
    amount: str = field(compare=False)
    subject: str = field(compare=False)
    sentence: tuple[str, str, str] = field(compare=False)  # before, the quantity as written, after
    doc_id: str = field(compare=False)
    title: str = field(compare=False)


@dataclass
class Group:
    """Quantities of one kind, one comparable unit and one subject."""
    facts: int = 0
    articles: set[str] = field(default_factory=set)
    low: float = float("inf")  # compared in the unit the group shares (SI where there is one)
    high: float = float("-inf")
    low_text: str = ""  # but printed as written: `40 years`, not `1.26e+09 s`
    high_text: str = ""


def _sentence(record: dict[str, Any], q: dict[str, Any]) -> tuple[str, str, str]:
    """The quantity's sentence split around it (at most ~300 characters of context)."""
    text = record.get("body", "") if q.get("source") == "body" else ""
    start, end = q.get("start", 0), q.get("end", 0)
    if not text or text[start:end] != q["text"]:
        return "", q["text"], ""
    s = q.get("sentence_start") if q.get("sentence_start") is not None else max(0, start - 150)
    t = q.get("sentence_end") if q.get("sentence_end") is not None else min(len(text), end + 150)
    before, after = text[max(s, start - 200):start], text[end:min(t, end + 200)]
    return ("…" * (s < start - 200)) + before, q["text"], after + ("…" * (t > end + 200))


class Quantities:
    """Groups by (kind, unit it compares in, subject) and the largest facts per (kind, unit)."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str, str], Group] = collections.defaultdict(Group)
        self.largest: dict[tuple[str, str], list[Fact]] = collections.defaultdict(list)
        self.kinds: collections.Counter = collections.Counter()

    def add(self, record: dict[str, Any]) -> None:
        for q in record["quantities"]:
            kind = q["kind"]
            unit = q["si_unit"] or q["unit"]
            size = q["si_value"] if q["si_value"] is not None else q["value"]
            subject = q.get("subject") or (q["unit"] if kind == "count" else "")
            group = self.groups[(kind, unit, subject)]
            group.facts += 1
            group.articles.add(record["doc_id"])
            amount = pretty_amount(q["value"], q["unit"], kind)
            if size < group.low:
                group.low, group.low_text = size, amount
            if size > group.high:
                group.high, group.high_text = size, amount
            self.kinds[kind] += 1
            fact = Fact(size, q["text"], amount, subject,
                        _sentence(record, q), record["doc_id"], record["metadata"].get("title") or record["doc_id"])
            heap = self.largest[(kind, unit)]
            # a bounded min-heap: the report keeps the largest few, not every fact of 10,000 articles
            (heapq.heappush if len(heap) < TOP_FACTS else heapq.heappushpop)(heap, fact)

    def html(self, link: Any) -> str:
        """One <details> per kind (most facts first): the groups by unit and subject with
        their range, then the largest facts per unit with their sentence."""
        if not self.kinds:
            return "<p>No quantities.</p>"
        out = []
        for rank, (kind, n) in enumerate(self.kinds.most_common()):
            groups = sorted(((unit, subject, g) for (k, unit, subject), g in self.groups.items() if k == kind),
                            key=lambda t: (-len(t[2].articles), -t[2].facts, t[0], t[1]))
            rows = "".join(
                f"<tr><td>{_e(subject or '—')}</td><td>{_e(pretty_unit(unit) or '—')}</td><td>{g.facts}</td>"
                f"<td>{len(g.articles)}</td><td>{_e(_range(g))}</td></tr>" for unit, subject, g in groups[:12])
            more = f"<p class=\"meta\">and {len(groups) - 12} more groups</p>" if len(groups) > 12 else ""
            largest = []
            # the units with the most facts first, at most TOP_UNITS of them: a kind with 90
            # count units (people, cities, porpoises) would otherwise list them all
            units = collections.Counter()
            for unit, _, g in groups:
                units[unit] += g.facts
            for unit, _ in units.most_common(TOP_UNITS):
                for fact in sorted(self.largest[(kind, unit)], reverse=True):
                    before, marked, after = fact.sentence
                    largest.append(f"<tr><td class=\"num\">{_e(fact.amount)}</td><td>{_e(fact.subject or '—')}</td>"
                                   f"<td class=\"sentence\">{_e(before)}<mark>{_e(marked)}</mark>{_e(after)}</td>"
                                   f"<td>{link(fact.doc_id, fact.title)}</td></tr>")
            out.append(f"<details{' open' * (rank < 3)}><summary><b>{_e(kind)}</b>: {n} fact{'s' * (n != 1)}"
                       f"</summary><table><tr><th>subject</th><th>unit</th><th>facts</th><th>articles</th>"
                       f"<th>range (not summed: different facts)</th></tr>{rows}</table>{more}"
                       f"<h4>Largest {_e(kind)} facts, with their sentence</h4><table class=\"facts\"><tr><th>amount</th>"
                       f"<th>subject</th><th>sentence</th><th>article</th></tr>{''.join(largest)}</table></details>")
        return "".join(out)


def _range(group: Group) -> str:
    return group.low_text if group.low == group.high else f"{group.low_text} – {group.high_text}"


class Speakers:
    """The most quoted people (and organizations): quotes, articles, a role and one quote."""

    def __init__(self) -> None:
        self.quotes: collections.Counter = collections.Counter()
        self.articles: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
        self.example: dict[tuple[str, str], tuple[str, str, str]] = {}
        self.roles: dict[str, str] = {}

    def add(self, record: dict[str, Any]) -> None:
        title = record["metadata"].get("title") or record["doc_id"]
        for role in record.get("roles") or []:
            self.roles.setdefault(role["person"], role["role"] + (f", {role['organization']}"
                                                                   if role.get("organization") else ""))
        for q in record.get("quotes") or []:
            key = (q["speaker_label"], q["speaker"])
            self.quotes[key] += 1
            self.articles[key].add(record["doc_id"])
            # a direct quotation shows the speaker's own words: prefer it as the example
            if key not in self.example or (q["kind"] == "direct" and not self.example[key][0]):
                self.example[key] = ("“" * (q["kind"] == "direct"), q["text"][:300], record["doc_id"] + "\0" + title)

    def html(self, link: Any) -> str:
        if not self.quotes:
            return "<p>No quotes in these articles.</p>"
        rows = []
        for label in ("PERSON", "ORG"):
            top = [(key, n) for key, n in self.quotes.most_common() if key[0] == label][:10]
            for (lab, name), n in top:
                mark, text, where = self.example[(lab, name)]
                doc_id, title = where.split("\0", 1)
                quote = f"{mark}{_e(text)}{'”' * bool(mark)}"
                about = self.roles.get(name, "") or ("organization" if lab == "ORG" else "")
                rows.append(f"<tr><td>{_e(name)}<div class=\"meta\">{_e(about)}</div></td>"
                            f"<td class=\"num\">{n}</td><td class=\"num\">"
                            f"{len(self.articles[(lab, name)])}</td><td class=\"sentence\">{quote}"
                            f"<div class=\"meta\">{link(doc_id, title)}</div></td></tr>")
        return ("<table class=\"facts\"><tr><th>speaker</th><th>quotes</th><th>articles</th>"
                f"<th>for example</th></tr>{''.join(rows)}</table>")
