// ebmbench: trains EBM methods on benchmark tasks from suite files, records
// every metric and timing in SQLite, and shows the records.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <ctime>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <map>
#include <set>

#include "src/cli/text_table.h"
#include "src/core/environment.h"
#include "src/core/process_settings.h"
#include "src/core/summary_stats.h"
#include "src/report/comparison.h"
#include "src/report/density_png.h"
#include "src/report/html_page.h"
#include "src/report/markdown_summary.h"
#include "src/report/report_data.h"
#include "src/report/run_groups.h"
#include "src/store/result_store.h"
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

std::string DefaultDb() {
  if (const char* env = std::getenv("EBMBENCH_DB")) return env;
  return "results/ebmbench.sqlite";
}

std::string ArtifactsDirFor(const std::string& db) {
  std::filesystem::path path(db);
  return (path.parent_path() / (path.stem().string() + ".artifacts")).string();
}

void EnsureParentDir(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
}

std::string Describe(const std::vector<ParamSpec>& specs) {
  std::string out;
  for (const ParamSpec& s : specs) {
    out += "    " + s.name + " (" + ParamTypeName(s.type) + ", default " +
           FormatParamValue(s.default_value) + "): " + s.help;
    if (!s.choices.empty()) {
      out += " [";
      for (size_t i = 0; i < s.choices.size(); ++i)
        out += (i ? ", " : "") + s.choices[i];
      out += "]";
    }
    out += "\n";
  }
  return out;
}

std::string PrimaryMetric(const std::string& task) {
  const TaskInfo* info = Registries::Default().tasks.Find(task);
  return info ? info->description.primary_metric : "";
}

// For each run, "key=value" of the task and method parameters that differ
// between runs of the same task and method label: what tells them apart.
std::map<int64_t, std::string> DistinguishingConfig(const std::vector<RunRecord>& runs) {
  using Flat = std::map<std::string, std::string>;
  std::map<int64_t, Flat> flat;
  std::map<std::string, std::map<std::string, std::set<std::string>>> seen;
  for (const RunRecord& run : runs) {
    nlohmann::json config = nlohmann::json::parse(run.identity.config_json);
    Flat& f = flat[run.id];
    for (const char* scope : {"task_params", "method_params"})
      for (const auto& [key, value] : config[scope].items())
        f[key] = value.is_string() ? value.get<std::string>() : value.dump();
    for (const auto& [key, value] : f)
      seen[run.identity.task + "/" + run.identity.label][key].insert(value);
  }
  std::map<int64_t, std::string> out;
  for (const RunRecord& run : runs) {
    std::string text;
    for (const auto& [key, values] : seen[run.identity.task + "/" + run.identity.label]) {
      if (values.size() > 1)
        text += (text.empty() ? "" : " ") + key + "=" + flat[run.id][key];
    }
    out[run.id] = text;
  }
  return out;
}

