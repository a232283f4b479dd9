#include "src/suite/suite_file.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "src/core/visible_text.h"

namespace ebm {
namespace {

// One axis of values per grid key; a fixed parameter is a one-value axis.
using Axes = std::vector<std::pair<std::string, std::vector<ParamValue>>>;

// Bounds on a suite's size (a `max_runs:` key raises the second).
constexpr int64_t kMaxSeedCount = 100000;
constexpr int64_t kDefaultMaxRuns = 10000;
constexpr int kMaxNesting = 32;
// Suite names and labels name folders and fit a table column.
constexpr size_t kMaxNameLength = 120;

struct Entry {
  std::string name;   // task or method name
  std::string label;  // method label (methods only)
  Params fixed;
  Axes grid;
  Params run;         // run settings given in the entry (methods only)
};

struct Override {
  std::string task;   // empty matches any
  std::string method; // label or method name; empty matches any
  Params task_params, method_params, run;
};

class Parser {
 public:
  Parser(const std::string& file, const ParamCatalog& catalog)
      : file_(file), catalog_(catalog) {}

  SuiteParseResult Parse(const std::string& text);

 private:
  void Error(const YAML::Node& node, const std::string& key,
             const std::string& message) {
    std::ostringstream out;
    out << file_;
    if (node.Mark().line >= 0)
      out << ":" << node.Mark().line + 1 << ":" << node.Mark().column + 1;
    out << ": key '" << key << "': " << message;
    // Keys and values are quoted from the file: printed on a terminal.
    errors_.push_back(VisibleText(out.str()));
  }

  bool IsMap(const YAML::Node& node, const std::string& key) {
    if (node.IsMap()) return true;
    Error(node, key, "expected a mapping of names to values");
    return false;
  }

  bool IsSequence(const YAML::Node& node, const std::string& key) {
    if (node.IsSequence()) return true;
    Error(node, key, "expected a list");
    return false;
  }

  // Equal tuning budgets: every method label has exactly suite.budget
  // configurations (seeds aside) in every task setting.
  void CheckBudget(const YAML::Node& node, const Suite& suite) {
    std::map<std::pair<std::string, std::string>, std::set<std::string>> configs;
    std::set<std::string> settings;
    for (const RunSpec& spec : suite.runs) {
      const std::string setting = spec.task + " " + spec.task_params_json();
      settings.insert(setting);
      configs[{setting, spec.label}].insert(spec.method + " " + spec.method_params_json() +
                                            " " + spec.run_json());
    }
    for (const auto& [key, set] : configs) {
      if (static_cast<int64_t>(set.size()) == suite.budget) continue;
      Error(node, "budget",
            "method '" + key.second + "' has " + std::to_string(set.size()) +
                " configuration(s) for task setting " + key.first + ", not " +
                std::to_string(suite.budget) +
                ": every method gets the same tuning budget");
    }
  }

  std::string Scalar(const YAML::Node& node, const std::string& key) {
    if (node.IsScalar()) return node.Scalar();
    Error(node, key, "expected a single value");
    return "";
  }

  // Reports `text` when it holds a control character (the error says so,
  // then `rule`); true when it does.
  bool RefusedControlCharacters(const YAML::Node& node, const std::string& key,
                                const std::string& text, const std::string& rule = "") {
    if (!HasControlCharacters(text)) return false;
    Error(node, key, "'" + text + "' holds a control character (newline, tab or escape)" + rule);
    return true;
  }

  // A name shown in tables, reports and file names (suite name, label): one
  // printable line of bounded length.
  std::string Name(const YAML::Node& node, const std::string& key) {
    std::string name = Scalar(node, key);
    if (!node.IsScalar()) return name;
    if (name.empty()) {
      Error(node, key, "must not be empty");
    } else if (!RefusedControlCharacters(node, key, name, "; names are one printable line") &&
               name.size() > kMaxNameLength) {
      Error(node, key, "is " + std::to_string(name.size()) + " characters long; at most " +
                           std::to_string(kMaxNameLength));
    }
    return name;
  }

