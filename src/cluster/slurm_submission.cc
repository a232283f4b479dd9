#include "src/cluster/slurm_submission.h"

#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "src/cluster/position_list.h"

namespace ebm {
namespace {

// The run `dependent` evaluates the model of (see PlanArrayTasks), by index.
std::optional<size_t> SourceRun(const std::vector<RunSpec>& runs, size_t dependent) {
  const RunSpec& spec = runs[dependent];
  if (!spec.task_params.Has("source_task")) return std::nullopt;
  const std::string& source_task = spec.task_params.GetString("source_task");
  for (size_t i = 0; i < runs.size(); ++i) {
    const RunSpec& candidate = runs[i];
    if (i == dependent || candidate.task != source_task || candidate.method != spec.method ||
        candidate.label != spec.label || candidate.seed != spec.seed)
      continue;
    bool same = true;
    for (const auto& [name, value] : candidate.task_params.values()) {
      auto mine = spec.task_params.values().find(name);
      if (mine != spec.task_params.values().end() && !(mine->second == value)) same = false;
    }
    if (same) return i;
  }
  return std::nullopt;
}

}  // namespace

std::vector<ArrayTask> PlanArrayTasks(const std::vector<RunSpec>& runs, size_t runs_per_task) {
  if (runs_per_task == 0) throw std::invalid_argument("runs per task must be at least 1");
  // Groups that must share a shard, keyed by their first run.
  std::vector<size_t> group_of(runs.size());
  std::map<size_t, std::set<size_t>> groups;
  for (size_t i = 0; i < runs.size(); ++i) {
    std::optional<size_t> source = SourceRun(runs, i);
    group_of[i] = source ? group_of[*source] : i;
    if (source && *source > i) group_of[i] = i;  // listed after: it cannot wait for it
    groups[group_of[i]].insert(i + 1);
  }
  std::vector<ArrayTask> tasks;
  for (const auto& [first, members] : groups) {
    if (tasks.empty() || tasks.back().positions.size() + members.size() > runs_per_task)
      tasks.push_back({});
    tasks.back().positions.insert(members.begin(), members.end());
  }
  return tasks;
}

std::string ArraySpec(const std::set<size_t>& which, int64_t max_parallel) {
  std::string spec = FormatPositionList(which);  // any numbers: 0-based indices too
  if (max_parallel > 0) spec += "%" + std::to_string(max_parallel);
  return spec;
}

std::string ShellQuote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string SlurmSubmission::SuiteCopyPath() const { return results_dir + "/suite.yaml"; }
std::string SlurmSubmission::ShardPath(size_t task) const {
  return results_dir + "/shards/task-" + std::to_string(task) + ".sqlite";
}
std::string SlurmSubmission::ArtifactsPath(size_t task) const {
  return results_dir + "/shards/task-" + std::to_string(task) + ".artifacts";
}
std::string SlurmSubmission::LogPath(size_t task) const {
  return results_dir + "/logs/task-" + std::to_string(task) + ".out";
}
std::string SlurmSubmission::RecordPath() const { return results_dir + "/submission.json"; }
std::string SlurmSubmission::ScriptPath(size_t submit_index) const {
  return results_dir + "/submit-" + std::to_string(submit_index) + ".sbatch";
}

std::string SlurmSubmission::Script(const std::set<size_t>& which) const {
  std::set<size_t> chosen = which;
  if (chosen.empty())
    for (size_t i = 0; i < tasks.size(); ++i) chosen.insert(i);
  const int64_t threads = resources.cpus_per_task;
  std::ostringstream s;
  s << "#!/bin/bash\n"
    << "# Written by `ebmbench submit` for suite " << suite_name << ": array task i trains\n"
    << "# the suite's runs at the positions runs[i] into its own results database,\n"
    << "# shards/task-i.sqlite (SQLite must not be shared over a network file\n"
    << "# system). Resubmitting a task resumes its runs from their checkpoints.\n"
    << "# Unite the shards with: ebmbench merge " << results_dir << " --into DB\n"
    << "# Submitted as: sbatch";
  for (const std::string& option : CommandLineOptions()) s << " " << ShellQuote(option);
  s << " <this script>\n"
    << "#SBATCH --array=" << ArraySpec(chosen, resources.max_parallel) << "\n"
    << "#SBATCH --open-mode=append\n"
    << "#SBATCH --cpus-per-task=" << resources.cpus_per_task << "\n";
  if (!resources.partition.empty()) s << "#SBATCH --partition=" << resources.partition << "\n";
  if (!resources.time.empty()) s << "#SBATCH --time=" << resources.time << "\n";
  if (!resources.mem.empty()) s << "#SBATCH --mem=" << resources.mem << "\n";
  if (resources.gpus > 0) s << "#SBATCH --gres=gpu:" << resources.gpus << "\n";
  // A preempted or failed node puts the task back in the queue. SIGTERM
  // (scancel, preemption, and 120 s before the time limit: B: sends it to
  // the batch shell, which is ebmbench after exec) makes ebmbench save a
  // checkpoint before it stops.
  s << "#SBATCH --requeue\n"
    << "#SBATCH --signal=B:TERM@120\n";
  for (const std::string& option : resources.extra_options) s << "#SBATCH " << option << "\n";
  s << "set -euo pipefail\n"
    << "# The thread settings of tools/env.sh, one thread per CPU the task holds.\n"
    << "export OMP_NUM_THREADS=" << threads << " OPENBLAS_NUM_THREADS=" << threads
    << " OMP_WAIT_POLICY=PASSIVE\n"
    << "runs=(";
  for (const ArrayTask& task : tasks) s << " " << FormatPositionList(task.positions);
  s << " )\n"
    << "task=${SLURM_ARRAY_TASK_ID:?this script runs as a Slurm array task}\n"
    << "echo \"ebmbench array task $task (job ${SLURM_JOB_ID:-?}, attempt "
       "${SLURM_RESTART_COUNT:-0}) on $(hostname) at $(date -u +%FT%TZ): runs "
       "${runs[$task]}\"\n"
    << "mkdir -p " << ShellQuote(results_dir + "/shards") << "\n"
    // --take-over: this array task is the only writer of its shard, so a
    // run its previous attempt left "running" is ours to resume.
    << "exec " << ShellQuote(ebmbench) << " run " << ShellQuote(SuiteCopyPath())
    << " --db " << ShellQuote(results_dir + "/shards/task-") << "\"$task\".sqlite"
    << " --artifacts " << ShellQuote(results_dir + "/shards/task-") << "\"$task\".artifacts"
    << " --runs \"${runs[$task]}\" --device " << ShellQuote(device) << " --threads " << threads
    << " --take-over";
  if (sgld_threads > 1) s << " --sgld-threads " << sgld_threads;
  if (!data_dir.empty()) s << " --data-dir " << ShellQuote(data_dir);
  s << "\n";
  return s.str();
}

std::vector<std::string> SlurmSubmission::CommandLineOptions() const {
  return {"--job-name=ebmbench-" + suite_name, "--output=" + results_dir + "/logs/task-%a.out",
          "--chdir=" + workdir};
}

std::string SlurmSubmission::ToJson() const {
  nlohmann::json tasks_json = nlohmann::json::array();
  for (const ArrayTask& task : tasks) tasks_json.push_back(FormatPositionList(task.positions));
  nlohmann::json j = {
      {"format", "ebmbench-slurm-submission-1"},
      {"results_dir", results_dir},
      {"suite_name", suite_name},
      {"suite_hash", suite_hash},
      {"ebmbench", ebmbench},
      {"workdir", workdir},
      {"device", device},
      {"data_dir", data_dir},
      {"sgld_threads", sgld_threads},
      {"resources",
       {{"partition", resources.partition},
        {"time", resources.time},
        {"mem", resources.mem},
        {"cpus_per_task", resources.cpus_per_task},
        {"gpus", resources.gpus},
        {"max_parallel", resources.max_parallel},
        {"extra_options", resources.extra_options}}},
      {"tasks", tasks_json},
      {"job_ids", job_ids},
  };
  return j.dump(2) + "\n";
}

SlurmSubmission SlurmSubmission::FromJson(const std::string& text, const std::string& path) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    if (j.value("format", "") != "ebmbench-slurm-submission-1")
      throw std::runtime_error("not an ebmbench submission record");
    SlurmSubmission s;
    s.results_dir = j.at("results_dir").get<std::string>();
    s.suite_name = j.at("suite_name").get<std::string>();
    s.suite_hash = j.at("suite_hash").get<std::string>();
    s.ebmbench = j.at("ebmbench").get<std::string>();
    s.workdir = j.at("workdir").get<std::string>();
    s.device = j.at("device").get<std::string>();
    s.data_dir = j.at("data_dir").get<std::string>();
    // Records written before the option have no key: one block, as then.
    s.sgld_threads = j.value("sgld_threads", int64_t{1});
    const nlohmann::json& r = j.at("resources");
    s.resources.partition = r.at("partition").get<std::string>();
    s.resources.time = r.at("time").get<std::string>();
    s.resources.mem = r.at("mem").get<std::string>();
    s.resources.cpus_per_task = r.at("cpus_per_task").get<int64_t>();
    s.resources.gpus = r.at("gpus").get<int64_t>();
    s.resources.max_parallel = r.at("max_parallel").get<int64_t>();
    s.resources.extra_options = r.at("extra_options").get<std::vector<std::string>>();
    for (const nlohmann::json& task : j.at("tasks"))
      // A suite has at most 10 000 runs by default (max_runs); 10^7 bounds a
      // damaged record's expansion.
      s.tasks.push_back({ParsePositionList(task.get<std::string>(), 10000000)});
    s.job_ids = j.at("job_ids").get<std::vector<std::string>>();
    return s;
  } catch (const std::exception& e) {
    throw std::runtime_error("submission record '" + path + "' is unreadable: " + e.what());
  }
}

}  // namespace ebm
