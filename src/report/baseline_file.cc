#include "src/report/baseline_file.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <stdexcept>

namespace ebm {

std::string RunGroupsToJson(const std::vector<RunGroup>& groups,
                            const std::string& description) {
  nlohmann::json out = {{"format", "ebmbench-baseline-1"},
                        {"description", description},
                        {"groups", nlohmann::json::array()}};
  for (const RunGroup& g : groups) {
    out["groups"].push_back({{"key", g.key},
                             {"task", g.task},
                             {"method", g.method},
                             {"label", g.label},
                             {"config", g.config},
                             {"machine_fingerprint", g.machine_fingerprint},
                             {"metrics", g.metrics},
                             {"step_cost", g.step_cost},
                             {"runs", g.runs},
                             {"finished", g.finished},
                             {"failed", g.failed},
                             {"diverged", g.diverged},
                             {"collapsed", g.collapsed}});
  }
  return out.dump(1) + "\n";
}

namespace {

// A count of runs: a whole number from 0 to INT_MAX (JSON numbers are
// doubles to most writers; 1e308 must not wrap to a negative int).
int Count(const nlohmann::json& group, const char* key, size_t index) {
  const nlohmann::json& value = group.at(key);
  if (value.is_number_unsigned() &&
      value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int>::max()))
    return static_cast<int>(value.get<uint64_t>());
  if (value.is_number_integer() && value.get<int64_t>() >= 0 &&
      value.get<int64_t>() <= std::numeric_limits<int>::max())
    return static_cast<int>(value.get<int64_t>());
  throw std::runtime_error("groups[" + std::to_string(index) + "]." + key + " is " +
                           value.dump() + ": a run count is a whole number from 0 to " +
                           std::to_string(std::numeric_limits<int>::max()));
}

}  // namespace

std::vector<RunGroup> RunGroupsFromJson(const std::string& text,
                                        const std::string& source) {
  std::vector<RunGroup> groups;
  try {
    nlohmann::json in = nlohmann::json::parse(text);
    if (in.value("format", "") != "ebmbench-baseline-1")
      throw std::runtime_error("not an ebmbench baseline (format ebmbench-baseline-1)");
    for (const nlohmann::json& j : in.at("groups")) {
      RunGroup g;
      g.key = j.at("key").get<std::string>();
      g.task = j.at("task").get<std::string>();
      g.method = j.value("method", "");
      g.label = j.at("label").get<std::string>();
      g.config = j.at("config").get<std::string>();
      g.machine_fingerprint = j.at("machine_fingerprint").get<std::string>();
      g.metrics = j.at("metrics").get<std::map<std::string, std::vector<double>>>();
      g.step_cost = j.at("step_cost").get<std::vector<double>>();
      g.runs = Count(j, "runs", groups.size());
      g.finished = Count(j, "finished", groups.size());
      g.failed = Count(j, "failed", groups.size());
      g.diverged = Count(j, "diverged", groups.size());
      // Baselines written before runs could be recorded collapsed lack it.
      g.collapsed = j.contains("collapsed") ? Count(j, "collapsed", groups.size()) : 0;
      groups.push_back(g);
    }
  } catch (const std::exception& e) {
    throw std::runtime_error(source + ": " + e.what());
  }
  return groups;
}

}  // namespace ebm