  // Every mapping of the document: keys are plain names, each given once
  // (YAML parsers keep one of two equal keys silently), and nesting stays
  // shallow. Checked first, so the rest can read keys as names.
  void CheckKeyStructure(const YAML::Node& node, int depth) {
    if (depth > kMaxNesting) {
      Error(node, "", "nested deeper than " + std::to_string(kMaxNesting) + " levels");
      return;
    }
    if (node.IsSequence()) {
      for (const auto& item : node) CheckKeyStructure(item, depth + 1);
      return;
    }
    if (!node.IsMap()) return;
    std::set<std::string> seen;
    for (const auto& item : node) {
      if (!item.first.IsScalar()) {
        Error(item.first, "?", "a key must be a plain name, not a list or mapping");
        continue;
      }
      const std::string key = item.first.Scalar();
      if (!seen.insert(key).second)
        Error(item.first, key, "given twice in one mapping (only one can count)");
      CheckKeyStructure(item.second, depth + 1);
    }
  }

  void CheckKeys(const YAML::Node& map, const std::string& where,
                 const std::set<std::string>& allowed) {
    for (const auto& item : map) {
      std::string key = item.first.as<std::string>();
      if (!allowed.count(key)) {
        std::string known;
        for (const std::string& k : allowed) known += (known.empty() ? "" : ", ") + k;
        Error(item.first, key, "unknown key in " + where + " (allowed: " + known + ")");
      }
    }
  }

  // Converts one scalar to the declared type of `spec`.
  std::optional<ParamValue> Value(const YAML::Node& node, const ParamSpec& spec,
                                  const std::string& key) {
    if (!node.IsScalar()) {
      Error(node, key, std::string("expected a single ") +
                           ParamTypeName(spec.type) + " value");
      return std::nullopt;
    }
    std::optional<ParamValue> value = ParseParamValue(node.Scalar(), spec.type);
    if (!value) {
      Error(node, key, "'" + node.Scalar() + "' is not a valid " +
                           ParamTypeName(spec.type));
      return std::nullopt;
    }
    if (spec.type == ParamType::kString && RefusedControlCharacters(node, key, node.Scalar()))
      return std::nullopt;
    if (std::optional<std::string> error = ParamValueError(spec, *value)) {
      Error(node, key, *error);
      return std::nullopt;
    }
    return value;
  }

  const ParamSpec* Spec(const YAML::Node& key_node,
                        const std::vector<ParamSpec>& specs,
                        const std::string& owner) {
    std::string key = key_node.as<std::string>();
    const ParamSpec* spec = FindParamSpec(specs, key);
    if (!spec) {
      std::string known;
      for (const ParamSpec& s : specs) known += (known.empty() ? "" : ", ") + s.name;
      Error(key_node, key, "not a parameter of " + owner + " (known: " +
                               (known.empty() ? "none" : known) + ")");
    }
    return spec;
  }

  // A mapping of fixed parameters.
  Params FixedParams(const YAML::Node& map, const std::vector<ParamSpec>& specs,
                     const std::string& owner, const std::string& key) {
    Params params;
    if (!IsMap(map, key)) return params;
    for (const auto& item : map) {
      const ParamSpec* spec = Spec(item.first, specs, owner);
      if (!spec) continue;
      auto value = Value(item.second, *spec, spec->name);
      if (!value) continue;
      params.Set(spec->name, *value);
    }
    return params;
  }

  // A mapping of parameter names to lists of values.
  Axes GridAxes(const YAML::Node& map, const std::vector<ParamSpec>& specs,
                const std::string& owner) {
    Axes axes;
    if (!IsMap(map, "grid")) return axes;
    for (const auto& item : map) {
      const ParamSpec* spec = Spec(item.first, specs, owner);
      if (!spec) continue;
      if (!item.second.IsSequence() || item.second.size() == 0) {
        Error(item.second, spec->name,
              "a grid axis must be a non-empty list of values");
        continue;
      }
      std::vector<ParamValue> values;
      for (const auto& v : item.second)
        if (auto value = Value(v, *spec, spec->name)) values.push_back(*value);
      axes.emplace_back(spec->name, values);
    }
    return axes;
  }