// The per-run table and, over seeds, the mean and std of each task's
// primary metric.
void PrintResults(ResultStore& store, const std::vector<RunRecord>& runs,
                  std::ostream& out) {
  TextTable table({"run", "task", "method", "config", "seed", "status",
                   "metric", "value", "steps", "wall s", "ms/step"});
  struct Group {
    std::string task, label, config, metric;
    std::vector<double> values;
    int runs = 0, diverged = 0, failed = 0;
    double wall = 0;
  };
  std::map<std::string, Group> groups;
  std::map<int64_t, std::string> configs = DistinguishingConfig(runs);
  for (const RunRecord& run : runs) {
    const std::string metric = PrimaryMetric(run.identity.task);
    std::map<std::string, double> finals = store.FinalMetrics(run.id);
    auto timing = store.TimingSummaries(run.id);
    const std::string& short_config = configs[run.id];
    std::string value = finals.count(metric) ? TextTable::Number(finals[metric]) : "-";
    std::string ms = timing.count("step") ? TextTable::Number(timing["step"].mean * 1e3, 2) : "-";
    table.AddRow({std::to_string(run.id), run.identity.task, run.identity.label,
                  short_config, std::to_string(run.identity.seed),
                  RunStatusName(run.status), metric, value,
                  std::to_string(run.steps_done) + "/" +
                      std::to_string(run.identity.steps_planned),
                  TextTable::Number(run.wall_seconds, 1), ms});
    Group& g = groups[run.identity.task + "|" + run.identity.label + "|" + short_config];
    g.task = run.identity.task;
    g.label = run.identity.label;
    g.config = short_config;
    g.metric = metric;
    ++g.runs;
    g.wall += run.wall_seconds;
    g.diverged += run.status == RunStatus::kDiverged;
    g.failed += run.status == RunStatus::kFailed;
    if (run.status == RunStatus::kFinished && finals.count(metric))
      g.values.push_back(finals[metric]);
  }
  table.Print(out);
  if (groups.empty()) return;
  out << "\nOver seeds (finished runs):\n";
  TextTable summary({"task", "method", "config", "metric", "mean", "std",
                     "finished", "diverged", "failed", "wall s"});
  for (const auto& [key, g] : groups) {
    SummaryStats s = Summarize(g.values);
    summary.AddRow({g.task, g.label, g.config, g.metric,
                    s.count ? TextTable::Number(s.mean) : "-",
                    s.count > 1 ? TextTable::Number(s.stddev) : "-",
                    std::to_string(s.count) + "/" + std::to_string(g.runs),
                    std::to_string(g.diverged), std::to_string(g.failed),
                    TextTable::Number(g.wall, 1)});
  }
  summary.Print(out);
}

