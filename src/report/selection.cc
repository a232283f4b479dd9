#include "src/report/selection.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "src/suite/run_spec.h"

namespace ebm {
namespace {

using nlohmann::json;

struct ConfigurationRuns {
  ScoredConfiguration scored;
  // task setting -> selection-metric values of its finished runs
  std::map<std::string, std::vector<double>> values;
};

double Mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return values.empty() ? std::numeric_limits<double>::quiet_NaN() : sum / values.size();
}

// Best first: every run finished before any did not; then by score in the
// metric's direction; then fewer unfinished runs.
bool RanksBefore(const ScoredConfiguration& a, const ScoredConfiguration& b,
                 bool higher_is_better) {
  const bool a_clean = a.unfinished == 0, b_clean = b.unfinished == 0;
  if (a_clean != b_clean) return a_clean;
  if (a.unfinished != b.unfinished) return a.unfinished < b.unfinished;
  const bool a_nan = std::isnan(a.score), b_nan = std::isnan(b.score);
  if (a_nan != b_nan) return b_nan;
  if (a_nan) return a.mean_steps_done > b.mean_steps_done;
  return higher_is_better ? a.score > b.score : a.score < b.score;
}

// The parameters of `values` (a JSON object) that differ from `specs`'
// defaults, as (name, text) in the order of the specs.
std::vector<std::pair<std::string, std::string>> NonDefault(const json& values,
                                                            const std::vector<ParamSpec>& specs) {
  std::vector<std::pair<std::string, std::string>> changed;
  for (const ParamSpec& spec : specs) {
    if (!values.contains(spec.name)) continue;
    const json& value = values.at(spec.name);
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    // Integers stored for a double parameter read back the same.
    std::optional<ParamValue> parsed = ParseParamValue(text, spec.type);
    if (text == FormatParamValue(spec.default_value) || (parsed && *parsed == spec.default_value))
      continue;
    changed.push_back({spec.name, text});
  }
  return changed;
}

// "{a: 1, b: x}" with YAML's quoting where a value needs it.
std::string FlowMap(const std::vector<std::pair<std::string, std::string>>& entries) {
  YAML::Emitter out;
  out << YAML::Flow << YAML::BeginMap;
  for (const auto& [name, text] : entries) out << YAML::Key << name << YAML::Value << text;
  out << YAML::EndMap;
  return out.c_str();
}

std::string YamlScalar(const std::string& text) {
  YAML::Emitter out;
  out << text;
  return out.c_str();
}

// `text` as comment lines of at most ~78 columns, each starting with `indent`.
std::string CommentLines(const std::string& text, const std::string& indent) {
  std::string out, line;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    if (!line.empty() && indent.size() + 2 + line.size() + 1 + word.size() > 78) {
      out += indent + "# " + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += indent + "# " + line + "\n";
  return out;
}

std::string Format(double value) {
  std::ostringstream text;
  text.precision(6);
  text << value;
  return text.str();
}

std::string StatusText(const ScoredConfiguration& c) {
  std::string text;
  for (const auto& [status, count] : c.statuses)
    text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + status;
  return text;
}

}  // namespace

Selection SelectConfigurations(const std::vector<SweepRun>& runs,
                               const std::map<std::string, TaskDescription>& tasks,
                               const SelectionOptions& options) {
  if (runs.empty()) throw std::invalid_argument("the sweep has no runs to select from");
  Selection selection;
  std::set<int64_t> seeds;
  std::set<std::pair<std::string, std::string>> settings_seen;
  std::vector<std::string> label_order;
  std::map<std::string, std::string> label_metric;
  std::map<std::string, bool> label_higher;
  std::map<std::string, std::map<std::string, ConfigurationRuns>> by_label;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> budget;

  for (const SweepRun& run : runs) {
    const RunIdentity& id = run.record.identity;
    auto task = tasks.find(id.task);
    if (task == tasks.end()) throw std::invalid_argument("unknown task '" + id.task + "'");
    const TaskDescription& description = task->second;
    if (description.selection_metric.empty())
      throw std::invalid_argument("task '" + id.task +
                                  "' has no validation metric to select settings by");
    const MetricSpec* spec = FindMetric(description, description.selection_metric);
    const std::string metric = options.at_best_evaluation
                                   ? kBestValidationPrefix + description.selection_metric
                                   : description.selection_metric;
    if (label_metric.count(id.label) && label_metric[id.label] != metric)
      throw std::invalid_argument("method '" + id.label +
                                  "' runs on tasks with different selection metrics");
    if (!label_metric.count(id.label)) label_order.push_back(id.label);
    label_metric[id.label] = metric;
    label_higher[id.label] = spec->direction == MetricDirection::kHigherIsBetter;

    const json config = json::parse(id.config_json);
    const std::string setting = config.at("task_params").dump();
    if (settings_seen.insert({id.task, setting}).second)
      selection.task_settings.push_back({id.task, setting});
    const std::string key =
        id.method + " " + config.at("method_params").dump() + " " + config.at("run").dump();
    budget[{id.task + " " + setting, id.label}].insert(key);
    seeds.insert(id.seed);

    ConfigurationRuns& entry = by_label[id.label][key];
    entry.scored.method = id.method;
    entry.scored.method_params_json = config.at("method_params").dump();
    entry.scored.run_json = config.at("run").dump();
    ++entry.scored.runs;
    entry.scored.mean_steps_done += static_cast<double>(run.record.steps_done);
    ++entry.scored.statuses[RunStatusName(run.record.status)];
    auto value = run.final_metrics.find(metric);
    if (run.record.status == RunStatus::kFinished && value != run.final_metrics.end() &&
        std::isfinite(value->second)) {
      entry.values[id.task + " " + setting].push_back(value->second);
    } else {
      ++entry.scored.unfinished;
    }
  }

  // Equal budgets: every label tried as many configurations in each setting.
  std::map<int64_t, std::vector<std::string>> by_count;
  for (const auto& [key, configs] : budget)
    by_count[configs.size()].push_back(key.second + " (" + key.first + ")");
  if (by_count.size() > 1) {
    std::string text;
    for (const auto& [count, labels] : by_count) {
      text += "\n  " + std::to_string(count) + " configuration(s):";
      for (const std::string& label : labels) text += " " + label;
    }
    throw std::invalid_argument(
        "the sweep gave its methods unequal tuning budgets; every method must "
        "try as many configurations (declare `budget:` in the sweep suite):" + text);
  }

  for (const std::string& label : label_order) {
    LabelChoice choice;
    choice.label = label;
    choice.metric = label_metric[label];
    choice.higher_is_better = label_higher[label];
    for (auto& [key, entry] : by_label[label]) {
      std::vector<double> setting_means;
      for (const auto& [setting, values] : entry.values) setting_means.push_back(Mean(values));
      entry.scored.score = Mean(setting_means);
      entry.scored.mean_steps_done /= static_cast<double>(entry.scored.runs);
      choice.ranked.push_back(entry.scored);
    }
    std::stable_sort(choice.ranked.begin(), choice.ranked.end(),
                     [&](const ScoredConfiguration& a, const ScoredConfiguration& b) {
                       return RanksBefore(a, b, choice.higher_is_better);
                     });
    selection.labels.push_back(choice);
  }
  selection.seeds.assign(seeds.begin(), seeds.end());
  return selection;
}

std::string SelectedSuiteYaml(const Selection& selection, const ParamCatalog& catalog,
                              const SelectedSuiteOptions& options) {
  std::string seeds_text;
  for (int64_t seed : selection.seeds)
    seeds_text += (seeds_text.empty() ? "" : ", ") + std::to_string(seed);
  std::ostringstream out;
  out << CommentLines(
      "Written by `ebmbench select` from " + options.source +
          ". Tuning protocol: every method tried the same number of configurations "
          "(the sweep's budget) on seed(s) " + seeds_text +
          "; each method's configuration was chosen by its task's validation metric "
          "(never a test metric), averaged over seeds and task settings; a "
          "configuration with a run that failed, diverged, collapsed or did not finish ranks "
          "below every configuration whose runs all finished. The seeds below are "
          "for the comparison itself, none of them the sweep's.",
      "");
  out << "suite: " << YamlScalar(options.name) << "\n";
  if (!options.description.empty())
    out << "description: " << YamlScalar(options.description) << "\n";
  out << "seeds: [";
  for (size_t i = 0; i < options.seeds.size(); ++i) out << (i ? ", " : "") << options.seeds[i];
  out << "]\n";
  // Run settings every chosen configuration shares go to the suite level.
  std::vector<std::pair<std::string, std::string>> common;
  for (size_t i = 0; i < selection.labels.size(); ++i) {
    auto run = NonDefault(json::parse(selection.labels[i].ranked.front().run_json),
                          RunParamSpecs());
    if (i == 0) {
      common = run;
    } else {
      std::vector<std::pair<std::string, std::string>> kept;
      for (const auto& entry : common)
        if (std::find(run.begin(), run.end(), entry) != run.end()) kept.push_back(entry);
      common = kept;
    }
  }
  if (!common.empty()) out << "run: " << FlowMap(common) << "\n";
  out << "tasks:\n";
  for (const auto& [task, setting] : selection.task_settings) {
    out << "  - task: " << YamlScalar(task) << "\n";
    auto params = NonDefault(json::parse(setting), catalog.tasks.at(task));
    if (!params.empty()) out << "    params: " << FlowMap(params) << "\n";
  }
  out << "methods:\n";
  for (const LabelChoice& choice : selection.labels) {
    const ScoredConfiguration& best = choice.ranked.front();
    std::string comment = choice.label + ": the best of " +
                          std::to_string(choice.ranked.size()) + " configurations by " +
                          choice.metric + " = " + Format(best.score) + " (" +
                          StatusText(best) + ")";
    if (choice.ranked.size() > 1) {
      const ScoredConfiguration& next = choice.ranked[1];
      comment += "; runner-up " + Format(next.score) + " (" + StatusText(next) + ")";
    }
    if (best.unfinished > 0)
      comment += ". No configuration of this method finished every run: this one got "
                 "furthest (" + Format(best.mean_steps_done) + " steps on average).";
    out << CommentLines(comment, "  ");
    out << "  - method: " << YamlScalar(best.method) << "\n";
    if (choice.label != best.method) out << "    label: " << YamlScalar(choice.label) << "\n";
    auto params = NonDefault(json::parse(best.method_params_json), catalog.methods.at(best.method));
    if (!params.empty()) out << "    params: " << FlowMap(params) << "\n";
    std::vector<std::pair<std::string, std::string>> own;
    for (const auto& entry : NonDefault(json::parse(best.run_json), RunParamSpecs()))
      if (std::find(common.begin(), common.end(), entry) == common.end()) own.push_back(entry);
    if (!own.empty()) out << "    run: " << FlowMap(own) << "\n";
  }
  return out.str();
}

}  // namespace ebm
