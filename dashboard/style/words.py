"""Words shared by every layer that writes text: how a label reads mid-sentence."""

from __future__ import annotations


def in_sentence(label: str) -> str:
    """A label as it reads mid-sentence: "Ethnic group (ONS)" -> "ethnic group (ONS)"; an
    acronym at the start ("WRES ...", "IMD ...") keeps its capitals."""
    text = str(label)
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def join_names(names: list[str]) -> str:
    """Names as a sentence lists them: "Bolton", "Bolton and Bury", "Bolton, Bury and Wigan"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
