// The C++ baseline of scripts/bench: the benchmark CSV through Google's own libphonenumber
// (Debian's libphonenumber-dev), the straightforward way a C++ programmer would write it.
//
// Same work as GroupDrop's import and the Python baseline: read the file, split `;` fields
// (with "quoted" fields), take the "Celular" and "Nome" columns, split a cell holding two
// numbers (" / "), parse each with the default region, keep valid numbers as E.164 with their
// type, dedupe on E.164, report every unusable row with its row number and reason, write JSON.
//
// usage: baseline_import FILE.csv REGION > out.json
#include <phonenumbers/phonenumberutil.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

static std::vector<std::string> split_fields(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') { cur += '"'; ++i; }
      else if (c == '"') quoted = false;
      else cur += c;
    } else if (c == '"') quoted = true;
    else if (c == sep) { out.push_back(cur); cur.clear(); }
    else cur += c;
  }
  out.push_back(cur);
  return out;
}

static std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

static void json_str(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += c; }
    else if (c < 0x20) { char b[8]; snprintf(b, sizeof b, "\\u%04x", c); out += b; }
    else out += c;
  }
  out += '"';
}

static const char* kind(PhoneNumberUtil::PhoneNumberType t) {
  switch (t) {
    case PhoneNumberUtil::MOBILE: return "mobile";
    case PhoneNumberUtil::FIXED_LINE: return "fixed_line";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE: return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE: return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE: return "premium_rate";
    case PhoneNumberUtil::VOIP: return "voip";
    default: return "other";
  }
}

static const char* parse_error(PhoneNumberUtil::ErrorType e) {
  switch (e) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR: return "invalid country code";
    case PhoneNumberUtil::NOT_A_NUMBER: return "not a number";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD: return "too short after the international prefix";
    case PhoneNumberUtil::TOO_SHORT_NSN: return "too short";
    case PhoneNumberUtil::TOO_LONG_NSN: return "too long";
    default: return "cannot be parsed";
  }
}

int main(int argc, char** argv) {
  if (argc != 3) { std::cerr << "usage: baseline_import FILE.csv REGION\n"; return 2; }
  const std::string region = argv[2];
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) { std::cerr << "cannot open " << argv[1] << "\n"; return 1; }
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();

  std::string line, contacts, duplicates, rejected;
  std::unordered_map<std::string, int> seen;
  int row = 0, phone_col = -1, name_col = -1;
  auto reject = [&](int r, const std::string& name, const std::string& input, const char* why) {
    if (!rejected.empty()) rejected += ',';
    rejected += "{\"row\":" + std::to_string(r) + ",\"name\":";
    json_str(rejected, name);
    rejected += ",\"input\":";
    json_str(rejected, input);
    rejected += ",\"reason\":";
    json_str(rejected, why);
    rejected += '}';
  };
  while (std::getline(in, line)) {
    ++row;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (row == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    std::vector<std::string> f = split_fields(line, ';');
    if (row == 1) {
      for (size_t i = 0; i < f.size(); ++i) {
        if (f[i] == "Celular") phone_col = static_cast<int>(i);
        if (f[i] == "Nome") name_col = static_cast<int>(i);
      }
      if (phone_col < 0) { std::cerr << "no Celular column\n"; return 1; }
      continue;
    }
    if (line.empty()) continue;
    const std::string name = name_col >= 0 && name_col < (int)f.size() ? f[name_col] : "";
    const std::string cell = phone_col < (int)f.size() ? f[phone_col] : "";
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t at; (at = cell.find(" / ", start)) != std::string::npos; start = at + 3)
      parts.push_back(trim(cell.substr(start, at - start)));
    parts.push_back(trim(cell.substr(start)));
    bool any = false;
    for (const std::string& part : parts) {
      if (part.empty()) continue;
      any = true;
      PhoneNumber n;
      PhoneNumberUtil::ErrorType e = util.Parse(part, region, &n);
      if (e != PhoneNumberUtil::NO_PARSING_ERROR) { reject(row, name, part, parse_error(e)); continue; }
      if (!util.IsValidNumber(n)) { reject(row, name, part, "not a valid number"); continue; }
      std::string e164;
      util.Format(n, PhoneNumberUtil::E164, &e164);
      const char* k = kind(util.GetNumberType(n));
      auto [it, fresh] = seen.emplace(e164, row);
      std::string& out = fresh ? contacts : duplicates;
      if (!out.empty()) out += ',';
      out += "{\"row\":" + std::to_string(row) + ",\"name\":";
      json_str(out, name);
      out += ",\"phone\":";
      json_str(out, e164);
      out += ",\"input\":";
      json_str(out, part);
      if (fresh) { out += ",\"kind\":"; out += '"'; out += k; out += '"'; }
      else out += ",\"same_as_row\":" + std::to_string(it->second);
      out += '}';
    }
    if (!any) reject(row, name, "", "no number");
  }
  std::cout << "{\"contacts\":[" << contacts << "],\"duplicates\":[" << duplicates
            << "],\"rejected\":[" << rejected << "]}\n";
  return 0;
}
