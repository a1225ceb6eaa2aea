// The text reader's entry points: where a ModuleReader's TextError becomes a Result.
#include "runtime/text/wat.h"

#include "runtime/text/module_reader.h"

namespace zwasm::text {

Error error_at(const SourcePos& pos, std::string_view message) {
  return make_error(std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " +
                        std::string(message),
                    pos.offset);
}

namespace {

// A file starts "(module" unless it is the abbreviation of a module by its fields alone
// (spec 6.6.13).
bool starts_with_module(Lexer& lexer) {
  Lexer::State s = lexer.save();
  bool module = lexer.next().is(TokenKind::LParen) && lexer.next().is_keyword("module");
  lexer.restore(s);
  return module;
}

}  // namespace

Result<std::vector<uint8_t>> wat_to_wasm(std::string_view source) {
  Lexer lexer(source);
  try {
    bool bare = !starts_with_module(lexer);
    ModuleReader reader(lexer);
    std::vector<uint8_t> bytes = reader.read(bare, nullptr);
    Token rest = lexer.next();
    if (rest.is(TokenKind::Error)) return error_at(rest.pos, lexer.error());
    if (!rest.is(TokenKind::Eof))
      return error_at(rest.pos, "unexpected token after the module \"" +
                                    std::string(rest.text.substr(0, 40)) + "\"");
    return bytes;
  } catch (const TextError& e) {
    return e.error;
  }
}

Result<std::vector<uint8_t>> read_module(Lexer& lexer, std::string* name) {
  try {
    ModuleReader reader(lexer, /*allow_definition=*/true);
    return reader.read(false, name);
  } catch (const TextError& e) {
    return e.error;
  }
}

}  // namespace zwasm::text
