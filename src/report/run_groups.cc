#include "src/report/run_groups.h"

#include <nlohmann/json.hpp>

#include <set>
#include <stdexcept>

#include "src/core/hash.h"

namespace ebm {

std::string GroupKey(const std::string& config_json) {
  nlohmann::json config = nlohmann::json::parse(config_json);
  config.erase("seed");
  return HashHex(config.dump());
}

std::map<int64_t, std::string> DistinguishingConfig(const std::vector<RunRecord>& runs) {
  using Flat = std::map<std::string, std::string>;
  std::map<int64_t, Flat> flat;
  std::map<std::string, std::map<std::string, std::set<std::string>>> seen;
  for (const RunRecord& run : runs) {
    nlohmann::json config = nlohmann::json::parse(run.identity.config_json);
    Flat& f = flat[run.id];
    for (const char* scope : {"task_params", "method_params", "run"})
      for (const auto& [key, value] : config[scope].items())
        f[key] = value.is_string() ? value.get<std::string>() : value.dump();
    for (const auto& [key, value] : f)
      seen[run.identity.task + "/" + run.identity.label][key].insert(value);
  }
  std::map<int64_t, std::string> out;
  for (const RunRecord& run : runs) {
    std::string text;
    for (const auto& [key, values] : seen[run.identity.task + "/" + run.identity.label]) {
      if (values.size() > 1)
        text += (text.empty() ? "" : " ") + key + "=" + flat[run.id][key];
    }
    out[run.id] = text;
  }
  return out;
}

std::string RunGroup::Name() const {
  return task + "/" + label + (config.empty() ? "" : " " + config);
}

std::vector<RunGroup> CollectRunGroups(ResultStore& store, const RunFilter& filter) {
  std::vector<RunGroup> groups;
  std::map<std::string, size_t> index;
  std::map<int64_t, std::string> machines;
  const std::vector<RunRecord> runs = store.ListRuns(filter);
  // Runs of one group share their configuration, seeds aside.
  const std::map<int64_t, std::string> config = DistinguishingConfig(runs);
  for (const RunRecord& run : runs) {
    const std::string key = GroupKey(run.identity.config_json);
    if (!index.count(key)) {
      index[key] = groups.size();
      RunGroup g;
      g.key = key;
      g.task = run.identity.task;
      g.method = run.identity.method;
      g.label = run.identity.label;
      g.config = config.at(run.id);
      groups.push_back(g);
    }
    RunGroup& g = groups[index[key]];
    if (!machines.count(run.environment_id)) {
      for (const auto& [name, value] : store.EnvironmentFields(run.environment_id))
        if (name == "machine_fingerprint") machines[run.environment_id] = value;
    }
    const std::string& machine = machines[run.environment_id];
    g.machine_fingerprint = g.machine_fingerprint.empty() || g.machine_fingerprint == machine
                                ? machine
                                : "mixed";
    ++g.runs;
    g.failed += run.status == RunStatus::kFailed;
    g.diverged += run.status == RunStatus::kDiverged;
    g.collapsed += run.status == RunStatus::kCollapsed;
    if (run.status != RunStatus::kFinished) continue;
    ++g.finished;
    for (const auto& [name, value] : store.FinalMetrics(run.id)) g.metrics[name].push_back(value);
    double reference = 0;
    int references = 0;
    for (const MetricRecord& m : store.Metrics(run.id)) {
      if (m.name == "reference/sgemm_gflops") {
        reference += m.value;
        ++references;
      }
    }
    auto timings = store.TimingSummaries(run.id);
    if (references > 0 && timings.count("step"))
      g.step_cost.push_back(timings["step"].mean * reference / references);
  }
  return groups;
}

}  // namespace ebm
