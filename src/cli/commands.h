// The `ebmbench` subcommands, one function each; main.cc parses the command
// line and calls them. Two binaries share main.cc: ebmbench_torch defines
// every command; ebmbench, the front end, defines without LibTorch (which
// takes about half a second to load) the ones that read records or suite
// files (list, show, check, baseline, merge, report, describe, datasets,
// select, submit, status), and hands the others (run, env) over to
// ebmbench_torch (src/cli/hand_over.cc). Each returns the process exit
// code; errors a user can cause are thrown as std::exception with a
// message that says what to do.
#ifndef EBMBENCH_CLI_COMMANDS_H_
#define EBMBENCH_CLI_COMMANDS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "src/cluster/slurm_submission.h"
#include "src/store/result_store.h"
#include "src/suite/suite_file.h"
#include "src/tasks/task_info.h"

namespace ebm {

// Trains the suites; Ctrl-C checkpoints and stops (exit 130).
struct RunFlags {
  bool retry_failed = false, dry_run = false, take_over = false, keep_collapsed = false;
  int64_t lease_minutes = 30;
  std::string runs;  // "1-3,7": only these positions of the (one) suite
  bool tf32 = false;              // CUDA: TF32 products
  std::string autocast = "none";  // CUDA: "bf16" autocast
  int threads = 1;                // LibTorch intra-op threads (ConfigureProcess)
  int sgld_threads = 1;           // SetSgldThreads
};
int RunCommand(const std::vector<std::string>& suite_paths, const std::string& db,
               const std::string& device, const std::string& artifacts,
               const RunFlags& flags);

// Submits a suite to Slurm as a job array (src/cluster/slurm_submission.h),
// or with `resubmit` the array tasks of an earlier submission whose runs
// have not all ended and that Slurm no longer holds.
struct SubmitOptions {
  std::string suite_path;   // not for resubmit
  std::string results_dir;  // default results/<suite>.slurm
  std::string device = "cpu";
  std::string data_dir;
  std::string ebmbench;     // default: this binary
  SlurmResources resources;
  int64_t runs_per_task = 1;
  int64_t sgld_threads = 1;
  bool gpus_given = false;
  bool dry_run = false, resubmit = false, retry_failed = false;
};
int SubmitCommand(const SubmitOptions& options);

// Per run of a submission: pending, running, finished, failed, ... (from
// the shards and squeue).
int ClusterStatusCommand(const std::string& results_dir);

// Unites shards (files, or folders of *.sqlite, or a submission's results
// folder) into `into`; exit 1 when any shard could not be merged.
int MergeCommand(const std::vector<std::string>& shards, const std::string& into,
                 bool reference_artifacts);

// Prints the data sets the suites' runs read, one per line.
int DatasetsCommand(const std::vector<std::string>& suite_paths);

// The real data sets the suites' runs read, each once, in first-use order,
// as their tasks' descriptions say (`task_description` finds one by name,
// or returns nullptr).
using TaskDescriptionLookup = std::function<const TaskDescription*(const std::string&)>;
std::vector<std::string> DatasetsOf(const std::vector<Suite>& suites,
                                    const TaskDescriptionLookup& task_description);

int ListCommand(const std::string& db, const RunFilter& filter);
int ShowCommand(const std::string& db, int64_t run_id);
int EnvCommand(const std::string& device, int threads);
int DescribeCommand();

int BaselineCommand(const std::string& db, const std::string& suite,
                    const std::string& output);

struct CheckOptions {
  std::string baseline_file, baseline_db, baseline_suite, markdown;
  double min_effect = 0.01, timing_min_effect = 0.10;
  bool gate_timings = false;
};

// Exit 0 no regression, 1 regression or newly failing, 3 inconclusive only.
int CheckCommand(const std::string& db, const std::string& suite,
                 const CheckOptions& options);

// The HTML page, the Markdown summary and the sample pictures. Sample files
// are read by src/cli/sample_files.h (.npy; older .pt ones need LibTorch).
int ReportCommand(const std::string& db, const std::string& suite,
                  const RunFilter& query, std::string out_dir,
                  const std::string& assets, const std::string& references);

struct SelectCommandOptions {
  std::string sweep_suite;   // the sweep's suite name in the database, or
  std::string sweep_file;    // the sweep's suite file: exactly its runs
  std::string output;        // suite file to write ("" or "-": stdout)
  std::string name;          // its suite name (default <sweep>-selected)
  std::string description;
  std::vector<int64_t> seeds = {1, 2, 3};
  bool at_best_evaluation = false;
};

// Chooses each method's configuration of a sweep by validation and writes
// the suite file that runs them (see src/report/selection.h).
int SelectCommand(const std::string& db, const SelectCommandOptions& options);

// For the commands that read suite files (run, datasets, submit): parses
// each, printing every error with its line and key; false when any has one.
bool ParseSuites(const std::vector<std::string>& suite_paths, const ParamCatalog& catalog,
                 std::vector<Suite>* suites);

}  // namespace ebm

#endif  // EBMBENCH_CLI_COMMANDS_H_
