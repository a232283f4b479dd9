// The model's part of a run's checkpoint (the whole file is written by
// src/suite/checkpoint.h): the step it was saved at and the model's
// parameters. Here, below the suite layer, so that a task can evaluate a
// model another run trained (the ood task) without depending on the runner.
#ifndef EBMBENCH_MODELS_MODEL_CHECKPOINT_H_
#define EBMBENCH_MODELS_MODEL_CHECKPOINT_H_

#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "src/models/energy_model.h"

namespace ebm {

// Writes "step" and "model" into a checkpoint archive.
void SaveModelSection(torch::serialize::OutputArchive& archive, int64_t step,
                      EnergyModel& model);
// Restores the model from a checkpoint archive; returns its step.
int64_t LoadModelSection(torch::serialize::InputArchive& archive, EnergyModel& model);

// Restores only the model's parameters from the checkpoint file at `path`
// (evaluating a trained model, as the ood task does); returns the step.
int64_t LoadModelFromCheckpoint(const std::string& path, EnergyModel& model);

}  // namespace ebm

#endif  // EBMBENCH_MODELS_MODEL_CHECKPOINT_H_
