#include "src/cluster/position_list.h"

#include <cctype>
#include <sstream>
#include <stdexcept>

namespace ebm {
namespace {

size_t ParsePosition(const std::string& digits, const std::string& part, size_t count) {
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("'" + part + "' is not a run position or a range A-B");
  const size_t position = std::stoul(digits);
  if (position < 1 || position > count)
    throw std::invalid_argument("run position " + digits + " is outside the suite's 1-" +
                                std::to_string(count));
  return position;
}

}  // namespace

std::set<size_t> ParsePositionList(const std::string& text, size_t count) {
  if (!text.empty() && (text.back() == ',' || text.front() == ','))
    throw std::invalid_argument("'" + text + "' begins or ends with a comma");
  std::set<size_t> positions;
  std::stringstream parts(text);
  std::string part;
  while (std::getline(parts, part, ',')) {
    const size_t dash = part.find('-');
    if (dash == std::string::npos) {
      positions.insert(ParsePosition(part, part, count));
      continue;
    }
    const size_t first = ParsePosition(part.substr(0, dash), part, count);
    const size_t last = ParsePosition(part.substr(dash + 1), part, count);
    if (last < first) throw std::invalid_argument("range '" + part + "' runs backwards");
    for (size_t p = first; p <= last; ++p) positions.insert(p);
  }
  if (positions.empty()) throw std::invalid_argument("no run positions in '" + text + "'");
  return positions;
}

std::string FormatPositionList(const std::set<size_t>& positions) {
  std::string text;
  for (auto it = positions.begin(); it != positions.end();) {
    size_t first = *it, last = *it;
    for (++it; it != positions.end() && *it == last + 1; ++it) last = *it;
    if (!text.empty()) text += ",";
    text += std::to_string(first);
    if (last > first) text += "-" + std::to_string(last);
  }
  return text;
}

}  // namespace ebm
