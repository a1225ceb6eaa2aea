// Known-failure lists. See known_failures.h.
#include "spec/known_failures.h"

#include <fstream>

namespace zwasm::spec {

std::string failure_key(const std::string& script_name, uint32_t line) {
  return script_name + ":" + std::to_string(line);
}

std::string key_script(const std::string& key) {
  size_t colon = key.rfind(':');
  return colon == std::string::npos ? key : key.substr(0, colon);
}

namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool is_valid_key(const std::string& key) {
  size_t colon = key.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == key.size()) return false;
  if (key.size() - colon - 1 > 9) return false;  // a line number fits in 32 bits
  for (size_t i = colon + 1; i < key.size(); ++i) {
    if (key[i] < '0' || key[i] > '9') return false;
  }
  return key.find_first_of(" \t") == std::string::npos;
}

}  // namespace

Result<std::set<std::string>> read_known_failures(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error("cannot open known-failures file " + path);
  std::set<std::string> keys;
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    size_t hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    std::string key = trim(line);
    if (key.empty()) continue;
    if (!is_valid_key(key))
      return make_error(path + ":" + std::to_string(line_number) +
                        ": expected `script.json:LINE`, got \"" + key + "\"");
    keys.insert(key);
  }
  if (in.bad()) return make_error("cannot read " + path);
  return keys;
}

Result<void> write_known_failures(const std::string& path, const std::vector<std::string>& keys) {
  std::ofstream out(path, std::ios::trunc);
  if (!out) return make_error("cannot write " + path);
  out << "# Spec-suite commands that fail today, as script.json:LINE (LINE of the .wast).\n"
         "# Written by zwasm-spec --write-failures; remove entries as they are fixed.\n";
  for (const std::string& key : keys) out << key << "\n";
  out.flush();
  if (!out) return make_error("cannot write " + path);
  return {};
}

}  // namespace zwasm::spec
