"""Acronym expansion for the entity repairs: `CNSA` -> `China National Space Administration`."""

from __future__ import annotations


def long_form(acronym: str, before: str) -> str | None:
    """The expansion of `acronym` at the end of `before`: the words whose initials
    spell it (`Ministry of Emergency Management` for MEM), else the Schwartz &
    Hearst (2003) letter match."""
    return _initials_form(acronym, before) or _schwartz_hearst(acronym, before)


def _initials_form(acronym: str, before: str) -> str | None:
    words = before.split()
    letters = acronym.lower()
    for n in range(len(letters), min(len(words), len(letters) + 4) + 1):
        candidate = words[-n:]
        initials = "".join(w[0].lower() for w in candidate if w.lower() not in ("of", "and", "the", "for", "&", "on"))
        if initials == letters and candidate[0][0].isupper():
            return " ".join(candidate)
    return None


def _schwartz_hearst(acronym: str, before: str) -> str | None:
    words = before.split()
    window = " ".join(words[-min(len(acronym) + 5, 2 * len(acronym)) :])
    letters = [c.lower() for c in acronym if c.isalnum()]
    s, l = len(letters) - 1, len(window) - 1
    while s >= 0:
        c = letters[s]
        while l >= 0 and (window[l].lower() != c or (s == 0 and l > 0 and window[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    result = window[window.rfind(" ", 0, l + 1) + 1 :].strip()
    if not result or not result[0].isupper() or len(result.split()) < 2:
        return None
    return result
