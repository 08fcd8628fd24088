#!/usr/bin/env python3
"""The Python side of scripts/bench-import: the same CSV through Python `phonenumbers`.

Does what GroupDrop's import does for each row, the straightforward way: read the CSV, split a
cell holding two numbers, parse with the default region, keep valid numbers as E.164 with their
type, dedup on E.164, count the rejected. Imports once to warm up (metadata loading), then RUNS
times, and prints one JSON line with the median.
usage: bench_import.py FILE COUNTRY RUNS
"""
import csv
import json
import statistics
import sys
import time

import phonenumbers


def import_file(path, region):
    contacts, duplicates, rejected = {}, 0, 0
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        col = header.index("Celular")
        for row in reader:
            cell = row[col] if col < len(row) else ""
            parts = [p.strip() for p in cell.replace(" / ", ";").split(";") if p.strip()]
            if not parts:
                rejected += 1
                continue
            for part in parts:
                try:
                    n = phonenumbers.parse(part, region)
                except phonenumbers.NumberParseException:
                    rejected += 1
                    continue
                if not phonenumbers.is_valid_number(n):
                    rejected += 1
                    continue
                e164 = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
                phonenumbers.number_type(n)
                if e164 in contacts:
                    duplicates += 1
                else:
                    contacts[e164] = row
    return len(contacts), duplicates, rejected


def main():
    path, region, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    t = time.perf_counter()
    counts = import_file(path, region)
    first = (time.perf_counter() - t) * 1e3
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        import_file(path, region)
        times.append((time.perf_counter() - t) * 1e3)
    print(json.dumps({"median_ms": round(statistics.median(times), 1), "first_run_ms": round(first, 1),
                      "contacts": counts[0], "duplicates": counts[1], "rejected": counts[2]}))


if __name__ == "__main__":
    main()
