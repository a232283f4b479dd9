// The table `run` and `list` print: one row per run, then the mean and
// standard deviation over seeds of each task's primary metric.
#ifndef EBMBENCH_CLI_RUN_TABLE_H_
#define EBMBENCH_CLI_RUN_TABLE_H_

#include <ostream>
#include <vector>

#include "src/store/result_store.h"

namespace ebm {

void PrintResults(ResultStore& store, const std::vector<RunRecord>& runs,
                  std::ostream& out);

}  // namespace ebm

#endif  // EBMBENCH_CLI_RUN_TABLE_H_
