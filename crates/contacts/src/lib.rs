//! Contact import: read the files office staff really have and turn them into WhatsApp-ready numbers.