  std::vector<Entry> Entries(const YAML::Node& list, const std::string& kind,
                             const std::map<std::string, std::vector<ParamSpec>>& known);
  std::vector<int64_t> Seeds(const YAML::Node& node);
  std::vector<Override> Overrides(const YAML::Node& list,
                                  const std::vector<Entry>& methods);

  std::string file_;
  const ParamCatalog& catalog_;
  std::vector<std::string> errors_;
};

std::vector<Entry> Parser::Entries(
    const YAML::Node& list, const std::string& kind,
    const std::map<std::string, std::vector<ParamSpec>>& known) {
  std::vector<Entry> entries;
  const std::string plural = kind + "s";
  if (!IsSequence(list, plural)) return entries;
  if (list.size() == 0) Error(list, plural, "needs at least one " + kind);
  for (const auto& item : list) {
    if (!IsMap(item, plural)) continue;
    std::set<std::string> allowed = {kind, "params", "grid"};
    if (kind == "method") allowed.insert({"label", "run"});
    CheckKeys(item, "a " + kind + " entry", allowed);
    if (!item[kind]) {
      Error(item, kind, "missing: each entry names its " + kind + " with '" +
                            kind + ": NAME'");
      continue;
    }
    Entry entry;
    entry.name = Scalar(item[kind], kind);
    auto found = known.find(entry.name);
    if (found == known.end()) {
      std::string names;
      for (const auto& [n, specs] : known) names += (names.empty() ? "" : ", ") + n;
      Error(item[kind], kind, "unknown " + kind + " '" + entry.name +
                                  "' (known: " + names + ")");
      continue;
    }
    const std::string owner = kind + " '" + entry.name + "'";
    entry.label = item["label"] ? Name(item["label"], "label") : entry.name;
    if (item["params"])
      entry.fixed = FixedParams(item["params"], found->second, owner, "params");
    if (item["grid"]) entry.grid = GridAxes(item["grid"], found->second, owner);
    if (item["run"])
      entry.run = FixedParams(item["run"], RunParamSpecs(), "the run settings", "run");
    entries.push_back(entry);
  }
  return entries;
}

std::vector<int64_t> Parser::Seeds(const YAML::Node& node) {
  std::vector<int64_t> seeds;
  const ParamSpec spec{"seeds", ParamType::kInt, int64_t{0}, ""};
  if (node.IsScalar()) {
    auto count = Value(node, spec, "seeds");
    if (!count) return seeds;
    int64_t n = std::get<int64_t>(*count);
    if (n < 1) Error(node, "seeds", "a seed count must be at least 1");
    if (n > kMaxSeedCount) {
      Error(node, "seeds", "a seed count of at most " + std::to_string(kMaxSeedCount) +
                               " (list the seeds to run more)");
      return seeds;
    }
    for (int64_t s = 0; s < n; ++s) seeds.push_back(s);
    return seeds;
  }
  if (!IsSequence(node, "seeds")) return seeds;
  std::set<int64_t> seen;
  for (const auto& item : node) {
    if (auto v = Value(item, spec, "seeds")) {
      int64_t seed = std::get<int64_t>(*v);
      if (!seen.insert(seed).second)
        Error(item, "seeds", "seed " + std::to_string(seed) + " is listed twice");
      seeds.push_back(seed);
    }
  }
  if (seeds.empty() && node.size() == 0)
    Error(node, "seeds", "needs at least one seed");
  return seeds;
}

std::vector<Override> Parser::Overrides(const YAML::Node& list,
                                        const std::vector<Entry>& methods) {
  std::vector<Override> overrides;
  if (!IsSequence(list, "overrides")) return overrides;
  for (const auto& item : list) {
    if (!IsMap(item, "overrides")) continue;
    CheckKeys(item, "an override",
              {"match", "task_params", "method_params", "run"});
    if (!item["match"]) {
      Error(item, "match", "missing: an override says which runs it changes "
                           "with 'match: {task: NAME, method: LABEL}'");
      continue;
    }
    if (!IsMap(item["match"], "match")) continue;
    CheckKeys(item["match"], "match", {"task", "method"});
    Override o;
    const YAML::Node match = item["match"];
    if (match["task"]) o.task = Scalar(match["task"], "task");
    if (match["method"]) o.method = Scalar(match["method"], "method");
    if (!o.task.empty() && !catalog_.tasks.count(o.task))
      Error(match["task"], "task", "unknown task '" + o.task + "'");
    // The method is matched by label first, then by method name.
    std::string method_name;
    for (const Entry& m : methods)
      if (m.label == o.method) method_name = m.name;
    if (method_name.empty() && catalog_.methods.count(o.method))
      method_name = o.method;
    if (!o.method.empty() && method_name.empty())
      Error(match["method"], "method",
            "no method entry is labelled or named '" + o.method + "'");
    if (item["task_params"]) {
      if (o.task.empty()) {
        Error(item["task_params"], "task_params",
              "an override with task_params must match a task");
      } else if (catalog_.tasks.count(o.task)) {
        o.task_params = FixedParams(item["task_params"], catalog_.tasks.at(o.task),
                                    "task '" + o.task + "'", "task_params");
      }
    }
    if (item["method_params"]) {
      if (o.method.empty()) {
        Error(item["method_params"], "method_params",
              "an override with method_params must match a method");
      } else if (!method_name.empty()) {
        o.method_params =
            FixedParams(item["method_params"], catalog_.methods.at(method_name),
                        "method '" + method_name + "'", "method_params");
      }
    }
    if (item["run"])
      o.run = FixedParams(item["run"], RunParamSpecs(), "the run settings", "run");
    overrides.push_back(o);
  }
  return overrides;
}

void Merge(Params& into, const Params& from) {
  for (const auto& [name, value] : from.values()) into.Set(name, value);
}

// Runs per seed of a list of entries: the sum of their grids' products
// (a double, so no product overflows).
double GridSize(const std::vector<Entry>& entries) {
  double total = 0;
  for (const Entry& entry : entries) {
    double product = 1;
    for (const auto& [name, values] : entry.grid) product *= static_cast<double>(values.size());
    total += product;
  }
  return total;
}

std::string FormatCount(double count) {
  char text[32];
  std::snprintf(text, sizeof(text), count < 1e15 ? "%.0f" : "%.3g", count);
  return text;
}

// Every combination of the axes' values, the first axis varying slowest.
std::vector<Params> Combinations(const Axes& axes) {
  std::vector<Params> combos(1);
  for (const auto& [name, values] : axes) {
    std::vector<Params> next;
    for (const Params& partial : combos) {
      for (const ParamValue& value : values) {
        Params p = partial;
        p.Set(name, value);
        next.push_back(p);
      }
    }
    combos = next;
  }
  return combos;
}

SuiteParseResult Parser::Parse(const std::string& text) {
  SuiteParseResult result;
  result.suite.path = file_;
  result.suite.content = text;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    std::ostringstream out;
    out << file_ << ":" << e.mark.line + 1 << ":" << e.mark.column + 1
        << ": invalid YAML: " << e.msg;
    result.errors.push_back(out.str());
    return result;
  }
  CheckKeyStructure(root, 0);
  if (!errors_.empty()) {
    result.errors = errors_;
    return result;
  }
  if (!root.IsMap()) {
    result.errors.push_back(file_ + ":1:1: a suite file is a mapping with keys "
                            "suite, seeds, tasks, methods (see `ebmbench run --help`)");
    return result;
  }
  CheckKeys(root, "a suite file",
            {"suite", "description", "seeds", "run", "tasks", "methods",
             "overrides", "budget", "max_runs"});
  for (const char* required : {"suite", "seeds", "tasks", "methods"}) {
    if (!root[required]) Error(root, required, "missing (required)");
  }
  if (root["suite"]) result.suite.name = Name(root["suite"], "suite");
  if (root["description"])
    result.suite.description = Scalar(root["description"], "description");
  if (root["budget"]) {
    const ParamSpec spec{"budget", ParamType::kInt, int64_t{0}, ""};
    if (auto value = Value(root["budget"], spec, "budget")) {
      result.suite.budget = std::get<int64_t>(*value);
      if (result.suite.budget < 1)
        Error(root["budget"], "budget", "a tuning budget is at least 1 configuration");
    }
  }
  std::vector<int64_t> seeds;
  if (root["seeds"]) seeds = Seeds(root["seeds"]);
  Params run_defaults = Params::Defaults(RunParamSpecs());
  if (root["run"])
    Merge(run_defaults,
          FixedParams(root["run"], RunParamSpecs(), "the run settings", "run"));
  std::vector<Entry> tasks, methods;
  if (root["tasks"]) tasks = Entries(root["tasks"], "task", catalog_.tasks);
  if (root["methods"]) methods = Entries(root["methods"], "method", catalog_.methods);
  std::vector<Override> overrides;
  if (root["overrides"]) overrides = Overrides(root["overrides"], methods);

