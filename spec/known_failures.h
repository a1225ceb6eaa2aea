// Known-failure lists: one `script.json:LINE` per line, `#` starts a comment. The list of a
// suite names the commands expected to fail today, so a run fails only on regressions, and
// entries that start passing must be removed (the list only shrinks).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "runtime/base/result.h"

namespace zwasm::spec {

std::string failure_key(const std::string& script_name, uint32_t line);

// Reads a list; a malformed line is an error naming the file and line.
Result<std::set<std::string>> read_known_failures(const std::string& path);

// Writes `keys` (in the given order) with a header comment.
Result<void> write_known_failures(const std::string& path, const std::vector<std::string>& keys);

// The script part of a key ("i32.json:37" -> "i32.json").
std::string key_script(const std::string& key);

}  // namespace zwasm::spec
