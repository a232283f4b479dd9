#include "src/core/visible_text.h"

#include <cstdio>

namespace ebm {
namespace {

bool IsControl(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

}  // namespace

bool HasControlCharacters(std::string_view text) {
  for (char c : text)
    if (IsControl(c)) return true;
  return false;
}

std::string VisibleText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (!IsControl(c)) {
      out += c;
      continue;
    }
    char escaped[8];
    std::snprintf(escaped, sizeof(escaped), "\\x%02x", static_cast<unsigned char>(c));
    out += escaped;
  }
  return out;
}

}  // namespace ebm
