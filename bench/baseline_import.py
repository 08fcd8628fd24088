#!/usr/bin/env python3
"""The Python baseline of scripts/bench: the benchmark file through `phonenumbers` (the Python
port of libphonenumber), read with `csv`, or with `openpyxl` for .xlsx — what a Python
programmer would write.

Same work as GroupDrop's import and the C++ baseline: read the file, take the "Celular" and
"Nome" columns, split a cell holding two numbers (" / "), parse each with the default region,
keep valid numbers as E.164 with their type, dedupe on E.164, report every unusable row with its
row number and reason, write JSON. One import per process: scripts/bench times the process.

usage: baseline_import.py FILE.csv|FILE.xlsx REGION > out.json
"""
import csv
import json
import sys

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

KINDS = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.VOIP: "voip",
}


def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        yield from csv.reader(f, delimiter=";")


def xlsx_rows(path):
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for row in book.worksheets[0].iter_rows(values_only=True):
        yield ["" if v is None else str(v) for v in row]


def main():
    path, region = sys.argv[1], sys.argv[2]
    rows = xlsx_rows(path) if path.endswith(".xlsx") else csv_rows(path)
    header = next(rows)
    phone_col, name_col = header.index("Celular"), header.index("Nome")
    seen, contacts, duplicates, rejected = {}, [], [], []
    for number, row in enumerate(rows, start=2):
        if not any(row):
            continue
        name = row[name_col] if name_col < len(row) else ""
        cell = row[phone_col] if phone_col < len(row) else ""
        parts = [p.strip() for p in cell.split(" / ") if p.strip()]
        if not parts:
            rejected.append({"row": number, "name": name, "input": "", "reason": "no number"})
        for part in parts:
            try:
                n = phonenumbers.parse(part, region)
            except phonenumbers.NumberParseException as e:
                rejected.append({"row": number, "name": name, "input": part, "reason": str(e)})
                continue
            if not phonenumbers.is_valid_number(n):
                rejected.append({"row": number, "name": name, "input": part, "reason": "not a valid number"})
                continue
            e164 = phonenumbers.format_number(n, PhoneNumberFormat.E164)
            kind = KINDS.get(phonenumbers.number_type(n), "other")
            if e164 in seen:
                duplicates.append({"row": number, "name": name, "phone": e164, "input": part,
                                   "same_as_row": seen[e164]})
            else:
                seen[e164] = number
                contacts.append({"row": number, "name": name, "phone": e164, "input": part, "kind": kind})
    json.dump({"contacts": contacts, "duplicates": duplicates, "rejected": rejected}, sys.stdout,
              ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
