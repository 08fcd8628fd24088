#!/usr/bin/env python3
"""Writes scripts/bench's contact list: a Brazilian office's export with the mix real lists have
(the same mix as crates/contacts/benches/bench_data.rs, which the criterion bench uses in-process).

Several countries in national and international forms, ~5% unusable cells, ~3% repeated numbers,
a few cells with two numbers. `.csv` is Excel style (`;`, BOM, CRLF); `.xlsx` is one sheet with
every cell a string, as a spreadsheet typed by hand keeps phone numbers. Deterministic.

usage: gen_contacts.py FILE.csv|FILE.xlsx ROWS
"""
import random
import sys

FIRST = ["João", "Maria", "José", "Ana", "Francisco", "Antônia", "Carlos", "Paula", "Ravi", "Priya",
         "John", "Emily", "Luíza", "Pedro", "Aarav", "Sofia"]
LAST = ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Lima", "Sharma", "Patel", "Smith",
        "Conceição", "Gonçalves", "Kumar", "Johnson", "Araújo"]
CITY = ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Mumbai", "Delhi", "New York", "Curitiba", "Recife"]
BR_AREA = ["11", "12", "13", "19", "21", "24", "27", "31", "41", "47", "51", "61", "71", "81", "85", "91"]
US_AREA = ["202", "212", "305", "415", "617", "713", "312", "404"]
IN_START = ["98", "99", "97", "96", "70", "81", "88", "91"]
DE_START = ["151", "152", "157", "160", "170", "171", "176", "179"]
MX_AREA = ["55", "33", "81", "222", "442", "999"]
HEADER = ["Nome", "Celular", "E-mail", "Cidade"]


def digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def phone(rng):
    """34% BR mobiles written nationally (4 layouts), 8% BR fixed lines, 8% BR with +55, 12% India
    (+91 / 0091), 10% US, 5% each Portugal, Mexico, Germany, 3% UK, 5% unusable, 5% two numbers."""
    roll = rng.randrange(100)
    area = rng.choice(BR_AREA)
    m = "9" + digits(rng, 8)
    if roll < 34:
        return rng.choice([f"({area}) {m[:5]}-{m[5:]}", f"{area} {m}", f"0{area} {m[:5]}-{m[5:]}", f"{area}{m}"])
    if roll < 42:
        return f"({area}) {rng.randrange(2, 6)}{digits(rng, 3)}-{digits(rng, 4)}"
    if roll < 50:
        return rng.choice([f"+55 ({area}) {m[:5]}-{m[5:]}", f"+55{area}{m}"])
    if roll < 62:
        n = rng.choice(IN_START) + digits(rng, 8)
        return rng.choice([f"+91 {n[:5]} {n[5:]}", f"+91-{n}", f"0091 {n}"])
    if roll < 72:
        return f"+1 ({rng.choice(US_AREA)}) {rng.randrange(2, 10)}{digits(rng, 2)}-{digits(rng, 4)}"
    if roll < 77:
        return f"+351 9{rng.choice('1236')}{digits(rng, 1)} {digits(rng, 3)} {digits(rng, 3)}"
    if roll < 82:
        a = rng.choice(MX_AREA)
        return f"+52 {a} {digits(rng, 10 - len(a))}"
    if roll < 87:
        return f"+49 {rng.choice(DE_START)} {digits(rng, 7)}"
    if roll < 90:
        return f"+44 7{rng.randrange(4, 7)}{digits(rng, 2)} {digits(rng, 6)}"
    if roll < 95:
        return rng.choice(["", "n/a", "12345", f"{area} 9876-ABCD", f"+999 {digits(rng, 4)} {digits(rng, 4)}",
                           "sem telefone", f"9.{digits(rng, 5)}E+11", f"({area}) 9{digits(rng, 12)}"])
    return f"({area}) {m[:5]}-{m[5:]} / +55 {area} 9{digits(rng, 4)}-{digits(rng, 4)}"


def rows(n):
    rng = random.Random(0x67726F757064)
    out = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        cell = out[rng.randrange(len(out))][1] if i > 100 and rng.randrange(100) < 3 else phone(rng)
        out.append([f"{first} {last}", cell, f"{first.lower()}.{last.lower()}{i}@example.com", rng.choice(CITY)])
    return out


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    data = rows(n)
    if path.endswith(".xlsx"):
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Contatos")
        sheet.append(HEADER)
        for r in data:
            sheet.append([c if c else None for c in r])
        book.save(path)
    else:
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            f.write(";".join(HEADER) + "\r\n")
            for r in data:
                f.write(";".join(r) + "\r\n")


if __name__ == "__main__":
    main()
