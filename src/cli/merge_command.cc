// merge: results databases (a Slurm submission's shards, or any others)
// united into one.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "src/cli/cli_support.h"
#include "src/cli/commands.h"
#include "src/cli/text_table.h"
#include "src/store/shard_merge.h"

namespace ebm {
namespace fs = std::filesystem;

int MergeCommand(const std::vector<std::string>& shards, const std::string& into,
                 bool reference_artifacts) {
  // Folders: a submission's results folder (its shards/), or any folder of
  // databases.
  std::vector<std::string> files;
  for (const std::string& given : shards) {
    fs::path folder = given;
    if (!fs::is_directory(folder)) {
      files.push_back(given);
      continue;
    }
    if (fs::is_directory(folder / "shards") && fs::exists(folder / "submission.json"))
      folder /= "shards";
    std::vector<std::string> found;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.is_regular_file() && entry.path().extension() == ".sqlite" &&
          !fs::equivalent(entry.path(), into, error))  // --into may live among them
        found.push_back(entry.path().string());
    if (found.empty()) throw std::runtime_error("no *.sqlite shards in " + folder.string());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  EnsureParentDir(into);
  ShardMergeOptions options;
  options.artifacts = reference_artifacts ? ShardMergeOptions::Artifacts::kReference
                                          : ShardMergeOptions::Artifacts::kCopy;
  options.artifacts_dir = ArtifactsDirFor(into);
  ShardMerger merger(into, options);
  int failed = 0;
  TextTable table({"shard", "added", "replaced", "unchanged", "kept", "files copied", "error"});
  std::vector<std::string> notes;
  for (const std::string& file : files) {
    const ShardMergeReport report = merger.Merge(file);
    table.AddRow({file, std::to_string(report.added), std::to_string(report.replaced),
                  std::to_string(report.unchanged), std::to_string(report.kept),
                  std::to_string(report.artifacts_copied),
                  report.error.empty() ? "-" : "not merged: " + report.error});
    for (const std::string& note : report.notes) notes.push_back(file + ": " + note);
    if (!report.error.empty()) ++failed;
  }
  table.Print(std::cout);
  for (const std::string& note : notes) std::cout << "note: " << note << "\n";
  std::cout << "Merged " << files.size() - failed << " of " << files.size() << " shards into "
            << into << "\n";
  if (failed) {
    std::cerr << "ebmbench: " << failed << " shard" << (failed == 1 ? "" : "s")
              << " could not be merged (see the error column); the others were\n";
    return 1;
  }
  return 0;
}

}  // namespace ebm
