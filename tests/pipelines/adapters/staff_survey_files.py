# ruff: noqa: E501  (question texts and labels as the survey prints them)
"""Small NHS Staff Survey detailed spreadsheets (organisational results) in the 2021-2024 and
2018 layouts: sheets, header rows, question blocks and markers as the survey publishes them;
every percentage and base is MADE UP (synthetic)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

HARASSMENT = ("Never", "1-2", "3-5", "6-10", "More than 10")
REPORTED = ("Yes, I reported it", "Yes, a colleague reported it", "No", "Don't know")
YES_NO = ("Yes", "No")
YES_NO_DK = ("Yes", "No", "Don't know")
SATISFIED = ("Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied")


@dataclass(frozen=True)
class Question:
    number: str  # Q14a
    text: str
    options: tuple[str, ...]


# (sheet, questions) of a 2023 organisational results workbook: the mapped questions and one
# that no measure uses (Q13a), so a sheet holds more than the map reads.
SHEETS_2023 = (
    (
        "YOUR JOB Q4-6",
        (
            Question(
                "Q4b",
                "How satisfied are you with each of the following aspects of your job? The extent to which my organisation values my work",
                SATISFIED,
            ),
        ),
    ),
    (
        "HEALTH WELLBEING SAFETY Q10-11",
        (Question("Q11e", "Have you felt pressure from your manager to come to work?", YES_NO),),
    ),
    (
        "HEALTH WELLBEING SAFETY Q13-14",
        (
            Question(
                "Q13a",
                "In the last 12 months how many times have you personally experienced physical violence at work from patients / service users, their relatives or other members of the public?",
                HARASSMENT,
            ),
            Question(
                "Q14a",
                "In the last 12 months how many times have you personally experienced harassment, bullying or abuse at work from patients / service users, their relatives or other members of the public?",
                HARASSMENT,
            ),
            Question(
                "Q14b",
                "In the last 12 months how many times have you personally experienced harassment, bullying or abuse at work from managers?",
                HARASSMENT,
            ),
            Question(
                "Q14c",
                "In the last 12 months how many times have you personally experienced harassment, bullying or abuse at work from other colleagues?",
                HARASSMENT,
            ),
            Question(
                "Q14d",
                "The last time you experienced harassment, bullying or abuse at work, did you or a colleague report it?",
                REPORTED,
            ),
        ),
    ),
    (
        "HEALTH WELLBEING SAFETY Q15-17",
        (
            Question(
                "Q15",
                "Does your organisation act fairly with regard to career progression / promotion, regardless of ethnic background, gender, religion, sexual orientation, disability or age?",
                YES_NO_DK,
            ),
            Question(
                "Q16b",
                "In the last 12 months have you personally experienced discrimination at work from a manager / team leader or other colleagues?",
                YES_NO,
            ),
        ),
    ),
    (
        "BACKGROUND INFORMATION Q31-35",
        (
            Question(
                "Q31b",
                "Has your employer made reasonable adjustment(s) to enable you to carry out your work?",
                ("Yes", "No", "No adjustment required"),
            ),
        ),
    ),
)

# Organisations in the file: three in GM, one outside it, and a small GM one whose results
# are suppressed ("-"), below a summary row.
ORGANISATIONS = (
    ("R0A", "Manchester University NHS Foundation Trust", "Acute and Acute & Community Trusts"),
    ("RBV", "The Christie NHS Foundation Trust", "Acute Specialist Trusts"),
    ("RXV", "Greater Manchester Mental Health NHS Foundation Trust", "Mental Health & Learning Disability Trusts"),
    ("RTX", "University Hospitals of Morecambe Bay NHS Foundation Trust", "Acute and Acute & Community Trusts"),
    ("QOP", "NHS Greater Manchester Integrated Care Board", "ICBs"),
)
SUPPRESSED_ORG = "QOP"
GM_ORGS = {"R0A", "RBV", "RXV", "QOP"}


def made_up_shares(code: str, number: str, options: tuple[str, ...]) -> list[float]:
    """Made-up (synthetic) percentages of one organisation's answers, adding up to 100."""
    seed = sum(ord(ch) * (i + 3) for i, ch in enumerate(code + number))
    raw = [1 + (seed * (k + 7)) % 29 for k in range(len(options))]
    total = sum(raw)
    return [100 * r / total for r in raw]


def made_up_base(code: str, number: str) -> int:
    return 200 + sum(ord(ch) for ch in code + number) * 7 % 3000


def write_2021(path: Path, year: int = 2023, sheets=SHEETS_2023, organisations=ORGANISATIONS) -> Path:
    """An organisational results workbook as published from 2021: a Notes sheet, then one sheet
    per section whose header row (row 5) starts `ODS code`."""
    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes["A1"] = f"NHS Staff Survey {year} - Detailed spreadsheets: organisational results"
    notes["A3"] = (
        "Results are weighted. Where there were fewer than 11 responses to a question, results are suppressed (-)."
    )
    info = ["ODS code", "Organisation name", "Benchmarking group", "Region", "ICS/STP", "Weighting"]
    for title, questions in sheets:
        ws = book.create_sheet(title)
        header = list(info)
        for question in questions:
            ws.cell(row=1, column=len(header) + 1, value=f"{question.number} - {question.text}")
            header += [f"% {o}" for o in question.options] + ["Base (number of responses)"]
        ws.cell(row=2, column=1, value=f"NHS Staff Survey {year}")
        ws.cell(row=3, column=1, value="Weighted results (%)")
        for c, text in enumerate(header, start=1):
            ws.cell(row=5, column=c, value=text)
        ws.append(["", "All organisations (average)", "", "", "", "Weighted"] + [50.0] * (len(header) - 6))
        for code, name, group in organisations:
            row = [code, name, group, "North West", "Greater Manchester", "Weighted"]
            for question in questions:
                if code == SUPPRESSED_ORG:
                    row += ["-"] * (len(question.options) + 1)
                else:
                    row += made_up_shares(code, question.number, question.options)
                    row.append(made_up_base(code, question.number))
            ws.append(row)
    book.save(path)
    return path


