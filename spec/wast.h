// Reading a spec script in its own text format, .wast (the spec interpreter's "Scripts"
// grammar), into the command list a wast2json .json file holds, so one runner runs both.
//
// Modules stay in the script: a binary or quoted module as its bytes, a text module as its
// position in the source, read by the text reader only when its command runs (so a malformed
// module fails its own command, with the script's LINE:COL, not the whole script).
#pragma once

#include <string>

#include "runtime/base/result.h"
#include "spec/script.h"

namespace zwasm::spec {

// Reads a .wast file: Script::doc gets {"commands": [...]} in wast2json's form, whose
// "filename"s name Script::inline_modules.
Result<Script> load_wast(const std::string& path);

// The binary of an inline module: its bytes, or its text read into a binary. A text error
// reads "SCRIPT:LINE:COL: what".
Result<std::vector<uint8_t>> inline_module_binary(const Script& script, const InlineModule& m);

}  // namespace zwasm::spec
