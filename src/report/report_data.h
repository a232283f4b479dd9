// Everything a report shows, gathered from the store: per task, the run
// groups (configurations over seeds) with their metrics, curves, timings and
// runs, and the environments involved. Pages (HTML, Markdown) render this.
#ifndef EBMBENCH_REPORT_REPORT_DATA_H_
#define EBMBENCH_REPORT_REPORT_DATA_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/report/run_groups.h"
#include "src/store/result_store.h"
#include "src/tasks/task_info.h"

namespace ebm {

struct ReportRun {
  RunRecord record;
  std::map<std::string, double> final_metrics;
  // Evaluations: (step, cumulative seconds of the run at that step, value)
  // per task metric.
  struct Point {
    int64_t step;
    double seconds;
    double value;
  };
  std::map<std::string, std::vector<Point>> curves;
  std::vector<double> step_seconds;
  double mean_step_ms = 0;
  std::string samples_path;  // the "samples" artifact, if any
  // Image tasks: the method's samples and the model's own exact samples as
  // pictures ([N, H, W] tensors in [0, 1]), if recorded.
  std::string sample_images_path, model_sample_images_path;
};

struct ReportGroup {
  RunGroup group;
  // The task and its parameters: groups are compared (best marks, ceiling)
  // only with groups of the same task settings.
  std::string task_settings;
  std::vector<ReportRun> runs;
  double mean_wall_seconds = 0;
  double mean_step_ms = 0;
  std::string samples_png;  // file name in the report folder, set by the caller
  std::string model_samples_png;  // the model's exact samples (flows), likewise
};

// A published value to show beside ours (reports/paper_references.yaml).
struct PaperReference {
  std::string task, method, metric, source;
  double value = 0;
  // Optional: only for runs whose task parameter `dataset` has this value
  // (a CIFAR-10 number is no reference for Fashion-MNIST).
  std::string dataset;
};

// Reads the references file; errors name the file, line and key. A missing
// file means no references.
std::vector<PaperReference> ReadPaperReferences(const std::string& path);

struct ReportTask {
  TaskDescription description;
  std::vector<PaperReference> references;  // this task's
  std::vector<ReportGroup> groups;
  // Index of the group whose method is the task's reference (exact ML: the
  // ceiling) for the same task settings, per group: what its primary metric
  // is compared with.
  std::map<size_t, size_t> ceiling;
  // What the reader must know to read the table: how it ranks, how settings
  // were chosen, the task's caveats for the settings shown.
  std::vector<std::string> notes;
};

struct ReportData {
  std::string title;
  std::vector<ReportTask> tasks;
  // environment id -> fields, for the runs shown.
  std::map<int64_t, std::vector<std::pair<std::string, std::string>>> environments;
  // Mixed machines, builds or unoptimized builds: shown as a banner.
  std::vector<std::string> warnings;
};

using TaskLookup = std::function<std::optional<TaskDescription>(const std::string&)>;

ReportData CollectReportData(ResultStore& store, const RunFilter& filter,
                             const std::string& title, const TaskLookup& tasks,
                             const std::vector<PaperReference>& references = {});

// The value of `metric` in the Markdown/HTML tables: "mean ± half-width of
// the 95% CI (n)".
std::string FormatMeanInterval(const std::vector<double>& values);

// A task's results table, shared by the HTML and Markdown pages: one row per
// group; a column per judged metric (best mean among groups of the same task
// settings marked by the metric's direction), the papers' values where
// references name the group's method, the gap of the primary metric to the
// task's reference method (the exact-ML ceiling, or the supervised-only
// baseline), wall time and time per step.
struct ResultsTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<bool>> best;  // same shape as rows
};

ResultsTable BuildResultsTable(const ReportTask& task);

// The published values of the task's references for the group's method
// (and data set): "test_ll -2.1 (source); ...", or "".
std::string PublishedValues(const ReportTask& task, const ReportGroup& group);

// "dataset=moons transform=logit": the task parameters whose values differ
// between the task's settings, for `group`'s setting ("" when the task has
// one setting).
std::string SettingLabel(const ReportTask& task, const std::string& task_settings);

// The group's name without what its setting's label already says
// ("exact_ml" under "dataset=moons", not "exact_ml dataset=moons").
std::string NameInSetting(const RunGroup& group, const std::string& setting_label);

}  // namespace ebm

#endif  // EBMBENCH_REPORT_REPORT_DATA_H_
