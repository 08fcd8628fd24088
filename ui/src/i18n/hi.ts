// हिन्दी. Partial: missing keys fall back to English.

import type { MessageKey } from "./en";
import type { PartialCatalogue } from "./translate";

export const hi: PartialCatalogue<MessageKey> = {
  "nav.start": "नया ग्रुप",
  "nav.history": "इतिहास",
  "nav.accounts": "खाते",
  "nav.settings": "सेटिंग्स",
  "common.cancel": "रद्द करें",
  "common.save": "सहेजें",
  "common.copy": "कॉपी करें",
  "common.open": "खोलें",
  "start.title": "संपर्क सूची से WhatsApp ग्रुप बनाएँ",
  "start.drop": "संपर्क फ़ाइल यहाँ छोड़ें",
  "start.choose": "फ़ाइल चुनें…",
  "preview.usable": { one: "उपयोगी नंबर", other: "उपयोगी नंबर" },
  "preview.continue": "आगे बढ़ें",
  "create.button": "ग्रुप बनाएँ",
  "settings.language": "भाषा",
  "settings.theme": "रूप",
};
