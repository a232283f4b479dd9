#include "src/report/report_data.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>

#include "src/report/significance.h"

namespace ebm {
namespace {

ReportRun CollectRun(ResultStore& store, const RunRecord& record,
                     const TaskDescription& task) {
  ReportRun run;
  run.record = record;
  run.final_metrics = store.FinalMetrics(record.id);
  // Cumulative seconds at each step from every timed phase.
  std::map<int64_t, double> seconds_at;
  double total = 0;
  for (const TimingRecord& t : store.StepTimings(record.id)) {
    total += t.seconds;
    seconds_at[t.step] = total;
    if (t.phase == "step") run.step_seconds.push_back(t.seconds);
  }
  std::set<std::string> declared;
  for (const MetricSpec& m : task.metrics) declared.insert(m.name);
  for (const MetricRecord& m : store.Metrics(record.id)) {
    if (!declared.count(m.name)) continue;
    run.curves[m.name].push_back({m.step, seconds_at.count(m.step) ? seconds_at[m.step] : 0,
                                  m.value});
  }
  double sum = 0;
  for (double s : run.step_seconds) sum += s;
  run.mean_step_ms = run.step_seconds.empty() ? 0 : 1e3 * sum / run.step_seconds.size();
  for (const auto& a : store.Artifacts(record.id))
    if (a.kind == "samples") run.samples_path = a.path;
    else if (a.kind == "sample_images") run.sample_images_path = a.path;
    else if (a.kind == "model_sample_images") run.model_sample_images_path = a.path;
  return run;
}

// The task settings of a group's configuration, for finding its ceiling.
std::string TaskSettings(const std::string& config_json) {
  nlohmann::json config = nlohmann::json::parse(config_json);
  return config["task"].dump() + config["task_params"].dump();
}

// How the table ranks, the selection protocol, and the caveats of the task
// settings that appear.
std::vector<std::string> TaskNotes(const ReportTask& task) {
  const TaskDescription& d = task.description;
  std::vector<std::string> notes;
  if (!d.primary_metric.empty()) {
    std::string text = "Ranked by " + d.primary_metric +
                       " after the last step (the best mark per task setting).";
    if (!d.selection_metric.empty())
      text += " best_val/* columns are each metric at the evaluation with the best " +
              d.selection_metric + " (early stopping). Settings chosen with `ebmbench "
              "select` were chosen by " + d.selection_metric +
              " on validation data only, with the same number of configurations tried "
              "for every method (the sweep's budget); test metrics never chose anything.";
    notes.push_back(text);
  }
  for (const ParamCaveat& caveat : d.caveats) {
    bool shown = false;
    for (const ReportGroup& group : task.groups) {
      for (const ReportRun& run : group.runs) {
        nlohmann::json params = nlohmann::json::parse(run.record.identity.config_json)["task_params"];
        if (!params.contains(caveat.param)) continue;
        const nlohmann::json& value = params[caveat.param];
        const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
        if (text == caveat.value) shown = true;
      }
    }
    if (shown) notes.push_back(caveat.text);
  }
  return notes;
}

}  // namespace

std::string FormatMeanInterval(const std::vector<double>& values) {
  if (values.empty()) return "-";
  MeanInterval i = MeanConfidenceInterval(values);
  char buffer[96];
  if (values.size() == 1) {
    std::snprintf(buffer, sizeof(buffer), "%.4g (n=1)", i.mean);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%.4g ± %.2g (n=%zu)", i.mean, i.high - i.mean,
                  values.size());
  }
  return buffer;
}

std::vector<PaperReference> ReadPaperReferences(const std::string& path) {
  std::vector<PaperReference> references;
  if (!std::filesystem::exists(path)) return references;
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  for (const YAML::Node& entry : root["references"]) {
    PaperReference r;
    for (const char* key : {"task", "method", "metric", "value", "source"}) {
      if (!entry[key] || !entry[key].IsScalar())
        throw std::runtime_error(path + ":" + std::to_string(entry.Mark().line + 1) +
                                 ": key '" + key + "': missing or not a single value");
    }
    r.task = entry["task"].as<std::string>();
    r.method = entry["method"].as<std::string>();
    r.metric = entry["metric"].as<std::string>();
    r.source = entry["source"].as<std::string>();
    if (entry["dataset"]) r.dataset = entry["dataset"].as<std::string>();
    try {
      r.value = entry["value"].as<double>();
    } catch (const YAML::Exception&) {
      throw std::runtime_error(path + ":" + std::to_string(entry["value"].Mark().line + 1) +
                               ": key 'value': not a number");
    }
    references.push_back(r);
  }
  return references;
}

// The task parameter "dataset" of a group's runs ("" when it has none).
std::string GroupDataset(const ReportGroup& g) {
  if (g.runs.empty()) return "";
  const nlohmann::json config = nlohmann::json::parse(g.runs.front().record.identity.config_json,
                                                      nullptr, /*allow_exceptions=*/false);
  if (!config.is_object() || !config.contains("task_params")) return "";
  const nlohmann::json& params = config["task_params"];
  return params.contains("dataset") && params["dataset"].is_string()
             ? params["dataset"].get<std::string>()
             : "";
}

