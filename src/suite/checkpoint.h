// Resumable checkpoints: the step reached, the model's parameters and the
// method's state (optimizer, replay buffer) in one torch archive.
//
// A checkpoint is made in two phases so that the file never runs ahead of
// the records: WriteCheckpoint writes a pending file, the runner commits the
// records up to that step, and only then PublishCheckpoint renames the
// pending file into place (atomically). A kill between the two leaves the
// older checkpoint, and the runner redoes the steps past it, deleting their
// records first: nothing is lost and nothing is recorded twice.
#ifndef EBMBENCH_SUITE_CHECKPOINT_H_
#define EBMBENCH_SUITE_CHECKPOINT_H_

#include <cstdint>
#include <stdexcept>
#include <string>

#include "src/methods/method.h"
#include "src/models/energy_model.h"

namespace ebm {

// The pending file that WriteCheckpoint writes for checkpoint `path`.
std::string PendingCheckpointPath(const std::string& path);

void WriteCheckpoint(const std::string& path, int64_t step, const std::string& run_identity,
                     EnergyModel& model, Method& method);
void PublishCheckpoint(const std::string& path);

// Thrown by LoadCheckpoint for a file that is not this run's state.
class ForeignCheckpoint : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Restores model and method from `path`; returns the step it was saved at.
// Throws ForeignCheckpoint, before touching model or method, when the file
// belongs to another run identity or is past `recorded_step`, the last
// checkpoint step the database holds for this run.
int64_t LoadCheckpoint(const std::string& path, const std::string& run_identity,
                       int64_t recorded_step, EnergyModel& model, Method& method);

}  // namespace ebm

#endif  // EBMBENCH_SUITE_CHECKPOINT_H_