  // The suite's size, before any run is built: a typo such as
  // `seeds: 100000000` or aliased grid axes must be an error, not an
  // out-of-memory.
  int64_t max_runs = kDefaultMaxRuns;
  if (root["max_runs"]) {
    const ParamSpec spec{"max_runs", ParamType::kInt, int64_t{0}, ""};
    if (auto value = Value(root["max_runs"], spec, "max_runs")) {
      max_runs = std::get<int64_t>(*value);
      if (max_runs < 1) Error(root["max_runs"], "max_runs", "must be at least 1");
    }
  }
  if (errors_.empty()) {
    const double runs = static_cast<double>(seeds.size()) * GridSize(tasks) * GridSize(methods);
    if (runs > static_cast<double>(max_runs))
      Error(root["max_runs"] ? root["max_runs"] : root["seeds"], "max_runs",
            "the suite expands to " + FormatCount(runs) + " runs, more than " +
                std::to_string(max_runs) + " (set `max_runs:` higher if that is meant)");
  }
  if (!errors_.empty()) {
    result.errors = errors_;
    return result;
  }
  for (const Entry& task : tasks) {
    for (const Params& task_combo : Combinations(task.grid)) {
      for (const Entry& method : methods) {
        for (const Params& method_combo : Combinations(method.grid)) {
          for (int64_t seed : seeds) {
            RunSpec spec;
            spec.task = task.name;
            spec.method = method.name;
            spec.label = method.label;
            spec.seed = seed;
            spec.run = run_defaults;
            Merge(spec.run, method.run);
            spec.task_params = Params::Defaults(catalog_.tasks.at(task.name));
            Merge(spec.task_params, task.fixed);
            Merge(spec.task_params, task_combo);
            spec.method_params =
                Params::Defaults(catalog_.methods.at(method.name));
            Merge(spec.method_params, method.fixed);
            Merge(spec.method_params, method_combo);
            for (const Override& o : overrides) {
              bool task_matches = o.task.empty() || o.task == task.name;
              bool method_matches = o.method.empty() || o.method == method.label ||
                                    o.method == method.name;
              if (!task_matches || !method_matches) continue;
              Merge(spec.task_params, o.task_params);
              Merge(spec.method_params, o.method_params);
              Merge(spec.run, o.run);
            }
            result.suite.runs.push_back(spec);
          }
        }
      }
    }
  }
  if (result.suite.budget > 0) CheckBudget(root["budget"], result.suite);
  if (!errors_.empty()) {
    result.errors = errors_;
    return result;
  }
  return result;
}

}  // namespace

SuiteParseResult ParseSuiteText(const std::string& text,
                                const std::string& file_name,
                                const ParamCatalog& catalog) {
  return Parser(file_name, catalog).Parse(text);
}

SuiteParseResult ParseSuiteFile(const std::string& path,
                                const ParamCatalog& catalog) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    SuiteParseResult result;
    result.errors.push_back(path + ": cannot read the suite file (does it exist?)");
    return result;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseSuiteText(buffer.str(), path, catalog);
}

}  // namespace ebm