# 2018 option labels, spaced as that year's file prints them
SATISFIED_2018 = tuple(f"{option} " for option in SATISFIED)
HARASSMENT_2018 = ("Never", "1 - 2", "3 - 5", "6 - 10", "More than 10")
YES_NO_2018 = ("Yes ", "No ")
PUBLIC = "Patients / service users, their relatives or other members of the public"
Q5_2018 = (
    "Q5",
    "How satisfied are you with each of the following aspects of your job?",
    (("f", "The extent to which my organisation values my work", SATISFIED_2018),),
)
Q13_2018 = (
    "Q13",
    "In the last 12 months how many times have you personally experienced harassment, bullying or abuse at work from...",
    (
        ("a", PUBLIC, HARASSMENT_2018),
        ("b", "Managers", HARASSMENT_2018),
        ("c", "Other colleagues", HARASSMENT_2018),
        (
            "d",
            "The last time you experienced harassment, bullying or abuse at work, did you or a colleague report it?",
            REPORTED,
        ),
    ),
)
Q14_2018 = (
    "Q14",
    "Does your organisation act fairly with regard to career progression / promotion, regardless of ethnic background, gender, religion, sexual orientation, disability or age?",
    (("", "", ("Yes ", "No ", "Don't Know")),),
)
Q15_2018 = (
    "Q15",
    "In the last 12 months have you personally experienced discrimination at work from any of the following?",
    (("a", PUBLIC, YES_NO_2018), ("b", "Manager / team leader or other colleagues", YES_NO_2018)),
)
# The 2018 layout: (sheet, [(question number, stem, [(part letter, part text, options)])])
SHEETS_2018 = (("job_sheet2", (Q5_2018,)), ("abuse_sheet5", (Q13_2018, Q14_2018, Q15_2018)))


def write_2018(path: Path, sheets=SHEETS_2018, organisations=ORGANISATIONS) -> Path:
    """A 2018 detailed spreadsheet: five header rows (question numbers; 'National NHS Staff
    Survey 2018' and the question; its parts; option labels with trailing spaces ending in
    'Base (number of respondents)'; % and n), then trust code and name and the results."""
    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes["A1"] = "National NHS Staff Survey 2018 - Detailed Spreadsheets"
    for title, questions in sheets:
        ws = book.create_sheet(title)
        ws["A1"], ws["A2"] = "Data is Unweighted", "National NHS Staff Survey 2018"
        ws["A3"] = "This sheet contains questions about the workplace"
        ws["A4"] = (
            "Note: In order to the preserve anonymity of individual staff, where there were fewer than 11 responses to a question responses are not displayed"
        )
        column = 3
        layout = []
        for number, stem, parts in questions:
            ws.cell(row=1, column=column, value=number)
            ws.cell(row=2, column=column, value=stem)
            for letter, text, options in parts:
                if letter:
                    ws.cell(row=3, column=column, value=f"{letter}) {text}")
                for k, option in enumerate([*options, "Base (number of respondents)"]):
                    ws.cell(row=4, column=column + k, value=option)
                    ws.cell(row=5, column=column + k, value="n" if k == len(options) else "%")
                layout.append((f"{number}{letter}", options))
                column += len(options) + 1
        ws.append(["", "ALL TRUSTS"] + [50.0] * (column - 3))
        for code, name, _ in organisations:
            row = [code, name]
            for number, options in layout:
                if code == SUPPRESSED_ORG:
                    row += [""] * (len(options) + 1)
                else:
                    row += made_up_shares(code, number, options) + [made_up_base(code, number)]
            ws.append(row)
    book.save(path)
    return path


# Organisation-type ("benchmarking group") results: one row per group, under the same
# question blocks. The layout is NOT confirmed from the publisher's documentation: this is
# the shape the adapter recognises in order to reject it with the reason.
BENCHMARK_GROUPS = (
    "Acute and Acute & Community Trusts",
    "Acute Specialist Trusts",
    "Mental Health & Learning Disability Trusts",
    "Ambulance Trusts",
)


def write_benchmark(path: Path, year: int = 2023, sheets=SHEETS_2023[2:3], groups=BENCHMARK_GROUPS) -> Path:
    book = Workbook()
    notes = book.active
    notes.title = "Notes"
    notes["A1"] = f"NHS Staff Survey {year} - Detailed spreadsheets: benchmarking group results"
    for title, questions in sheets:
        ws = book.create_sheet(title)
        header = ["Benchmarking group"]
        for question in questions:
            ws.cell(row=1, column=len(header) + 1, value=f"{question.number} - {question.text}")
            header += [f"% {o}" for o in question.options] + ["Base (number of responses)"]
        for c, text in enumerate(header, start=1):
            ws.cell(row=5, column=c, value=text)
        for group in groups:
            row = [group]
            for question in questions:
                row += made_up_shares(group, question.number, question.options) + [made_up_base(group, question.number)]
            ws.append(row)
    book.save(path)
    return path
