// report: the HTML page, the Markdown summary and the sample pictures.
#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "src/cli/cli_support.h"
#include "src/cli/commands.h"
#include "src/cli/run_table.h"
#include "src/cli/sample_files.h"
#include "src/core/hash.h"
#include "src/core/whole_file.h"
#include "src/report/density_png.h"
#include "src/report/html_page.h"
#include "src/report/image_grid_png.h"
#include "src/report/markdown_summary.h"
#include "src/report/report_data.h"

namespace ebm {
namespace {

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

// Up to 64 images of a saved [N, H, W] array in [0, 1] as an 8-wide grid.
void WriteImageGrid(const std::string& samples_path, const std::string& png_path) {
  NpyArray images = ReadSampleFile(samples_path);
  if (images.shape.size() != 3)
    throw std::runtime_error(samples_path + ": expected [N, H, W] images");
  const int64_t count = std::min<int64_t>(images.shape[0], 64);
  images.values.resize(count * images.shape[1] * images.shape[2]);
  WriteImageGridPng(images.values, count, images.shape[1], images.shape[2], 8, png_path);
}

}  // namespace

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
  ResultStore store(db, ResultStore::Access::kRead);
  TaskLookup tasks = DescribedTasks();
  const std::string title = suite.empty() ? std::filesystem::path(db).filename().string()
                                          : "suite " + suite;
  RunFilter filter = query;
  if (!suite.empty()) filter.suite = suite;
  ReportData data = CollectReportData(store, filter, title, tasks,
                                      ReadPaperReferences(references));
  if (data.tasks.empty()) throw std::runtime_error("no runs to report in " + db);
  if (out_dir.empty()) {
    // The suite name becomes one folder under reports/out, never a path.
    std::string folder = suite.empty() ? std::string("all") : suite;
    for (char& c : folder)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
    out_dir = "reports/out/" + folder;
  }
  std::filesystem::create_directories(out_dir);

  // One picture per group from its first finished run's final samples: a
  // density of 2-D points, or a grid of images; and for flows a grid of the
  // model's own samples.
  std::map<std::string, std::string> images;
  for (ReportTask& task : data.tasks) {
    for (ReportGroup& group : task.groups) {
      // Readable but bounded, and unique: two labels that slug alike
      // ("a b", "a-b") differ in the key's hash.
      const std::string stem =
          "samples-" +
          Slug(task.description.name + "-" + group.group.label + "-" + group.group.config)
              .substr(0, 80) +
          "-" + HashHex(group.group.key).substr(0, 8);
      for (const ReportRun& run : group.runs) {
        if (run.record.status != RunStatus::kFinished) continue;
        if (!run.sample_images_path.empty()) {
          group.samples_png = stem + ".png";
          WriteImageGrid(run.sample_images_path, out_dir + "/" + group.samples_png);
        } else if (!run.samples_path.empty()) {
          NpyArray samples = ReadSampleFile(run.samples_path);
          if (samples.shape.size() != 2 || samples.shape[1] != 2) break;  // not 2-D points
          group.samples_png = stem + ".png";
          WriteDensityPng(samples.values, -5.0, 5.0, 96, out_dir + "/" + group.samples_png);
        }
        if (!group.samples_png.empty())
          images[group.samples_png] = ReadFileOrThrow(out_dir + "/" + group.samples_png);
        if (!run.model_sample_images_path.empty()) {
          group.model_samples_png = stem + "-model.png";
          const std::string path = out_dir + "/" + group.model_samples_png;
          WriteImageGrid(run.model_sample_images_path, path);
          images[group.model_samples_png] = ReadFileOrThrow(path);
        }
        break;
      }
    }
  }
  const std::string generated = NowUtc();
  WriteFileAtomically(out_dir + "/index.html", RenderHtmlPage(data, scripts, images, generated));
  WriteFileAtomically(out_dir + "/report.md", RenderMarkdownSummary(data, generated));
  std::cout << "report: " << std::filesystem::absolute(out_dir + "/index.html").string()
            << "\nsummary: " << std::filesystem::absolute(out_dir + "/report.md").string()
            << "\n";
  return 0;
}

}  // namespace ebm
