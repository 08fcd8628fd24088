#!/usr/bin/env python3
"""The reference side of GroupDrop's differential test (crates/contacts/tests/differential.rs).

Reads lines `REGION<TAB>INPUT` on stdin (REGION `-` = no default region) and writes, per line,
what Python `phonenumbers` (libphonenumber's reference port) makes of the input:
`valid<TAB>E164<TAB>TYPE<TAB>REGION`, `invalid<TAB>E164` or `error<TAB>REASON`.
TYPE uses GroupDrop's snake_case names (mobile, fixed_line, ...).
"""
import sys

import phonenumbers
from phonenumbers import PhoneNumberType as T

TYPES = {
    T.MOBILE: "mobile",
    T.FIXED_LINE: "fixed_line",
    T.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    T.TOLL_FREE: "toll_free",
    T.PREMIUM_RATE: "premium_rate",
    T.SHARED_COST: "shared_cost",
    T.VOIP: "voip",
    T.PERSONAL_NUMBER: "personal_number",
    T.PAGER: "pager",
    T.UAN: "uan",
    T.VOICEMAIL: "voicemail",
}


def main():
    out = sys.stdout
    for line in sys.stdin:
        region, _, text = line.rstrip("\n").partition("\t")
        try:
            n = phonenumbers.parse(text, None if region == "-" else region)
        except phonenumbers.NumberParseException as e:
            out.write(f"error\t{e.error_type}\n")
            continue
        e164 = phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(n):
            kind = TYPES.get(phonenumbers.number_type(n), "unknown")
            where = phonenumbers.region_code_for_number(n) or "-"
            if where == "001":
                where = "-"
            out.write(f"valid\t{e164}\t{kind}\t{where}\n")
        else:
            out.write(f"invalid\t{e164}\n")


if __name__ == "__main__":
    main()