int RunCommand(const std::vector<std::string>& suite_paths, const std::string& db,
               const std::string& device, const std::string& artifacts,
               bool retry_failed, bool dry_run) {
  const Registries& registries = Registries::Default();
  std::vector<Suite> suites;
  bool ok = true;
  for (const std::string& path : suite_paths) {
    SuiteParseResult parsed = ParseSuiteFile(path, registries.Catalog());
    for (const std::string& error : parsed.errors) std::cerr << error << "\n";
    ok = ok && parsed.ok();
    suites.push_back(parsed.suite);
  }
  if (!ok) {
    std::cerr << "ebmbench: the suite file has errors; nothing was run "
                 "(`ebmbench describe` lists every task, method and parameter)\n";
    return 2;
  }
  if (dry_run) {
    for (const Suite& suite : suites) {
      std::vector<std::string> varying = VaryingKeys(suite.runs);
      std::cout << suite.name << ": " << suite.runs.size() << " runs\n";
      for (const RunSpec& spec : suite.runs)
        std::cout << "  " << spec.ShortName(varying) << "  steps="
                  << spec.run.GetInt("steps") << "  config " << spec.ConfigHash().substr(0, 12)
                  << "\n";
    }
    return 0;
  }
  EnsureParentDir(db);
  ResultStore store(db);
  RunnerOptions options;
  options.device = device;
  options.artifacts_dir = artifacts.empty() ? ArtifactsDirFor(db) : artifacts;
  options.retry_failed = retry_failed;
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
              << outcome.Count("failed") << " failed"
              << (outcome.Count("busy") ? ", " + std::to_string(outcome.Count("busy")) +
                                              " running elsewhere"
                                        : std::string())
              << "\n\n";
    PrintResults(store, runs, std::cout);
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

int ListCommand(const std::string& db, const RunFilter& filter) {
  if (!std::filesystem::exists(db)) {
    std::cerr << "ebmbench: no results database at " << db
              << " (run a suite first, or pass --db)\n";
    return 2;
  }
  ResultStore store(db);
  std::vector<RunRecord> runs = store.ListRuns(filter);
  if (runs.empty()) {
    std::cout << "no runs match\n";
    return 0;
  }
  PrintResults(store, runs, std::cout);
  return 0;
}

int ShowCommand(const std::string& db, int64_t run_id) {
  if (!std::filesystem::exists(db)) {
    std::cerr << "ebmbench: no results database at " << db << "\n";
    return 2;
  }
  ResultStore store(db);
  std::optional<RunRecord> run = store.GetRun(run_id);
  if (!run) {
    std::cerr << "ebmbench: no run " << run_id << " in " << db
              << " (`ebmbench list` shows the runs)\n";
    return 2;
  }
  std::cout << "run " << run->id << ": " << run->identity.task << "/"
            << run->identity.label << " seed " << run->identity.seed << "\n"
            << "status: " << RunStatusName(run->status);
  if (!run->error_text.empty())
    std::cout << " (" << run->error_category << ": " << run->error_text << ")";
  std::cout << "\nsteps: " << run->steps_done << "/" << run->identity.steps_planned
            << ", checkpoint at " << run->checkpoint_step << ", attempts "
            << run->attempts << ", wall " << TextTable::Number(run->wall_seconds, 1)
            << " s\ncreated " << run->created_at << ", updated " << run->updated_at
            << "\nconfig " << run->identity.config_hash << ":\n"
            << nlohmann::json::parse(run->identity.config_json).dump(2) << "\n";

  std::cout << "\nfinal metrics:\n";
  for (const auto& [name, value] : store.FinalMetrics(run_id))
    std::cout << "  " << name << " = " << value << "\n";

  std::cout << "\ntimings (seconds):\n";
  TextTable timings({"phase", "count", "total", "mean", "std", "p50", "p90", "max"});
  for (const auto& [phase, s] : store.TimingSummaries(run_id)) {
    timings.AddRow({phase, std::to_string(s.count), TextTable::Number(s.total, 2),
                    TextTable::Number(s.mean, 5), TextTable::Number(s.stddev, 5),
                    TextTable::Number(s.p50, 5), TextTable::Number(s.p90, 5),
                    TextTable::Number(s.max, 5)});
  }
  timings.Print(std::cout);

  std::cout << "\nsgemm reference (GFLOP/s, n = 256, measured at each start):";
  for (const MetricRecord& m : store.Metrics(run_id))
    if (m.name == "reference/sgemm_gflops")
      std::cout << " " << TextTable::Number(m.value, 1) << " at step " << m.step;
  std::cout << "\n\nevaluations:\n";
  std::map<int64_t, std::map<std::string, double>> by_step;
  std::set<std::string> names;
  for (const MetricRecord& m : store.Metrics(run_id)) {
    if (m.name.rfind("step/", 0) == 0 || m.name.rfind("reference/", 0) == 0) continue;
    by_step[m.step][m.name] = m.value;
    names.insert(m.name);
  }
  std::vector<std::string> header = {"step"};
  header.insert(header.end(), names.begin(), names.end());
  TextTable curve(header);
  for (const auto& [step, values] : by_step) {
    std::vector<std::string> row = {std::to_string(step)};
    for (const std::string& name : names)
      row.push_back(values.count(name) ? TextTable::Number(values.at(name), 4) : "-");
    curve.AddRow(row);
  }
  curve.Print(std::cout);

  std::cout << "\nenvironment:\n";
  for (const auto& [name, value] : store.EnvironmentFields(run->environment_id))
    std::cout << "  " << name << ": " << value << "\n";
  auto artifacts = store.Artifacts(run_id);
  if (!artifacts.empty()) {
    std::cout << "\nartifacts:\n";
    for (const auto& a : artifacts)
      std::cout << "  " << a.kind << " " << a.path << " (step " << a.step << ", "
                << a.bytes << " bytes, xxh128 " << a.content_hash << ")\n";
  }
  return 0;
}

std::string ReadFileOrThrow(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

RunFilter SuiteFilter(const std::string& suite) {
  RunFilter filter;
  if (!suite.empty()) filter.suite = suite;
  return filter;
}

void RequireDb(const std::string& db) {
  if (!std::filesystem::exists(db))
    throw std::runtime_error("no results database at " + db +
                             " (run a suite first, or pass --db)");
}

int BaselineCommand(const std::string& db, const std::string& suite,
                    const std::string& output) {
  RequireDb(db);
  ResultStore store(db);
  std::vector<RunGroup> groups = CollectRunGroups(store, SuiteFilter(suite));
  if (groups.empty()) throw std::runtime_error("no runs to make a baseline of in " + db);
  EnsureParentDir(output);
  std::ofstream out(output);
  out << RunGroupsToJson(groups, "ebmbench baseline of " +
                                     (suite.empty() ? db : "suite " + suite));
  if (!out) throw std::runtime_error("cannot write " + output);
  std::cout << "baseline of " << groups.size() << " run groups written to " << output
            << "\n";
  return 0;
}

struct CheckOptions {
  std::string baseline_file, baseline_db, baseline_suite, markdown;
  double min_effect = 0.01, timing_min_effect = 0.10;
  bool gate_timings = false;
};

int CheckCommand(const std::string& db, const std::string& suite,
                 const CheckOptions& o) {
  RequireDb(db);
  std::vector<RunGroup> baseline;
  if (!o.baseline_file.empty()) {
    baseline = RunGroupsFromJson(ReadFileOrThrow(o.baseline_file), o.baseline_file);
  } else {
    RequireDb(o.baseline_db);
    ResultStore store(o.baseline_db);
    baseline = CollectRunGroups(
        store, SuiteFilter(o.baseline_suite.empty() ? suite : o.baseline_suite));
  }
  ResultStore store(db);
  std::vector<RunGroup> candidate = CollectRunGroups(store, SuiteFilter(suite));
  ComparisonSettings settings;
  settings.metrics.min_relative_effect = o.min_effect;
  settings.timings.min_relative_effect = o.timing_min_effect;
  DirectionLookup direction = [](const std::string& task, const std::string& metric)
      -> std::optional<MetricDirection> {
    const TaskInfo* info = Registries::Default().tasks.Find(task);
    if (!info) return std::nullopt;
    for (const MetricSpec& m : info->description.metrics)
      if (m.name == metric) return m.direction;
    return std::nullopt;
  };
  std::vector<ComparisonRow> rows = CompareRunGroups(baseline, candidate, direction, settings);
  const std::string table = ComparisonMarkdown(rows);
  std::cout << table;
  if (!o.markdown.empty()) {
    EnsureParentDir(o.markdown);
    std::ofstream(o.markdown) << table;
  }
  std::map<std::string, int> counts;
  for (const ComparisonRow& r : rows) ++counts[VerdictName(r.judgement.verdict)];
  std::cout << "\nverdicts:";
  for (const auto& [name, count] : counts) std::cout << " " << count << " " << name << ";";
  const int code = ComparisonExitCode(rows, o.gate_timings);
  std::cout << "\n"
            << (code == 0   ? "no regression"
                : code == 1 ? "REGRESSION: see the rows marked regressed or newly failing"
                            : "no regression found, but some verdicts are inconclusive")
            << (o.gate_timings ? "" : " (step-cost verdicts shown, not gating)") << "\n";
  return code;
}

std::string DefaultAssetsDir() {
  if (const char* env = std::getenv("EBMBENCH_REPORT_ASSETS")) return env;
  return "tools/report/node_modules";
}

std::string NowUtc() {
  std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  return buffer;
}

// A file name from a group's name: letters, digits and dashes.
std::string Slug(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

int ReportCommand(const std::string& db, const std::string& suite,
                  const RunFilter& query, std::string out_dir,
                  const std::string& assets, const std::string& references) {
  RequireDb(db);
  const std::vector<std::string> bundles = {"vega/build/vega.min.js",
                                            "vega-lite/build/vega-lite.min.js",
                                            "vega-embed/build/vega-embed.min.js"};
  std::vector<std::string> scripts;
  for (const std::string& bundle : bundles) {
    const std::string path = assets + "/" + bundle;
    if (!std::filesystem::exists(path))
      throw std::runtime_error("chart library " + path + " is missing: run tools/setup.sh "
                               "(it installs vega, vega-lite and vega-embed from the npm "
                               "registry into tools/report/node_modules), or point "
                               "--assets / EBMBENCH_REPORT_ASSETS at a folder holding them");
    scripts.push_back(ReadFileOrThrow(path));
  }
  ResultStore store(db);
  TaskLookup tasks = [](const std::string& name) -> std::optional<TaskDescription> {
    const TaskInfo* info = Registries::Default().tasks.Find(name);
    if (!info) return std::nullopt;
    return info->description;
  };
  const std::string title = suite.empty() ? std::filesystem::path(db).filename().string()
                                          : "suite " + suite;
  RunFilter filter = query;
  if (!suite.empty()) filter.suite = suite;
  ReportData data = CollectReportData(store, filter, title, tasks,
                                      ReadPaperReferences(references));
  if (data.tasks.empty()) throw std::runtime_error("no runs to report in " + db);
  if (out_dir.empty()) out_dir = "reports/out/" + (suite.empty() ? std::string("all") : suite);
  std::filesystem::create_directories(out_dir);

  // One picture per group: the first finished run's final samples (2-D).
  std::map<std::string, std::string> images;
  for (ReportTask& task : data.tasks) {
    for (ReportGroup& group : task.groups) {
      for (const ReportRun& run : group.runs) {
        if (run.samples_path.empty() || run.record.status != RunStatus::kFinished) continue;
        torch::Tensor samples;
        torch::load(samples, run.samples_path);
        if (samples.dim() != 2 || samples.size(1) != 2) break;  // not 2-D points
        samples = samples.to(torch::kFloat32).contiguous();
        std::vector<float> xy(samples.data_ptr<float>(),
                              samples.data_ptr<float>() + samples.numel());
        group.samples_png = "samples-" + Slug(task.description.name + "-" +
                                              group.group.label + "-" + group.group.config) +
                            ".png";
        const std::string path = out_dir + "/" + group.samples_png;
        WriteDensityPng(xy, -5.0, 5.0, 96, path);
        images[group.samples_png] = ReadFileOrThrow(path);
        break;
      }
    }
  }
  const std::string generated = NowUtc();
  std::ofstream(out_dir + "/index.html") << RenderHtmlPage(data, scripts, images, generated);
  std::ofstream(out_dir + "/report.md") << RenderMarkdownSummary(data, generated);
  std::cout << "report: " << std::filesystem::absolute(out_dir + "/index.html").string()
            << "\nsummary: " << std::filesystem::absolute(out_dir + "/report.md").string()
            << "\n";
  return 0;
}

int EnvCommand(const std::string& device) {
  Environment env = DetectEnvironment(device);
  for (const auto& [name, value] : env.Fields())
    std::cout << name << ": " << value << "\n";
  std::cout << "machine_fingerprint: " << env.MachineFingerprint() << "\n"
            << "fingerprint: " << env.Fingerprint() << "\n";
  return 0;
}

int DescribeCommand() {
  const Registries& r = Registries::Default();
  std::cout << "Tasks (set their parameters under a task entry's params/grid):\n";
  for (const auto& [name, info] : r.tasks.all()) {
    std::cout << "\n  " << name << ": " << info.description.summary << "\n"
              << "  parameters:\n" << Describe(info.description.params)
              << "  metrics:\n";
    for (const MetricSpec& m : info.description.metrics) {
      const char* direction =
          m.direction == MetricDirection::kHigherIsBetter ? "higher is better"
          : m.direction == MetricDirection::kLowerIsBetter ? "lower is better"
                                                           : "informational";
      std::cout << "    " << m.name << " [" << m.unit << ", " << direction
                << "]: " << m.help << "\n";
    }
  }
  std::cout << "\nMethods (set their parameters under a method entry's params/grid):\n";
  for (const auto& [name, info] : r.methods.all()) {
    std::cout << "\n  " << name << ": " << info.summary << "\n"
              << "  parameters:\n" << Describe(info.params);
  }
  std::cout << "\nRun settings (the suite's `run:` section, or a method entry's):\n"
            << Describe(RunParamSpecs());
  return 0;
}

}  // namespace
}  // namespace ebm

int main(int argc, char** argv) {
  using namespace ebm;
  CLI::App app{
      "ebmbench: a benchmark suite for training energy-based models.\n"
      "Trains methods (exact ML, PCD/SGLD, ...) on tasks (toy 2-D, ...) as a\n"
      "suite file says, records every metric and timing in SQLite, and shows\n"
      "them. A killed or interrupted suite resumes where it stopped when run\n"
      "again; runs that already finished are skipped."};
  app.footer(
      "Examples:\n"
      "  ebmbench run suites/smoke.yaml            train the smoke suite\n"
      "  ebmbench run suites/smoke.yaml --dry-run  list its runs, train nothing\n"
      "  ebmbench list                              every run and its result\n"
      "  ebmbench show 3                            one run: config, curve, timings\n"
      "  ebmbench describe                          tasks, methods, parameters\n"
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
          ->check(CLI::PositiveNumber);
    }
  };

  std::vector<std::string> suites;
  std::string artifacts;
  bool retry_failed = false, dry_run = false;
  CLI::App* run = app.add_subcommand(
      "run", "train every run of one or more suite files");
  run->add_option("suite", suites, "suite YAML file(s), e.g. suites/smoke.yaml")
      ->required()
      ->check(CLI::ExistingFile);
  add_common(run, true);
  run->add_option("--artifacts", artifacts,
                  "where checkpoints go (default: beside the database, "
                  "<db name>.artifacts/)");
  run->add_flag("--retry-failed", retry_failed,
                "run again the runs that failed with an error (diverged "
                "runs are results and stay)");
  run->add_flag("--dry-run", dry_run,
                "check the suite file and list its runs without training");
  run->footer(
      "A suite file names tasks x methods x parameter grids x seeds; see\n"
      "suites/smoke.yaml for a commented example and `ebmbench describe`\n"
      "for every parameter. Ctrl-C stops after the current step with a\n"
      "checkpoint; running the same command again resumes.");

  RunFilter filter;
  std::string status_filter, task_filter, method_filter, suite_filter;
  CLI::App* list = app.add_subcommand("list", "list recorded runs with their results");
  add_common(list, false);
  list->add_option("--status", status_filter,
                   "only runs with this status (running, finished, failed, "
                   "diverged, interrupted)");
  list->add_option("--task", task_filter, "only runs of this task");
  list->add_option("--method", method_filter, "only runs of this method or label");
  list->add_option("--suite", suite_filter,
                   "only runs listed by the suite of this name");

  int64_t run_id = 0;
  CLI::App* show = app.add_subcommand(
      "show", "one run in full: config, metrics per evaluation, timings, environment");
  show->add_option("run_id", run_id, "run id (from `ebmbench list`)")->required();
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

  CLI11_PARSE(app, argc, argv);
  ConfigureProcess(threads);
  try {
    if (*run) return RunCommand(suites, db, device, artifacts, retry_failed, dry_run);
    if (*list) {
      if (!status_filter.empty()) filter.status = status_filter;
      if (!task_filter.empty()) filter.task = task_filter;
      if (!method_filter.empty()) filter.method = method_filter;
      if (!suite_filter.empty()) filter.suite = suite_filter;
      return ListCommand(db, filter);
    }
    if (*show) return ShowCommand(db, run_id);
    if (*env) return EnvCommand(device);
    if (*describe) return DescribeCommand();
    if (*baseline) return BaselineCommand(db, suite_name, output);
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
