// The names the tasks' model parameters accept. No torch here (see
// src/data/data_choices.h); the models throw for any other.
#ifndef EBMBENCH_MODELS_MODEL_CHOICES_H_
#define EBMBENCH_MODELS_MODEL_CHOICES_H_

#include <string>
#include <vector>

namespace ebm {

// Hidden activations of MlpEnergy: leaky_relu, softplus, elu.
std::vector<std::string> MlpActivationNames();

// Normalizations of the Wide-ResNet: none, batch.
std::vector<std::string> WideResNetNorms();

}  // namespace ebm

#endif  // EBMBENCH_MODELS_MODEL_CHOICES_H_
