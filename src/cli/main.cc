// ebmbench: trains EBM methods on benchmark tasks from suite files, records
// every metric and timing in SQLite, and shows, reports and checks the
// records. This file wires the command line (CLI11) to src/cli/commands.h;
// both binaries, ebmbench and ebmbench_torch, are built from it (see there).
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <utility>

#include "src/cli/cli_support.h"
#include "src/cli/commands.h"
#include "src/core/params.h"

int main(int argc, char** argv) {
  using namespace ebm;
  RememberCommandLine(argv);
  CLI::App app{
      "ebmbench: a benchmark suite for training energy-based models.\n"
      "Trains methods (exact ML, PCD/SGLD, ...) on tasks (toy 2-D, ...) as a\n"
      "suite file says, records every metric and timing in SQLite, shows them,\n"
      "reports them as a web page and checks them against a baseline. A killed\n"
      "or interrupted suite resumes where it stopped when run again; runs that\n"
      "already finished are skipped."};
  app.footer(
      "Examples:\n"
      "  ebmbench run suites/smoke.yaml            train the smoke suite\n"
      "  ebmbench run suites/smoke.yaml --dry-run  list its runs, train nothing\n"
      "  ebmbench list                              every run and its result\n"
      "  ebmbench show 3                            one run: config, curve, timings\n"
      "  ebmbench describe                          tasks, methods, parameters\n"
      "  ebmbench report --suite smoke              HTML page + Markdown summary\n"
      "  ebmbench check --suite smoke --baseline reports/baselines/smoke.json\n"
      "  ebmbench select --sweep suites/nice-sweep.yaml -o suites/nice-cpu.yaml\n"
      "Database: --db, or the EBMBENCH_DB environment variable, else\n"
      "results/ebmbench.sqlite.");
  app.require_subcommand(1);

  std::string db = DefaultDb();
  std::string device = "cpu";
  int threads = 1;
  auto add_common = [&](CLI::App* command, bool with_device) {
    command->add_option("--db", db, "results database (SQLite file)")
        ->capture_default_str();
    if (with_device) {
      command->add_option("--device", device, "cpu, cuda or cuda:N")
          ->capture_default_str();
      command
          ->add_option("--threads", threads,
                       "LibTorch intra-op threads (its OpenMP pool). BLAS "
                       "threads are OpenBLAS's own: OPENBLAS_NUM_THREADS. "
                       "Both are recorded with every run")
          ->capture_default_str()
          ->check(CLI::Range(1, 1024));
    }
  };

  std::vector<std::string> suites;
  std::string artifacts, data_dir;
  RunFlags run_flags;
  CLI::App* run = app.add_subcommand(
      "run", "train every run of one or more suite files");
  run->add_option("suite", suites, "suite YAML file(s), e.g. suites/smoke.yaml")
      ->required()
      ->check(CLI::ExistingFile);
  add_common(run, true);
  run->add_option("--artifacts", artifacts,
                  "where checkpoints go (default: beside the database, "
                  "<db name>.artifacts/)");
  run->add_flag("--take-over", run_flags.take_over,
                "also resume runs another process holds (status running), whatever "
                "its host: for owners known to be dead (a lost node, a new container)");
  run->add_option("--lease-minutes", run_flags.lease_minutes,
                  "a running run that has recorded nothing this long is resumable by "
                  "any process (running runs record at least every minute)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  run->add_flag("--retry-failed", run_flags.retry_failed,
                "run again the runs that failed with an error (diverged "
                "and collapsed runs are results and stay)");
  run->add_flag("--keep-collapsed", run_flags.keep_collapsed,
                "train a run on to its last step after it meets its task's "
                "collapse rule (it is still recorded collapsed, with the step "
                "it first met it); default: stop it there");
  run->add_option("--runs", run_flags.runs,
                  "train only the runs at these positions of the suite, as its progress "
                  "lines and --dry-run number them: 1-4,7 (what a cluster array task does)");
  run->add_flag("--tf32", run_flags.tf32,
                "CUDA: let cuBLAS and cuDNN products use TF32 (recorded with the run: its "
                "environment's device reads 'cuda:0 tf32'); default off, float32 throughout");
  run->add_option("--autocast", run_flags.autocast,
                  "CUDA: run each step under autocast to this type (recorded with the run)")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "bf16"}));
  int sgld_threads = 1;
  run->add_option("--sgld-threads", sgld_threads,
                  "CPU: run SGLD's chains (pcd, short_run, pcd_jem) as this many blocks of "
                  "rows on as many threads, each with one OpenBLAS thread, instead of one "
                  "block whose products OpenBLAS splits (set it to OPENBLAS_NUM_THREADS; "
                  "chains then differ from unsplit ones by float32 roundings). Recorded "
                  "in the environment's thread_env")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  run->add_flag("--dry-run", run_flags.dry_run,
                "check the suite file and list its runs without training");
  run->add_option("--data-dir", data_dir,
                  "where real data sets live (default: $EBMBENCH_DATA, else "
                  "./data; tools/fetch_data.sh fills it)");
  run->footer(
      "A suite file names tasks x methods x parameter grids x seeds; see\n"
      "suites/smoke.yaml for a commented example and `ebmbench describe`\n"
      "for every parameter. Ctrl-C stops after the current step with a\n"
      "checkpoint; running the same command again resumes. Suites on real\n"
      "data (task nice) check their data sets before any training and say\n"
      "how to fetch a missing one.");

  CLI::App* datasets = app.add_subcommand(
      "datasets", "the real data sets the suites need, one name per line "
                  "(for tools/fetch_data.sh)");
  datasets->add_option("suite", suites, "suite YAML file(s)")
      ->required()
      ->check(CLI::ExistingFile);

  RunFilter filter;
  std::string status_filter, task_filter, method_filter, suite_filter;
  CLI::App* list = app.add_subcommand("list", "list recorded runs with their results");
  add_common(list, false);
  list->add_option("--status", status_filter,
                   "only runs with this status (running, finished, failed, "
                   "diverged, collapsed, interrupted)");
  list->add_option("--task", task_filter, "only runs of this task");
  list->add_option("--method", method_filter, "only runs of this method or label");
  list->add_option("--suite", suite_filter,
                   "only runs listed by the suite of this name");

  // Read as text: CLI11 would clamp 99999999999999999999 to INT64_MAX.
  std::string run_id_text;
  CLI::App* show = app.add_subcommand(
      "show", "one run in full: config, metrics per evaluation, timings, environment");
  show->add_option("run_id", run_id_text, "run id (from `ebmbench list`)")->required();
  add_common(show, false);

  CLI::App* env = app.add_subcommand(
      "env", "print this machine's environment fingerprint as runs record it");
  add_common(env, true);

  CLI::App* describe = app.add_subcommand(
      "describe", "list tasks, methods and every parameter a suite may set");

  std::string suite_name, output, report_dir, assets_dir = DefaultAssetsDir();
  std::string references_file = "reports/paper_references.yaml";
  CLI::App* report = app.add_subcommand(
      "report", "write a static HTML page (tables, curves, samples) and a Markdown summary");
  add_common(report, false);
  report->add_option("--suite", suite_name, "only the runs this suite lists");
  report->add_option("--task", task_filter, "only runs of this task");
  report->add_option("--method", method_filter, "only runs of this method or label");
  report->add_option("-o,--output", report_dir,
                     "folder for index.html, report.md and the sample PNGs "
                     "(default: reports/out/<suite>/)");
  report->add_option("--assets", assets_dir,
                     "folder with the vega, vega-lite and vega-embed npm packages")
      ->capture_default_str();
  report->add_option("--references", references_file,
                     "published values shown beside ours (YAML; absent = none)")
      ->capture_default_str();
  CLI::App* baseline = app.add_subcommand(
      "baseline", "write the runs of a database (or one suite) as a baseline file");
  add_common(baseline, false);
  baseline->add_option("--suite", suite_name, "only the runs this suite lists");
  baseline->add_option("-o,--output", output, "baseline JSON to write, e.g. "
                       "reports/baselines/smoke.json")->required();

  CheckOptions check_options;
  CLI::App* check = app.add_subcommand(
      "check", "compare runs with a baseline: a verdict per metric, step cost and status");
  add_common(check, false);
  check->add_option("--suite", suite_name, "only the runs this suite lists");
  auto* baseline_file = check->add_option(
      "--baseline", check_options.baseline_file,
      "baseline JSON file (from `ebmbench baseline`)")->check(CLI::ExistingFile);
  auto* baseline_db = check->add_option(
      "--baseline-db", check_options.baseline_db,
      "or: a results database to compare with (another commit's, say)");
  baseline_file->excludes(baseline_db);
  check->add_option("--baseline-suite", check_options.baseline_suite,
                    "suite name in the baseline database (default: --suite)");
  check->add_option("--markdown", check_options.markdown,
                    "also write the verdict table to this Markdown file");
  check->add_option("--min-effect", check_options.min_effect,
                    "smallest relative change of a metric that can count")
      ->capture_default_str();
  check->add_option("--timing-min-effect", check_options.timing_min_effect,
                    "smallest relative change of the step cost that can count")
      ->capture_default_str();
  check->add_flag("--gate-timings", check_options.gate_timings,
                  "let step-cost regressions set the exit code (quiet machines only)");
  check->footer(
      "Runs are grouped by configuration without the seed. A change counts when\n"
      "it exceeds the minimum effect and is evident: Mann-Whitney U (p < 0.05)\n"
      "with 5+ values per side, else disjoint 95% confidence intervals. Step\n"
      "cost = mean step time x the sgemm GFLOP/s the run measured, compared on\n"
      "one machine only. Exit codes: 0 no regression, 1 regression or newly\n"
      "failing, 3 inconclusive only, 2 error.");

  SelectCommandOptions select_options;
  CLI::App* select_command = app.add_subcommand(
      "select", "choose each method's settings from a sweep by validation data and "
                "write the suite that compares them");
  add_common(select_command, false);
  auto* sweep_name = select_command->add_option(
      "--suite", select_options.sweep_suite,
      "the sweep's suite name (e.g. nice-sweep): every run recorded under it");
  auto* sweep_file = select_command->add_option(
      "--sweep", select_options.sweep_file,
      "or the sweep's suite file: exactly the runs it lists (stale runs of an "
      "older version of the file are ignored)")->check(CLI::ExistingFile);
  sweep_name->excludes(sweep_file);
  select_command->add_option("-o,--output", select_options.output,
                     "suite file to write (default: standard output)");
  select_command->add_option("--name", select_options.name,
                     "suite name of the written file (default: <sweep>-selected)");
  select_command->add_option("--description", select_options.description,
                     "description of the written suite");
  select_command->add_option("--seeds", select_options.seeds,
                     "seeds of the written suite (not the sweep's)")
      ->delimiter(',')
      ->capture_default_str();
  select_command->add_flag("--at-best", select_options.at_best_evaluation,
                   "score configurations at their best validation evaluation "
                   "(early stopping) instead of the last");
  select_command->footer(
      "Protocol: every method label of the sweep must have tried the same number\n"
      "of configurations (declare `budget: N` in the sweep suite). Each\n"
      "configuration is scored by its task's validation metric (nice: val_bpd,\n"
      "tabular_ssl: val_acc), averaged over the sweep's seeds and task settings;\n"
      "a configuration with a failed, diverged, collapsed or unfinished run ranks below all\n"
      "whose runs finished. Test metrics are never read. The written suite says\n"
      "in comments where each setting came from.\n"
      "Example:\n"
      "  ebmbench select --db results/nice-sweep.sqlite --sweep suites/nice-sweep.yaml \\\n"
      "      --name nice-cpu --seeds 1,2,3 -o suites/nice-cpu.yaml");

  SubmitOptions submit_options;
  CLI::App* submit = app.add_subcommand(
      "submit", "run a suite on a Slurm cluster as a job array, one results database "
                "(shard) per array task");
  submit->add_option("suite", submit_options.suite_path, "suite YAML file")
      ->check(CLI::ExistingFile);
  submit->add_option("--results", submit_options.results_dir,
                     "folder on the shared file system for the shards, logs, scripts and "
                     "the submission record (default: results/<suite>.slurm)");
  submit->add_option("--device", submit_options.device, "cpu, cuda or cuda:N")
      ->capture_default_str();
  submit->add_option("--partition", submit_options.resources.partition, "sbatch --partition");
  submit->add_option("--time", submit_options.resources.time,
                     "sbatch --time per array task, e.g. 4:00:00 (2 minutes before it, "
                     "ebmbench checkpoints and stops; --resubmit continues from there)");
  submit->add_option("--mem", submit_options.resources.mem, "sbatch --mem, e.g. 8G");
  submit->add_option("--cpus-per-task", submit_options.resources.cpus_per_task,
                     "CPUs per array task; also its LibTorch, OpenMP and BLAS threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  submit->add_option("--gpus", submit_options.resources.gpus,
                     "sbatch --gres=gpu:N (default: 1 with --device cuda, else 0)")
      ->check(CLI::Range(0, 64))
      ->each([&](const std::string&) { submit_options.gpus_given = true; });
  submit->add_option("--max-parallel", submit_options.resources.max_parallel,
                     "at most this many array tasks at once (the array's %k; 0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  submit->add_option("--runs-per-task", submit_options.runs_per_task,
                     "runs per array task, trained one after the other (an ood run always "
                     "shares the task of the run whose model it evaluates)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  submit->add_option("--sgld-threads", submit_options.sgld_threads,
                     "each task's `run --sgld-threads`: SGLD's chains (pcd, short_run, "
                     "pcd_jem) in this many blocks of rows on as many of its CPUs (at most "
                     "--cpus-per-task; numbers then differ within float32 roundings, see "
                     "run --help)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  submit->add_option("--sbatch-option", submit_options.resources.extra_options,
                     "a further sbatch option, verbatim, e.g. --sbatch-option=--account=ml "
                     "(repeatable)");
  submit->add_option("--data-dir", submit_options.data_dir,
                     "where the tasks find real data sets (default: theirs, $EBMBENCH_DATA "
                     "or ./data in the folder submit was called from)");
  submit->add_option("--ebmbench", submit_options.ebmbench,
                     "the binary the tasks call, on the shared file system (default: this one)");
  submit->add_flag("--dry-run", submit_options.dry_run,
                   "print the plan (array task -> runs) and the sbatch script; submit nothing");
  submit->add_flag("--resubmit", submit_options.resubmit,
                   "submit again the array tasks of --results whose runs have not all ended "
                   "and that Slurm no longer holds (they resume from their checkpoints)");
  submit->add_flag("--retry-failed", submit_options.retry_failed,
                   "with --resubmit: also run again runs that failed with an error");
  submit->footer(
      "Build ebmbench once on a file system every node sees; submit from there.\n"
      "Each array task writes its own SQLite shard (never one database over NFS)\n"
      "and checkpoints; a requeued or resubmitted task resumes. Then:\n"
      "  ebmbench status --results DIR     per run: pending, running, finished ...\n"
      "  ebmbench submit --resubmit --results DIR\n"
      "  ebmbench merge DIR --into results/SUITE.sqlite\n"
      "  ebmbench report --db results/SUITE.sqlite --suite SUITE\n"
      "Example:\n"
      "  ebmbench submit suites/nice-cpu.yaml --partition cpu --time 2:00:00 \\\n"
      "      --mem 4G --max-parallel 20 --dry-run");

  std::string status_results;
  CLI::App* status_command = app.add_subcommand(
      "status", "the state of every run of a Slurm submission (from its shards and squeue)");
  status_command->add_option("--results", status_results, "the submission's results folder")
      ->required();

  std::vector<std::string> merge_shards;
  std::string merge_into;
  bool reference_artifacts = false;
  CLI::App* merge = app.add_subcommand(
      "merge", "unite results databases (shards) into one, without loss or duplicates");
  merge->add_option("shards", merge_shards,
                    "shard files, folders of them, or a submission's results folder")
      ->required();
  merge->add_option("--into", merge_into, "the database to merge into (created if absent)")
      ->required();
  merge->add_flag("--reference-artifacts", reference_artifacts,
                  "leave checkpoints and samples where the shards have them (default: copy "
                  "them beside --into, as the runner would have put them)");
  merge->footer(
      "A run is its configuration and seed: a run new to --into is copied whole; one\n"
      "it has already keeps the more advanced record (ended over running, more steps\n"
      "over fewer), which is said. Merging again changes nothing. A shard that cannot\n"
      "be read is named and skipped, the others merged (exit 1).");

  const std::function<bool(const CLI::App*)> every = [](const CLI::App*) { return true; };
  std::string names;
  bool known = false;
  for (const CLI::App* command : std::as_const(app).get_subcommands(every)) {
    names += (names.empty() ? "" : ", ") + command->get_name();
    known = known || (argc > 1 && command->get_name() == argv[1]);
  }
  if (argc > 1 && argv[1][0] != '-' && !known) {
    // CLI11 would say only "A subcommand is required".
    std::cerr << "ebmbench: '" << argv[1] << "' is not a command (commands: " << names
              << "); see ebmbench --help\n";
    return 2;
  }
  CLI11_PARSE(app, argc, argv);
  if (db.empty()) {
    // SQLite would open a temporary database, lost when the process exits.
    std::cerr << "ebmbench: --db needs a file path (an empty one keeps nothing)\n";
    return 2;
  }
  if (!status_filter.empty() && !ParseRunStatus(status_filter)) {
    std::cerr << "ebmbench: --status " << status_filter
              << " is not a run status (running, finished, failed, diverged, collapsed, "
                 "interrupted)\n";
    return 2;
  }
  try {
    if (!data_dir.empty()) setenv("EBMBENCH_DATA", data_dir.c_str(), 1);
    if (*run) {
      run_flags.threads = threads;
      run_flags.sgld_threads = sgld_threads;
      return RunCommand(suites, db, device, artifacts, run_flags);
    }
    if (*datasets) return DatasetsCommand(suites);
    if (*list) {
      if (!status_filter.empty()) filter.status = status_filter;
      if (!task_filter.empty()) filter.task = task_filter;
      if (!method_filter.empty()) filter.method = method_filter;
      if (!suite_filter.empty()) filter.suite = suite_filter;
      return ListCommand(db, filter);
    }
    if (*show) {
      std::optional<ParamValue> run_id = ParseParamValue(run_id_text, ParamType::kInt);
      if (!run_id || std::get<int64_t>(*run_id) < 1) {
        std::cerr << "ebmbench: '" << run_id_text
                  << "' is not a run id (a whole number from 1 to 2^63 - 1; see ebmbench list)\n";
        return 2;
      }
      return ShowCommand(db, std::get<int64_t>(*run_id));
    }
    if (*env) return EnvCommand(device, threads);
    if (*submit) {
      if (submit_options.suite_path.empty() == !submit_options.resubmit)
        throw std::runtime_error(submit_options.resubmit
                                     ? "--resubmit takes no suite file: it reads --results"
                                     : "submit needs a suite file (or --resubmit --results DIR)");
      if (submit_options.resubmit && submit_options.results_dir.empty())
        throw std::runtime_error("--resubmit needs --results DIR");
      if (submit_options.retry_failed && !submit_options.resubmit)
        throw std::runtime_error("--retry-failed goes with --resubmit (a first submission has "
                                 "no failed runs)");
      return SubmitCommand(submit_options);
    }
    if (*status_command) return ClusterStatusCommand(status_results);
    if (*merge) return MergeCommand(merge_shards, merge_into, reference_artifacts);
    if (*describe) return DescribeCommand();
    if (*baseline) return BaselineCommand(db, suite_name, output);
    if (*select_command) return SelectCommand(db, select_options);
    if (*report) {
      RunFilter query;
      if (!task_filter.empty()) query.task = task_filter;
      if (!method_filter.empty()) query.method = method_filter;
      return ReportCommand(db, suite_name, query, report_dir, assets_dir, references_file);
    }
    if (*check) {
      if (check_options.baseline_file.empty() && check_options.baseline_db.empty())
        throw std::runtime_error("check needs --baseline FILE or --baseline-db DB");
      return CheckCommand(db, suite_name, check_options);
    }
  } catch (const std::exception& e) {
    std::cerr << "ebmbench: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
