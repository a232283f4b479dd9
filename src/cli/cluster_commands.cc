// submit and status: a suite on a Slurm cluster (see
// src/cluster/slurm_submission.h for the results folder's layout).
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>

#include "src/cli/cli_support.h"
#include "src/cli/commands.h"
#include "src/cli/text_table.h"
#include "src/cluster/position_list.h"
#include "src/cluster/slurm_client.h"
#include "src/core/hash.h"
#include "src/core/whole_file.h"
#include "src/suite/catalog.h"
#include "src/suite/suite_file.h"

namespace ebm {
namespace fs = std::filesystem;
namespace {

std::string ThisBinary() {
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) throw std::runtime_error("cannot find this ebmbench binary: pass --ebmbench PATH");
  return self.string();
}

Suite ParseOneSuite(const std::string& path) {
  std::vector<Suite> suites;
  if (!ParseSuites({path}, DescribedCatalog(), &suites))
    throw std::runtime_error("suite file " + path + " has errors (above)");
  return suites[0];
}

SlurmSubmission LoadSubmission(const std::string& results_dir) {
  const std::string record = results_dir + "/submission.json";
  if (!fs::exists(record))
    throw std::runtime_error("no submission in " + results_dir + " (no submission.json): " +
                             "submit one with `ebmbench submit SUITE --results " +
                             results_dir + "`");
  return SlurmSubmission::FromJson(ReadFileOrThrow(record), record);
}

// The records of a submission's runs in its shards, by suite position
// (absent: not started, or the shard does not exist yet). A shard that
// cannot be read (one its task is creating this moment) counts as empty;
// `problems` gets why.
std::map<size_t, RunRecord> ShardRecords(const SlurmSubmission& submission, const Suite& suite,
                                         std::vector<std::string>* problems = nullptr) {
  std::map<size_t, RunRecord> records;
  for (size_t t = 0; t < submission.tasks.size(); ++t) {
    if (!fs::exists(submission.ShardPath(t))) continue;
    std::map<std::string, RunRecord> by_hash;
    try {
      ResultStore shard(submission.ShardPath(t), ResultStore::Access::kRead);
      for (const RunRecord& run : shard.ListRuns()) by_hash[run.identity.config_hash] = run;
    } catch (const std::exception& e) {
      if (problems) problems->push_back(e.what());
      continue;
    }
    for (size_t position : submission.tasks[t].positions) {
      auto found = by_hash.find(suite.runs[position - 1].ConfigHash());
      if (found != by_hash.end()) records[position] = found->second;
    }
  }
  return records;
}

bool Ended(const RunRecord& run, bool failed_counts_as_ended) {
  switch (run.status) {
    case RunStatus::kFinished:
    case RunStatus::kDiverged:
    case RunStatus::kCollapsed:
      return true;
    case RunStatus::kFailed:
      return failed_counts_as_ended;
    default:
      return false;
  }
}

void WriteSubmission(const SlurmSubmission& submission) {
  WriteFileAtomically(submission.RecordPath(), submission.ToJson());
}

// The script for the tasks `which`; with `retry_failed` their failed runs
// are trained again.
std::string ScriptFor(const SlurmSubmission& submission, const std::set<size_t>& which,
                      bool retry_failed) {
  std::string script = submission.Script(which);
  if (retry_failed) script.insert(script.size() - 1, " --retry-failed");
  return script;
}

// A run recorded `running` this recently may still be trained by a task
// Slurm no longer lists under our job ids (another user's resubmission, an
// id lost to a crash): resubmitting its task would put two writers on one
// shard. Running runs record at least every minute.
bool RecentlyActive(const RunRecord& run) {
  if (run.status != RunStatus::kRunning) return false;
  std::tm parts{};
  if (!strptime(run.updated_at.c_str(), "%Y-%m-%dT%H:%M:%S", &parts)) return false;
  return std::difftime(std::time(nullptr), timegm(&parts)) < 5 * 60;
}

// Writes the n-th script for the tasks `which`, submits it and records the
// job id.
void SubmitTasks(SlurmSubmission& submission, const std::set<size_t>& which, bool retry_failed) {
  const std::string path = submission.ScriptPath(submission.job_ids.size());
  WriteFileAtomically(path, ScriptFor(submission, which, retry_failed));
  const std::string job = SubmitBatchScript(path, submission.CommandLineOptions());
  submission.job_ids.push_back(job);
  WriteSubmission(submission);
  std::cout << "Submitted job array " << job << " (" << which.size() << " array task"
            << (which.size() == 1 ? "" : "s") << ", script " << path << ")\n";
}

int Resubmit(const SubmitOptions& options) {
  SlurmSubmission submission = LoadSubmission(options.results_dir);
  const std::string content = ReadFileOrThrow(submission.SuiteCopyPath());
  if (HashHex(content) != submission.suite_hash)
    throw std::runtime_error(submission.SuiteCopyPath() +
                             " changed since it was submitted: its runs are no longer the ones "
                             "the shards hold; submit the new suite into another --results");
  const Suite suite = ParseOneSuite(submission.SuiteCopyPath());
  const std::map<size_t, RunRecord> records = ShardRecords(submission, suite);
  const std::map<size_t, std::string> queued = QueuedArrayTasks(submission.job_ids);
  std::set<size_t> which, active;
  for (size_t t = 0; t < submission.tasks.size(); ++t) {
    if (queued.count(t)) continue;
    for (size_t position : submission.tasks[t].positions) {
      auto record = records.find(position);
      if (record != records.end() && RecentlyActive(record->second)) active.insert(t);
      if (record == records.end() || !Ended(record->second, !options.retry_failed))
        which.insert(t);
    }
  }
  for (size_t t : active) {
    which.erase(t);
    std::cout << "Array task " << t << " is not in the queue under this submission's job ids, "
                 "but its shard recorded a running run in the last 5 minutes: not resubmitted "
                 "(run --resubmit again once it has been silent that long)\n";
  }
  if (which.empty()) {
    std::cout << "Nothing to resubmit: every run has ended or its array task is still in "
                 "Slurm's queue (`ebmbench status --results "
              << submission.results_dir << "`)\n";
    return 0;
  }
  std::cout << "Array tasks to resubmit: " << FormatPositionList(which) << "\n";
  if (options.dry_run) {
    std::cout << ScriptFor(submission, which, options.retry_failed);
    return 0;
  }
  SubmitTasks(submission, which, options.retry_failed);
  return 0;
}

}  // namespace

