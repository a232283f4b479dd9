// select: each method's settings from a sweep's database, by validation
// data alone (src/report/selection.h), written as a suite file.
#include <filesystem>
#include <iostream>
#include <map>

#include "src/cli/cli_support.h"
#include "src/cli/commands.h"
#include "src/cli/text_table.h"
#include "src/core/whole_file.h"
#include "src/report/selection.h"
#include "src/suite/catalog.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {

int SelectCommand(const std::string& db, const SelectCommandOptions& options) {
  if (!std::filesystem::exists(db))
    throw std::runtime_error("no results database at " + db + " (run the sweep first)");
  if (options.sweep_suite.empty() && options.sweep_file.empty())
    throw std::runtime_error("select needs the sweep: --sweep FILE or --suite NAME");
  ResultStore store(db, ResultStore::Access::kRead);
  std::vector<SweepRun> runs;
  std::string sweep_name = options.sweep_suite;
  if (!options.sweep_file.empty()) {
    // Exactly the runs the sweep file lists now (a run it lists that the
    // database lacks counts as unfinished), whatever else the database holds.
    SuiteParseResult sweep = ParseSuiteFile(options.sweep_file, DescribedCatalog());
    if (!sweep.ok()) throw std::runtime_error(sweep.errors.front());
    sweep_name = sweep.suite.name;
    std::map<std::string, RunRecord> by_hash;
    for (const RunRecord& record : store.ListRuns()) by_hash[record.identity.config_hash] = record;
    for (const RunSpec& spec : sweep.suite.runs) {
      SweepRun run;
      auto found = by_hash.find(spec.ConfigHash());
      if (found != by_hash.end()) {
        run.record = found->second;
        run.final_metrics = store.FinalMetrics(found->second.id);
      } else {
        run.record.identity = {spec.task,         spec.method,       spec.label,
                               spec.seed,         spec.ConfigJson(), spec.ConfigHash(),
                               spec.run.GetInt("steps")};
        run.record.status = RunStatus::kRunning;  // never started: unfinished
      }
      run.record.identity.label = spec.label;  // the sweep file's name for it
      runs.push_back(run);
    }
  } else {
    RunFilter filter;
    filter.suite = options.sweep_suite;
    for (const RunRecord& record : store.ListRuns(filter))
      runs.push_back({record, store.FinalMetrics(record.id)});
  }
  if (runs.empty())
    throw std::runtime_error("no runs of suite '" + sweep_name + "' in " + db +
                             " (`ebmbench list --db " + db + "` shows what is there)");
  std::map<std::string, TaskDescription> tasks;
  for (const TaskDescription& task : AllTaskDescriptions()) tasks[task.name] = task;
  SelectionOptions selection_options;
  selection_options.at_best_evaluation = options.at_best_evaluation;
  Selection selection = SelectConfigurations(runs, tasks, selection_options);

  TextTable table({"method", "configs", "chosen by", "score", "runs", "runner-up"});
  for (const LabelChoice& choice : selection.labels) {
    const ScoredConfiguration& best = choice.ranked.front();
    std::string runs_text;
    for (const auto& [status, count] : best.statuses)
      runs_text += (runs_text.empty() ? "" : " ") + std::to_string(count) + " " + status;
    table.AddRow({choice.label, std::to_string(choice.ranked.size()), choice.metric,
                  TextTable::Number(best.score, 4), runs_text,
                  choice.ranked.size() > 1 ? TextTable::Number(choice.ranked[1].score, 4)
                                           : "-"});
  }
  table.Print(std::cout);

  SelectedSuiteOptions suite_options;
  suite_options.name = options.name.empty() ? sweep_name + "-selected" : options.name;
  suite_options.description = options.description;
  suite_options.seeds = options.seeds;
  suite_options.source = "the " + std::to_string(runs.size()) + " runs of sweep '" +
                         sweep_name + "' in " + db;
  const std::string yaml = SelectedSuiteYaml(selection, DescribedCatalog(), suite_options);
  // The written file must be a suite ebmbench runs: parse it back first.
  SuiteParseResult parsed = ParseSuiteText(yaml, options.output, DescribedCatalog());
  if (!parsed.ok())
    throw std::runtime_error("select wrote a suite that does not parse: " + parsed.errors[0]);
  if (options.output.empty() || options.output == "-") {
    std::cout << yaml;
    return 0;
  }
  WriteFileAtomically(options.output, yaml);
  std::cout << "wrote " << options.output << " (" << parsed.suite.runs.size() << " runs)\n";
  return 0;
}

}  // namespace ebm
