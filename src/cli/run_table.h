// The tables `run` and `list` print: one row per run, then each task
// setting's leaderboard (src/report/leaderboard) over the runs `filter`
// selects.
#ifndef EBMBENCH_CLI_RUN_TABLE_H_
#define EBMBENCH_CLI_RUN_TABLE_H_

#include <ostream>
#include <vector>

#include "src/report/report_data.h"
#include "src/store/result_store.h"

namespace ebm {

void PrintResults(ResultStore& store, const std::vector<RunRecord>& runs,
                  const RunFilter& filter, std::ostream& out);

// The tasks' descriptions (src/tasks/task_descriptions.h), for
// CollectReportData.
TaskLookup DescribedTasks();

}  // namespace ebm

#endif  // EBMBENCH_CLI_RUN_TABLE_H_