int SubmitCommand(const SubmitOptions& options) {
  if (options.resubmit) return Resubmit(options);
  const Suite suite = ParseOneSuite(options.suite_path);
  if (suite.runs.empty()) throw std::runtime_error("suite " + suite.name + " has no runs");
  SlurmSubmission submission;
  submission.results_dir = fs::absolute(options.results_dir.empty()
                                            ? "results/" + suite.name + ".slurm"
                                            : options.results_dir)
                               .lexically_normal()
                               .string();
  // sbatch reads % in the log path as a pattern; a newline would end a line
  // of the script.
  if (submission.results_dir.find_first_of("%\n\r") != std::string::npos)
    throw std::runtime_error("the results folder '" + submission.results_dir +
                             "' holds a % or a line break, which sbatch's log path cannot "
                             "carry: choose another --results");
  if (fs::exists(submission.RecordPath()))
    throw std::runtime_error(submission.results_dir +
                             " already holds a submission: watch it with `ebmbench status "
                             "--results " + submission.results_dir +
                             "`, resubmit what did not finish with `ebmbench submit --resubmit "
                             "--results " + submission.results_dir +
                             "`, or submit into another --results folder");
  const std::string content = ReadFileOrThrow(options.suite_path);
  submission.suite_name = suite.name;
  submission.suite_hash = HashHex(content);
  submission.ebmbench =
      fs::absolute(options.ebmbench.empty() ? ThisBinary() : options.ebmbench).string();
  submission.workdir = fs::current_path().string();
  submission.device = options.device;
  submission.data_dir = options.data_dir.empty() ? "" : fs::absolute(options.data_dir).string();
  submission.resources = options.resources;
  // More blocks than CPUs would only make the chains' threads take turns.
  if (options.sgld_threads > options.resources.cpus_per_task)
    throw std::runtime_error("--sgld-threads " + std::to_string(options.sgld_threads) +
                             " is more than the task's --cpus-per-task " +
                             std::to_string(options.resources.cpus_per_task) +
                             ": ask for as many CPUs as SGLD blocks");
  submission.sgld_threads = options.sgld_threads;
  if (!options.gpus_given && options.device.rfind("cuda", 0) == 0) submission.resources.gpus = 1;
  submission.tasks = PlanArrayTasks(suite.runs, static_cast<size_t>(options.runs_per_task));

  const std::vector<std::string> varying = VaryingKeys(suite.runs);
  std::cout << "Suite " << suite.name << ": " << suite.runs.size() << " runs in "
            << submission.tasks.size() << " array tasks, results in " << submission.results_dir
            << "\n";
  TextTable plan({"array task", "position", "run", "shard"});
  for (size_t t = 0; t < submission.tasks.size(); ++t)
    for (size_t position : submission.tasks[t].positions)
      plan.AddRow({std::to_string(t), std::to_string(position),
                   suite.runs[position - 1].ShortName(varying),
                   "shards/task-" + std::to_string(t) + ".sqlite"});
  plan.Print(std::cout);
  if (!fs::is_regular_file(submission.ebmbench))
    throw std::runtime_error("the ebmbench binary the tasks are to call, " + submission.ebmbench +
                             ", does not exist");
  if (options.dry_run) {
    std::cout << "\nThe sbatch script (dry run: nothing written or submitted):\n\n"
              << submission.Script();
    return 0;
  }
  fs::create_directories(submission.results_dir + "/shards");
  fs::create_directories(submission.results_dir + "/logs");
  WriteFileAtomically(submission.SuiteCopyPath(), content);
  WriteSubmission(submission);
  std::set<size_t> all;
  for (size_t t = 0; t < submission.tasks.size(); ++t) all.insert(t);
  SubmitTasks(submission, all, false);
  std::cout << "Watch it:  ebmbench status --results " << submission.results_dir << "\n"
            << "Then:      ebmbench merge " << submission.results_dir << " --into results/"
            << suite.name << ".sqlite\n";
  return 0;
}

