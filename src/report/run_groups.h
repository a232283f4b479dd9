// Runs grouped by configuration without the seed: the unit a comparison
// judges. A group holds each finished run's final metrics and its
// machine-normalized step cost, and counts of how its runs ended
// (src/report/baseline_file writes and reads them as a committed baseline).
#ifndef EBMBENCH_REPORT_RUN_GROUPS_H_
#define EBMBENCH_REPORT_RUN_GROUPS_H_

#include <map>
#include <string>
#include <vector>

#include "src/store/result_store.h"

namespace ebm {

struct RunGroup {
  std::string key;      // hash of the resolved configuration without the seed
  std::string task;
  std::string method;
  std::string label;
  std::string config;   // the parameters that tell groups of one label apart
  std::string machine_fingerprint;  // "mixed" when runs come from several
  std::map<std::string, std::vector<double>> metrics;  // over finished runs
  // Mean step seconds times the sgemm GFLOP/s measured in the same run: the
  // step's cost in GFLOP of the machine's own matrix products, comparable
  // across runs of one machine whatever its load was.
  std::vector<double> step_cost;
  int runs = 0, finished = 0, failed = 0, diverged = 0, collapsed = 0;

  std::string Name() const;  // "toy2d/pcd-jem dataset=moons"
};

// The key of a run's group: the hash of its configuration without the seed.
std::string GroupKey(const std::string& config_json);

// For each run, "key=value" of the task, method and run settings whose values
// differ between the given runs of its task and method label: what tells them
// apart in tables (seeds aside).
std::map<int64_t, std::string> DistinguishingConfig(const std::vector<RunRecord>& runs);

// The groups of the runs `filter` selects, in run order.
std::vector<RunGroup> CollectRunGroups(ResultStore& store, const RunFilter& filter);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_RUN_GROUPS_H_
