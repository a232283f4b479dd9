// A suite submitted to Slurm as one job array: which runs each array task
// trains, where its shard goes, and the sbatch script that does it.
//
// Everything lives in one results folder on the cluster's shared file
// system:
//   submission.json        this record (the plan and every job id)
//   suite.yaml             the suite file as submitted (tasks read this copy,
//                          so editing the original cannot change queued runs)
//   submit-<n>.sbatch      the script of the n-th sbatch (0: the first)
//   shards/task-<i>.sqlite array task i's own results database, with its
//   shards/task-<i>.artifacts/  checkpoints and samples
//   logs/task-<i>.out      array task i's output, every attempt appended
// Array task i always trains the same runs into the same shard, so a task
// that is requeued, preempted or resubmitted resumes from its checkpoint.
#ifndef EBMBENCH_CLUSTER_SLURM_SUBMISSION_H_
#define EBMBENCH_CLUSTER_SLURM_SUBMISSION_H_

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "src/suite/run_spec.h"

namespace ebm {

// What sbatch is asked for; empty strings leave the cluster's defaults.
struct SlurmResources {
  std::string partition;
  std::string time;     // --time, e.g. "2:00:00"
  std::string mem;      // --mem, e.g. "8G"
  int64_t cpus_per_task = 1;
  int64_t gpus = 0;     // --gres=gpu:N
  int64_t max_parallel = 0;  // the array's %k throttle; 0: none
  std::vector<std::string> extra_options;  // further sbatch options, verbatim
};

struct ArrayTask {
  std::set<size_t> positions;  // the suite's runs it trains (1-based)
};

struct SlurmSubmission {
  std::string results_dir;   // absolute
  std::string suite_name;
  std::string suite_hash;    // of suite.yaml's content
  std::string ebmbench;      // absolute path of the binary the tasks call
  std::string workdir;       // the tasks' working directory (data/ is found from it)
  std::string device = "cpu";
  std::string data_dir;      // --data-dir for the tasks ("" : theirs by default)
  // `ebmbench run --sgld-threads` for the tasks: SGLD's chains in this many
  // blocks of rows, at most one per CPU of the task; 1 (the default) keeps
  // a local run's numbers bit for bit.
  int64_t sgld_threads = 1;
  SlurmResources resources;
  std::vector<ArrayTask> tasks;      // index = SLURM_ARRAY_TASK_ID
  std::vector<std::string> job_ids;  // every sbatch of this submission, in order

  std::string SuiteCopyPath() const;
  std::string ShardPath(size_t task) const;
  std::string ArtifactsPath(size_t task) const;
  std::string LogPath(size_t task) const;
  std::string RecordPath() const;  // submission.json
  std::string ScriptPath(size_t submit_index) const;

  // The sbatch script for the array tasks `which` (all when empty).
  std::string Script(const std::set<size_t>& which = {}) const;
  // The options sbatch is given on its command line beside the script:
  // job name, log file and working folder, whose values (paths with
  // spaces, suite names) #SBATCH lines cannot carry.
  std::vector<std::string> CommandLineOptions() const;

  std::string ToJson() const;
  // Throws std::runtime_error naming `path` when the record is unreadable.
  static SlurmSubmission FromJson(const std::string& text, const std::string& path);
};

// Splits a suite's runs into array tasks of at most `runs_per_task` runs,
// in suite order. A run that evaluates another run's trained model (its
// task names a `source_task`, like ood) goes into the task of that run, so
// each shard holds the checkpoint it needs.
std::vector<ArrayTask> PlanArrayTasks(const std::vector<RunSpec>& runs, size_t runs_per_task);

// "0-3,7%2": sbatch's --array value for the task indices `which`.
std::string ArraySpec(const std::set<size_t>& which, int64_t max_parallel);

// Quotes `text` for a POSIX shell (single quotes).
std::string ShellQuote(const std::string& text);

}  // namespace ebm

#endif  // EBMBENCH_CLUSTER_SLURM_SUBMISSION_H_