int ClusterStatusCommand(const std::string& results_dir) {
  const SlurmSubmission submission = LoadSubmission(results_dir);
  const Suite suite = ParseOneSuite(submission.SuiteCopyPath());
  std::vector<std::string> problems;
  const std::map<size_t, RunRecord> records = ShardRecords(submission, suite, &problems);
  std::map<size_t, std::string> queued;
  std::string queue_note;
  try {
    queued = QueuedArrayTasks(submission.job_ids);
  } catch (const std::exception& e) {
    queue_note = e.what();
  }
  const std::vector<std::string> varying = VaryingKeys(suite.runs);
  TextTable table({"array task", "slurm", "position", "run", "state", "steps"});
  std::map<std::string, int> counts;
  for (size_t t = 0; t < submission.tasks.size(); ++t) {
    auto in_queue = queued.find(t);
    const bool known = queue_note.empty();  // else Slurm's side is unknown
    const std::string slurm = !known ? "?" : in_queue != queued.end() ? in_queue->second : "-";
    for (size_t position : submission.tasks[t].positions) {
      const RunSpec& spec = suite.runs[position - 1];
      auto record = records.find(position);
      std::string state, steps = "0/" + std::to_string(spec.run.GetInt("steps"));
      if (record != records.end()) {
        const RunRecord& run = record->second;
        state = RunStatusName(run.status);
        if (known && run.status == RunStatus::kRunning && in_queue == queued.end())
          state = "lost";  // its task is no longer in the queue: resubmit
        steps = std::to_string(run.steps_done) + "/" + std::to_string(run.identity.steps_planned);
      } else {
        state = !known ? "no record" : in_queue != queued.end() ? "pending" : "not started";
      }
      ++counts[state];
      table.AddRow({std::to_string(t), slurm, std::to_string(position), spec.ShortName(varying),
                    state, steps});
    }
  }
  std::cout << "Suite " << suite.name << " (jobs";
  for (const std::string& job : submission.job_ids) std::cout << " " << job;
  std::cout << "), results in " << submission.results_dir << "\n";
  table.Print(std::cout);
  std::cout << "\n";
  for (const auto& [state, count] : counts) std::cout << count << " " << state << "  ";
  std::cout << "\n";
  for (const std::string& problem : problems)
    std::cout << "A shard could not be read (yet): " << problem << "\n";
  if (!queue_note.empty()) std::cout << "Slurm's queue could not be read: " << queue_note << "\n";
  if (queue_note.empty() &&
      (counts["not started"] || counts["lost"] || counts["interrupted"] || counts["failed"]))
    std::cout << "Resubmit what did not end: ebmbench submit --resubmit --results "
              << submission.results_dir << (counts["failed"] ? " [--retry-failed]" : "") << "\n";
  return 0;
}

}  // namespace ebm