std::string SettingLabel(const ReportTask& task, const std::string& task_settings) {
  // task_settings is the task's name and its parameters as JSON, one after
  // the other (see TaskSettings).
  auto params_of = [](const std::string& settings) {
    // After the task's name, a JSON string: read it as one, then the rest.
    std::istringstream in(settings);
    nlohmann::json name, params;
    try {
      in >> name >> params;
    } catch (const nlohmann::json::exception&) {
      return nlohmann::json();
    }
    return params;
  };
  const nlohmann::json mine = params_of(task_settings);
  if (!mine.is_object()) return "";
  std::string label;
  for (const auto& [key, value] : mine.items()) {
    bool differs = false;
    for (const ReportGroup& g : task.groups) {
      const nlohmann::json other = params_of(g.task_settings);
      differs = differs || !other.is_object() || other.value(key, nlohmann::json()) != value;
    }
    if (!differs) continue;
    label += (label.empty() ? "" : " ") + key + "=" +
             (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return label;
}

namespace {

// The "key=value" words of `config` that `said` does not hold, in order.
std::string WordsNotIn(const std::string& config, const std::string& said) {
  std::istringstream words(config);
  std::string extra;
  for (std::string word; words >> word;)
    if ((" " + said + " ").find(" " + word + " ") == std::string::npos)
      extra += (extra.empty() ? "" : " ") + word;
  return extra;
}

std::string Joined(const std::string& a, const std::string& b) {
  return a.empty() ? b : b.empty() ? a : a + " " + b;
}

}  // namespace

std::string NameInSetting(const RunGroup& g, const std::string& setting_label) {
  return Joined(g.label, WordsNotIn(g.config, setting_label));
}

// Every key that tells the group apart within the task: its setting's
// (activation=softplus dataset=moons) and its own (lr=0.001).
std::string ConfigCell(const ReportTask& task, const ReportGroup& g) {
  const std::string setting = SettingLabel(task, g.task_settings);
  return Joined(setting, WordsNotIn(g.group.config, setting));
}

std::string PublishedValues(const ReportTask& task, const ReportGroup& g) {
  std::string cell;
  char buffer[32];
  for (const PaperReference& r : task.references) {
    if (r.method != g.group.method && r.method != g.group.label) continue;
    if (!r.dataset.empty() && GroupDataset(g) != r.dataset) continue;
    std::snprintf(buffer, sizeof(buffer), "%.4g", r.value);
    cell += (cell.empty() ? "" : "; ") + r.metric + " " + buffer + " (" + r.source + ")";
  }
  return cell;
}

ResultsTable BuildResultsTable(const ReportTask& task) {
  ResultsTable table;
  table.header = {"method", "config", "finished", "collapsed", "diverged", "failed"};
  std::vector<const MetricSpec*> judged;
  for (const MetricSpec& m : task.description.metrics) {
    if (m.direction == MetricDirection::kInformational) continue;
    judged.push_back(&m);
    table.header.push_back(m.name + (m.direction == MetricDirection::kHigherIsBetter
                                         ? " (higher is better)"
                                         : " (lower is better)"));
  }
  const std::string& primary = task.description.primary_metric;
  if (!task.references.empty()) table.header.push_back("paper");
  const ComparisonReference& reference = task.description.reference;
  table.header.push_back(primary + " minus " + reference.name);
  table.header.push_back("wall s per run");
  table.header.push_back("ms per step");

  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? NAN : s / v.size();
  };
  // Best mean per judged metric, per task settings.
  std::map<std::string, std::vector<double>> best;
  for (const ReportGroup& g : task.groups) {
    std::vector<double>& b = best.try_emplace(g.task_settings, judged.size(), NAN).first->second;
    for (size_t m = 0; m < judged.size(); ++m) {
      auto it = g.group.metrics.find(judged[m]->name);
      if (it == g.group.metrics.end()) continue;
      double value = mean(it->second);
      bool higher = judged[m]->direction == MetricDirection::kHigherIsBetter;
      if (std::isnan(b[m]) || (higher ? value > b[m] : value < b[m])) b[m] = value;
    }
  }
  char buffer[64];
  for (size_t i = 0; i < task.groups.size(); ++i) {
    const ReportGroup& g = task.groups[i];
    // How the runs ended, each outcome in its column (means are over the
    // finished runs alone).
    std::vector<std::string> row = {
        g.group.label,
        ConfigCell(task, g),
        std::to_string(g.group.finished) + "/" + std::to_string(g.group.runs),
        std::to_string(g.group.collapsed),
        std::to_string(g.group.diverged),
        std::to_string(g.group.failed)};
    std::vector<bool> marks(row.size(), false);
    for (size_t m = 0; m < judged.size(); ++m) {
      auto it = g.group.metrics.find(judged[m]->name);
      std::vector<double> values = it == g.group.metrics.end() ? std::vector<double>{}
                                                                 : it->second;
      row.push_back(FormatMeanInterval(values));
      marks.push_back(!values.empty() && mean(values) == best[g.task_settings][m]);
    }
    if (!task.references.empty()) {
      const std::string cell = PublishedValues(task, g);
      row.push_back(cell.empty() ? "-" : cell);
    }
    auto ceiling = task.ceiling.find(i);
    auto own = g.group.metrics.find(primary);
    std::string gap = "-";
    if (ceiling != task.ceiling.end() && own != g.group.metrics.end()) {
      const auto& top = task.groups[ceiling->second].group.metrics;
      auto it = top.find(primary);
      if (it != top.end()) {
        std::snprintf(buffer, sizeof(buffer), "%+.4g", mean(own->second) - mean(it->second));
        gap = buffer;
      }
    } else if (g.group.method == reference.method) {
      gap = "(" + reference.role + ")";
    }
    row.push_back(gap);
    std::snprintf(buffer, sizeof(buffer), "%.1f", g.mean_wall_seconds);
    row.push_back(buffer);
    std::snprintf(buffer, sizeof(buffer), "%.2f", g.mean_step_ms);
    row.push_back(buffer);
    marks.resize(row.size(), false);
    table.rows.push_back(row);
    table.best.push_back(marks);
  }
  return table;
}

ReportData CollectReportData(ResultStore& store, const RunFilter& filter,
                             const std::string& title, const TaskLookup& tasks,
                             const std::vector<PaperReference>& references) {
  ReportData data;
  data.title = title;
  std::vector<RunGroup> groups = CollectRunGroups(store, filter);
  std::map<std::string, size_t> task_index;
  std::map<std::string, std::pair<size_t, size_t>> where;  // group key -> (task, group)
  for (const RunGroup& g : groups) {
    if (!task_index.count(g.task)) {
      ReportTask task;
      task.description = tasks(g.task).value_or(TaskDescription{g.task, "", {}, {}, ""});
      for (const PaperReference& r : references)
        if (r.task == g.task) task.references.push_back(r);
      task_index[g.task] = data.tasks.size();
      data.tasks.push_back(task);
    }
    ReportTask& task = data.tasks[task_index[g.task]];
    where[g.key] = {task_index[g.task], task.groups.size()};
    task.groups.push_back(ReportGroup{g, "", {}, 0, 0, ""});
  }
  std::set<std::string> machines, builds;
  bool unoptimized = false;
  for (const RunRecord& record : store.ListRuns(filter)) {
    // A run another process created after the groups were read (list during
    // training): it is in the next report.
    auto found = where.find(GroupKey(record.identity.config_json));
    if (found == where.end()) continue;
    auto [t, g] = found->second;
    ReportTask& task = data.tasks[t];
    task.groups[g].runs.push_back(CollectRun(store, record, task.description));
    task.groups[g].task_settings = TaskSettings(record.identity.config_json);
    if (!data.environments.count(record.environment_id)) {
      auto fields = store.EnvironmentFields(record.environment_id);
      data.environments[record.environment_id] = fields;
      std::string build;
      for (const auto& [name, value] : fields) {
        if (name == "machine_fingerprint") machines.insert(value);
        if (name == "git_commit" || name == "git_dirty" || name == "compiler" ||
            name == "build_flags" || name == "torch_version" || name == "blas")
          build += value + "|";
        if (name == "build_flags" && value.find("unoptimized") != std::string::npos)
          unoptimized = true;
      }
      builds.insert(build);
    }
  }
  for (ReportTask& task : data.tasks) {
    task.notes = TaskNotes(task);
    for (size_t i = 0; i < task.groups.size(); ++i) {
      ReportGroup& group = task.groups[i];
      // Step time over the runs that took steps (a run that failed at setup
      // would make a method look cheap).
      double wall = 0, step = 0;
      int stepped = 0;
      for (const ReportRun& r : group.runs) {
        wall += r.record.wall_seconds;
        if (r.mean_step_ms > 0) {
          step += r.mean_step_ms;
          ++stepped;
        }
      }
      if (!group.runs.empty()) group.mean_wall_seconds = wall / group.runs.size();
      if (stepped) group.mean_step_ms = step / stepped;
      for (size_t j = 0; j < task.groups.size(); ++j) {
        const RunGroup& other = task.groups[j].group;
        if (j != i && other.method == task.description.reference.method &&
            task.groups[j].task_settings == group.task_settings)
          task.ceiling[i] = j;
      }
    }
  }
  if (machines.size() > 1)
    data.warnings.push_back("These results come from " + std::to_string(machines.size()) +
                            " different machines: compare timings with care.");
  if (builds.size() > 1)
    data.warnings.push_back("These results come from " + std::to_string(builds.size()) +
                            " different builds (commit, compiler, flags, LibTorch or BLAS).");
  if (unoptimized)
    data.warnings.push_back("Some runs come from an unoptimized build: their timings "
                            "say little.");
  return data;
}

}  // namespace ebm
