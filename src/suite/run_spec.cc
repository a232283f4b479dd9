#include "src/suite/run_spec.h"

#include <nlohmann/json.hpp>

#include <set>

#include "src/core/hash.h"

namespace ebm {
namespace {

nlohmann::json ToJson(const Params& params) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [name, value] : params.values()) {
    std::visit([&object, &name = name](const auto& v) { object[name] = v; },
               value);
  }
  return object;
}

}  // namespace

std::string RunSpec::ConfigJson() const {
  nlohmann::json config = {
      {"task", task},
      {"method", method},
      {"seed", seed},
      {"run", ToJson(run)},
      {"task_params", ToJson(task_params)},
      {"method_params", ToJson(method_params)},
  };
  return config.dump();
}

std::string RunSpec::ConfigHash() const { return HashHex(ConfigJson()); }

std::string RunSpec::run_json() const { return ToJson(run).dump(); }
std::string RunSpec::task_params_json() const { return ToJson(task_params).dump(); }
std::string RunSpec::method_params_json() const { return ToJson(method_params).dump(); }

std::string RunSpec::ShortName(const std::vector<std::string>& varying) const {
  std::string name = task + "/" + label;
  for (const std::string& key : varying) {
    size_t dot = key.find('.');
    std::string scope = key.substr(0, dot), param = key.substr(dot + 1);
    const Params& params = scope == "task" ? task_params
                           : scope == "method" ? method_params
                                               : run;
    if (params.Has(param)) {
      name += " " + param + "=" +
              FormatParamValue(params.values().at(param));
    }
  }
  return name + " seed=" + std::to_string(seed);
}

const std::vector<ParamSpec>& RunParamSpecs() {
  static const std::vector<ParamSpec> specs = {
      {"steps", ParamType::kInt, int64_t{1000}, "training steps (iterations)", {}, AtLeast(0)},
      {"batch_size", ParamType::kInt, int64_t{200}, "data batch size", {}, AtLeast(1)},
      {"eval_every", ParamType::kInt, int64_t{100},
       "evaluate the task's metrics every this many steps (and at 0 and the end)", {}, AtLeast(1)},
      {"log_every", ParamType::kInt, int64_t{10},
       "record the method's step scalars every this many steps", {}, AtLeast(1)},
      {"checkpoint_every", ParamType::kInt, int64_t{100},
       "save a resumable checkpoint every this many steps", {}, AtLeast(1)},
      {"final_samples", ParamType::kInt, int64_t{1000},
       "samples drawn from the method's sampler at the end and saved as an "
       "artifact (samples.npy) for sample plots; 0 = none", {}, AtLeast(0)},
  };
  return specs;
}

std::vector<std::string> VaryingKeys(const std::vector<RunSpec>& runs) {
  std::map<std::string, std::set<std::string>> seen;
  for (const RunSpec& r : runs) {
    for (const auto& [k, v] : r.task_params.values())
      seen["task." + k].insert(r.task + ":" + FormatParamValue(v));
    for (const auto& [k, v] : r.method_params.values())
      seen["method." + k].insert(r.label + ":" + FormatParamValue(v));
  }
  std::vector<std::string> keys;
  for (const auto& [key, values] : seen) {
    // A key varies when some task (or method label) has several values.
    std::map<std::string, int> per_owner;
    for (const std::string& v : values) ++per_owner[v.substr(0, v.find(':'))];
    for (const auto& [owner, count] : per_owner) {
      if (count > 1) {
        keys.push_back(key);
        break;
      }
    }
  }
  return keys;
}

}  // namespace ebm
