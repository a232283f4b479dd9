// Text from suite files and databases shown on a terminal or in Markdown.
//
// A label is the user's, and a database may come from anyone: a newline
// must not break a table row, and an ANSI escape must not reach the
// terminal as a command.
#ifndef EBMBENCH_CORE_VISIBLE_TEXT_H_
#define EBMBENCH_CORE_VISIBLE_TEXT_H_

#include <string>
#include <string_view>

namespace ebm {

// True when `text` holds an ASCII control character (0x00-0x1f or 0x7f).
bool HasControlCharacters(std::string_view text);

// `text` with each control character written as \xNN: printable, one line,
// and still telling what was there.
std::string VisibleText(std::string_view text);

}  // namespace ebm

#endif  // EBMBENCH_CORE_VISIBLE_TEXT_H_
