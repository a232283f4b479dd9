#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>

#include <torch/cuda.h>
#include <torch/torch.h>

#include "src/cli/cli_support.h"
#include "src/cli/commands.h"
#include "src/cli/run_table.h"
#include "src/cluster/position_list.h"
#include "src/core/process_settings.h"
#include "src/data/datasets.h"
#include "src/suite/runner.h"
#include "src/suite/suite_file.h"

namespace ebm {
namespace {

std::atomic<bool> g_stop{false};

void OnSignal(int signal) {
  if (g_stop.exchange(true)) {
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  const char message[] =
      "\nebmbench: stopping after this step and saving a checkpoint "
      "(press Ctrl-C again to abort at once)\n";
  ssize_t ignored = write(STDERR_FILENO, message, sizeof(message) - 1);
  (void)ignored;
}

}  // namespace

int RunCommand(const std::vector<std::string>& suite_paths, const std::string& db,
               const std::string& device, const std::string& artifacts,
               const RunFlags& flags) {
  ConfigureProcess(flags.threads);
  SetSgldThreads(flags.sgld_threads);
  const bool dry_run = flags.dry_run;
  const Registries& registries = Registries::Default();
  std::vector<Suite> suites;
  if (!ParseSuites(suite_paths, registries.Catalog(), &suites)) return 2;
  std::set<size_t> only;  // empty: every run
  if (!flags.runs.empty()) {
    if (suites.size() != 1) throw std::runtime_error("--runs needs exactly one suite file");
    only = ParsePositionList(flags.runs, suites[0].runs.size());
  }
  // Missing or damaged data is found before any run starts, not in the
  // middle of a suite (a dry run only looks for the files).
  bool data_bad = false;
  auto registered = [&](const std::string& task) -> const TaskDescription* {
    const TaskInfo* info = registries.tasks.Find(task);
    return info ? &info->description : nullptr;
  };
  for (const std::string& name : DatasetsOf(suites, registered)) {
    const std::string problem =
        dry_run ? MissingDatasetMessage(name) : DatasetProblem(name);
    if (problem.empty()) continue;
    std::cerr << "ebmbench: " << problem << "\n";
    data_bad = true;
  }
  if (data_bad && !dry_run) {
    std::cerr << "ebmbench: data missing or damaged; nothing was run\n";
    return 2;
  }
  if (dry_run) {
    for (const Suite& suite : suites) {
      std::vector<std::string> varying = VaryingKeys(suite.runs);
      std::cout << suite.name << ": " << suite.runs.size() << " runs\n";
      for (size_t i = 0; i < suite.runs.size(); ++i) {
        if (!only.empty() && !only.count(i + 1)) continue;
        const RunSpec& spec = suite.runs[i];
        std::cout << "  " << i + 1 << ". " << spec.ShortName(varying) << "  steps="
                  << spec.run.GetInt("steps") << "  config " << spec.ConfigHash().substr(0, 12)
                  << "\n";
      }
    }
    return 0;
  }
  // A device LibTorch cannot use is an error before anything is written.
  try {
    torch::Device parsed(device);
    if (parsed.is_cuda() && !torch::cuda::is_available())
      throw std::runtime_error("device " + device +
                               ": this LibTorch build sees no CUDA device (see README, GPU hosts)");
  } catch (const c10::Error&) {
    throw std::runtime_error("device '" + device + "' is not one of cpu, cuda, cuda:N");
  }
  EnsureParentDir(db);
  ResultStore store(db);
  RunnerOptions options;
  options.device = device;
  options.artifacts_dir = artifacts.empty() ? ArtifactsDirFor(db) : artifacts;
  options.retry_failed = flags.retry_failed;
  options.take_over = flags.take_over;
  options.keep_collapsed = flags.keep_collapsed;
  options.lease_seconds = flags.lease_minutes * 60;
  options.only_positions = only;
  options.precision.tf32 = flags.tf32;
  options.precision.autocast = flags.autocast;
  options.stop_requested = [] { return g_stop.load(); };
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  Runner runner(store, registries, options);
  int status = 0;
  for (const Suite& suite : suites) {
    std::cerr << "suite " << suite.name << ": " << suite.runs.size()
              << " runs, results in " << db << "\n";
    SuiteOutcome outcome = runner.RunSuite(suite);
    std::vector<RunRecord> runs;
    for (const RunOutcome& r : outcome.runs)
      if (auto record = store.GetRun(r.run_id)) runs.push_back(*record);
    std::cout << "\nSuite " << suite.name << " (" << suite.path << "): "
              << outcome.Count("finished") << " finished, "
              << outcome.Count("skipped") << " already done, "
              << outcome.Count("diverged") << " diverged, "
              << outcome.Count("collapsed") << " collapsed, "
              << outcome.Count("failed") << " failed"
              << (outcome.Count("busy") ? ", " + std::to_string(outcome.Count("busy")) +
                                              " running elsewhere"
                                        : std::string())
              << "\n\n";
    PrintResults(store, runs, SuiteFilter(suite.name), std::cout);
    std::cout << "\nResults database: " << std::filesystem::absolute(db).string()
              << "\n";
    if (outcome.interrupted) {
      std::cout << "Interrupted: run the same command again to resume.\n";
      return 130;
    }
    if (outcome.Count("failed")) status = 1;
  }
  return status;
}

}  // namespace ebm
