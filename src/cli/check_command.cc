// baseline and check: regression verdicts against a baseline.
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>

#include "src/cli/cli_support.h"
#include "src/cli/commands.h"
#include "src/core/whole_file.h"
#include "src/report/baseline_file.h"
#include "src/report/comparison.h"
#include "src/report/run_groups.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {

int BaselineCommand(const std::string& db, const std::string& suite,
                    const std::string& output) {
  RequireDb(db);
  ResultStore store(db, ResultStore::Access::kRead);
  std::vector<RunGroup> groups = CollectRunGroups(store, SuiteFilter(suite));
  if (groups.empty()) throw std::runtime_error("no runs to make a baseline of in " + db);
  EnsureParentDir(output);
  WriteFileAtomically(output, RunGroupsToJson(groups, "ebmbench baseline of " +
                                                          (suite.empty() ? db : "suite " + suite)));
  std::cout << "baseline of " << groups.size() << " run groups written to " << output
            << "\n";
  return 0;
}


int CheckCommand(const std::string& db, const std::string& suite,
                 const CheckOptions& o) {
  for (const auto& [name, value] : {std::pair<const char*, double>{"--min-effect", o.min_effect},
                                    {"--timing-min-effect", o.timing_min_effect}}) {
    if (!std::isfinite(value) || value < 0)
      throw std::runtime_error(std::string(name) + " must be a finite number >= 0, not " +
                               std::to_string(value));
  }
  RequireDb(db);
  std::vector<RunGroup> baseline;
  if (!o.baseline_file.empty()) {
    baseline = RunGroupsFromJson(ReadFileOrThrow(o.baseline_file), o.baseline_file);
  } else {
    RequireDb(o.baseline_db);
    ResultStore store(o.baseline_db, ResultStore::Access::kRead);
    baseline = CollectRunGroups(
        store, SuiteFilter(o.baseline_suite.empty() ? suite : o.baseline_suite));
  }
  if (baseline.empty())
    throw std::runtime_error("the baseline has no run groups: nothing to check against");
  ResultStore store(db, ResultStore::Access::kRead);
  std::vector<RunGroup> candidate = CollectRunGroups(store, SuiteFilter(suite));
  if (candidate.empty())
    throw std::runtime_error("no runs to check in " + db +
                             (suite.empty() ? std::string() : " for suite '" + suite + "'") +
                             " (`ebmbench list --db " + db + "` shows what is there)");
  ComparisonSettings settings;
  settings.metrics.min_relative_effect = o.min_effect;
  settings.timings.min_relative_effect = o.timing_min_effect;
  DirectionLookup direction = [](const std::string& task, const std::string& metric)
      -> std::optional<MetricDirection> {
    const TaskDescription* description = FindTaskDescription(task);
    if (!description) return std::nullopt;
    for (const MetricSpec& m : description->metrics)
      if (m.name == metric) return m.direction;
    return std::nullopt;
  };
  std::vector<ComparisonRow> rows = CompareRunGroups(baseline, candidate, direction, settings);
  const std::string table = ComparisonMarkdown(rows);
  std::cout << table;
  if (!o.markdown.empty()) {
    EnsureParentDir(o.markdown);
    WriteFileAtomically(o.markdown, table);
  }
  std::map<std::string, int> counts;
  for (const ComparisonRow& r : rows) ++counts[VerdictName(r.judgement.verdict)];
  std::cout << "\nverdicts:";
  for (const auto& [name, count] : counts) std::cout << " " << count << " " << name << ";";
  // A check that compared nothing must not pass: every row incomparable
  // means the candidate's configurations are not the baseline's (a changed
  // default, a renamed parameter): re-make the baseline deliberately.
  bool compared = false;
  for (const ComparisonRow& r : rows)
    if (r.judgement.verdict != Verdict::kIncomparable) compared = true;
  if (!compared) {
    std::cout << "\nnothing was compared: no run group matches the baseline's (if the "
                 "configurations changed on purpose, re-make the baseline with "
                 "`ebmbench baseline`)\n";
    return 2;
  }
  const int code = ComparisonExitCode(rows, o.gate_timings);
  std::cout << "\n"
            << (code == 0   ? "no regression"
                : code == 1 ? "REGRESSION: see the rows marked regressed or newly failing"
                            : "no regression found, but some verdicts are inconclusive")
            << (o.gate_timings ? "" : " (step-cost verdicts shown, not gating)") << "\n";
  return code;
}

}  // namespace ebm
