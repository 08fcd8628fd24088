// Numbers as the user reads them: national format for numbers of the default country
// ("(11) 98765-4321" in Brazil), international format for the others ("+595 981 048477"), with the
// E.164 form kept for hover and copy (see components/Phone.svelte). Formatting follows
// libphonenumber's patterns (libphonenumber-js, its maintained JavaScript port).

import { parsePhoneNumberFromString } from "libphonenumber-js/min";

/** How `e164` reads to someone in `country` (ISO 3166 alpha-2). Unparseable input comes back as is. */
export function displayPhone(e164: string, country: string | null | undefined): string {
  const number = parsePhoneNumberFromString(e164);
  if (!number) return e164;
  return country && number.country === country.toUpperCase() ? number.formatNational() : number.formatInternational();
}
