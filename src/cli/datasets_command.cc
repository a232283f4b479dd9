// datasets: the real data sets suites need, from the tasks' descriptions
// (no LibTorch); `run` checks the same list before it trains anything.
#include <algorithm>
#include <iostream>

#include "src/cli/commands.h"
#include "src/suite/catalog.h"
#include "src/tasks/task_descriptions.h"

namespace ebm {

std::vector<std::string> DatasetsOf(const std::vector<Suite>& suites,
                                    const TaskDescriptionLookup& task_description) {
  std::vector<std::string> names;
  for (const Suite& suite : suites)
    for (const RunSpec& spec : suite.runs) {
      const TaskDescription* task = task_description(spec.task);
      if (!task || !task->datasets) continue;
      for (const std::string& name : task->datasets(spec.task_params))
        if (std::find(names.begin(), names.end(), name) == names.end())
          names.push_back(name);
    }
  return names;
}

int DatasetsCommand(const std::vector<std::string>& suite_paths) {
  std::vector<Suite> suites;
  if (!ParseSuites(suite_paths, DescribedCatalog(), &suites)) return 2;
  for (const std::string& name : DatasetsOf(suites, FindTaskDescription))
    std::cout << name << "\n";
  return 0;
}

}  // namespace ebm
