// Uniting results databases ("shards") into one. A suite run as a Slurm job
// array writes one SQLite file per array task (SQLite must not be shared
// over a network file system); `ebmbench merge` unites them here.
//
// A run is identified as everywhere else by its resolved configuration's
// hash (seed included). A run new to the target is copied whole: its row,
// metrics, final metrics, step timings, timing summaries, artifacts and
// suite memberships; environments and suites are matched by fingerprint
// and content, so nothing is duplicated. A run the target already has keeps
// the more advanced of the two records (an ended run over a running or
// interrupted one, then more steps over fewer) and the report says which.
// Merging the same shard again changes nothing.
//
// Each shard is read from a snapshot (SQLite's backup API, so a shard still
// being written is read as of one moment) migrated to the current schema,
// and merged in one transaction: a damaged shard leaves the target as it
// was and the others are merged all the same.
#ifndef EBMBENCH_STORE_SHARD_MERGE_H_
#define EBMBENCH_STORE_SHARD_MERGE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "src/store/sqlite_db.h"

namespace ebm {

struct ShardMergeOptions {
  enum class Artifacts {
    // Files (checkpoints, samples) are copied to <artifacts_dir>/run-<id>/,
    // where the runner itself keeps them: the merged database resumes,
    // reports and evaluates (ood) without the shards.
    kCopy,
    // The records keep pointing at the shards' files (made absolute).
    kReference,
  };
  Artifacts artifacts = Artifacts::kCopy;
  std::string artifacts_dir;  // for kCopy
};

struct ShardMergeReport {
  std::string shard;
  int64_t added = 0;      // runs new to the target
  int64_t replaced = 0;   // runs the shard had further along
  int64_t unchanged = 0;  // the same record as the target's (a repeated merge)
  int64_t kept = 0;       // runs the target had further along
  int64_t artifacts_copied = 0;
  // One line per decision a reader should know of: a run in two places, an
  // artifact file that could not be found or whose content changed.
  std::vector<std::string> notes;
  std::string error;  // not empty: nothing of this shard was merged
};

class ShardMerger {
 public:
  // Opens (creating or migrating) the target database.
  ShardMerger(const std::string& into, ShardMergeOptions options);

  // Never throws for a bad shard: its report carries the error.
  ShardMergeReport Merge(const std::string& shard);

 private:
  // With the shard's snapshot attached as `shard`.
  void MergeSnapshot(const std::string& shard, ShardMergeReport& report);
  void CopyRunRows(int64_t shard_run, int64_t target_run, const std::string& shard,
                   ShardMergeReport& report);

  SqliteDb db_;
  ShardMergeOptions options_;
  // Artifact copies of the shard being merged: (staged file, its place).
  std::vector<std::pair<std::string, std::string>> staged_files_;
};

}  // namespace ebm

#endif  // EBMBENCH_STORE_SHARD_MERGE_H_
