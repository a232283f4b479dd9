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
#include <string>

#include "src/methods/method.h"
#include "src/models/energy_model.h"

namespace ebm {

// The pending file that WriteCheckpoint writes for checkpoint `path`.
std::string PendingCheckpointPath(const std::string& path);

void WriteCheckpoint(const std::string& path, int64_t step, EnergyModel& model,
                     Method& method);
void PublishCheckpoint(const std::string& path);

// Restores model and method from `path`; returns the step it was saved at.
int64_t LoadCheckpoint(const std::string& path, EnergyModel& model,
                       Method& method);

// Restores only the model's parameters (evaluating a trained model, as the
// ood task does); returns the step.
int64_t LoadModelFromCheckpoint(const std::string& path, EnergyModel& model);

}  // namespace ebm

#endif  // EBMBENCH_SUITE_CHECKPOINT_H_
