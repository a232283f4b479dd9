// The runner: trains every run of a suite and writes everything through the
// record store.
//
// It skips runs whose identical configuration already ended, resumes
// interrupted ones from their last checkpoint (deleting any records past
// it, so no step is ever recorded twice), evaluates every eval_every steps,
// checkpoints every checkpoint_every steps, measures an sgemm reference at
// each start (metric reference/sgemm_gflops), and is the one place that
// catches LibTorch errors: a failing or diverging run is recorded as such,
// with its history, and the suite goes on.
#ifndef EBMBENCH_SUITE_RUNNER_H_
#define EBMBENCH_SUITE_RUNNER_H_

#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "src/core/precision.h"
#include "src/core/random_streams.h"
#include "src/methods/registry.h"
#include "src/store/result_store.h"
#include "src/suite/suite_file.h"
#include "src/tasks/registry.h"

namespace ebm {

struct Registries {
  TaskRegistry tasks;
  MethodRegistry methods;

  // Everything registered by RegisterAllTasks / RegisterAllMethods.
  static const Registries& Default();
  ParamCatalog Catalog() const;
};

struct RunnerOptions {
  std::string device = "cpu";   // "cpu", "cuda" or "cuda:N"
  PrecisionOptions precision;   // CUDA: TF32, bf16 autocast
  std::string artifacts_dir;    // checkpoints go to <dir>/run-<id>/
  bool retry_failed = false;
  // Resume runs another process holds ("running"), whatever its host:
  // for owners known to be dead (a lost node, a new container).
  bool take_over = false;
  // Train a run that met its task's collapse rule on to its last step
  // (recorded collapsed all the same); by default it stops there.
  bool keep_collapsed = false;
  // Positions (1-based, as progress lines number them) of the suite's runs
  // to train; empty: all. A cluster array task trains its share this way.
  std::set<size_t> only_positions;
  // A running run silent this long is resumable by anyone (see ClaimRun).
  int64_t lease_seconds = ResultStore::kDefaultLeaseSeconds;
  std::ostream* progress = &std::cerr;
  // Asked after every step; true stops the suite cleanly: the run in hand
  // is checkpointed and marked interrupted.
  std::function<bool()> stop_requested = [] { return false; };
};

struct RunOutcome {
  int64_t run_id = 0;
  std::string name;
  // finished, failed, diverged, collapsed, interrupted, skipped, busy
  std::string outcome;
  std::map<std::string, double> final_metrics;
};

struct SuiteOutcome {
  std::vector<RunOutcome> runs;
  bool interrupted = false;
  int Count(const std::string& outcome) const;
};

class Runner {
 public:
  Runner(ResultStore& store, const Registries& registries,
         RunnerOptions options);

  SuiteOutcome RunSuite(const Suite& suite);

 private:
  // One run from its setup to its end, in named phases (runner.cc).
  friend class RunSession;

  RunOutcome RunOne(const RunSpec& spec, const std::string& name,
                    size_t index, int64_t suite_id, int64_t environment_id,
                    class Progress& progress);
  // TaskContext::trained_checkpoint for run `spec` (see src/tasks/task.h).
  std::string TrainedCheckpoint(const RunSpec& spec, const std::string& source_task,
                                const std::vector<std::string>& keys, size_t index,
                                const std::string& name, class Progress& progress);

  // Draws `count` samples and records them as artifacts (.npy files in
  // run_dir, src/suite/sample_file.h): the method's, if it has a sampler
  // ("samples", and "sample_images" for image tasks), and the model's own
  // exact samples where the task can draw them ("model_sample_images").
  void SaveFinalSamples(int64_t count, Method& method, Task& task,
                        const RandomStreams& streams, const torch::Device& device,
                        const std::string& run_dir, int64_t run_id, int64_t step);

  ResultStore& store_;
  const Registries& registries_;
  RunnerOptions options_;
};

}  // namespace ebm

#endif  // EBMBENCH_SUITE_RUNNER_H_
