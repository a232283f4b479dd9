// Run positions as people and job scripts write them: "1-4,7,9-10"
// (1-based, as `ebmbench run` numbers a suite's runs in its progress lines).
#ifndef EBMBENCH_CLUSTER_POSITION_LIST_H_
#define EBMBENCH_CLUSTER_POSITION_LIST_H_

#include <cstddef>
#include <set>
#include <string>

namespace ebm {

// Throws std::invalid_argument quoting the part that is not a position or
// an ascending range of them, or a position above `count`.
std::set<size_t> ParsePositionList(const std::string& text, size_t count);

// The shortest such text for `positions` (ranges where consecutive); any
// numbers, so also Slurm's 0-based array indices.
std::string FormatPositionList(const std::set<size_t>& positions);

}  // namespace ebm

#endif  // EBMBENCH_CLUSTER_POSITION_LIST_H_
