// Resumable checkpoints: the step reached, the model's parameters and the
// method's state (optimizer, replay buffer) in one torch archive. Written to
// a temporary file and renamed, so a kill never leaves half a checkpoint.
#ifndef EBMBENCH_SUITE_CHECKPOINT_H_
#define EBMBENCH_SUITE_CHECKPOINT_H_

#include <cstdint>
#include <string>

#include "src/methods/method.h"
#include "src/models/energy_model.h"

namespace ebm {

void SaveCheckpoint(const std::string& path, int64_t step, EnergyModel& model,
                    Method& method);

// Restores model and method from `path`; returns the step it was saved at.
int64_t LoadCheckpoint(const std::string& path, EnergyModel& model,
                       Method& method);

}  // namespace ebm

#endif  // EBMBENCH_SUITE_CHECKPOINT_H_
