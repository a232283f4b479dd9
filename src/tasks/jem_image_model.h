// What the image JEM tasks (jem, ood) share: the parameters that choose the
// data set and the network, and building the JEM from them. An ood run
// names the same values as the jem run it evaluates, so the network it
// builds matches the stored checkpoint.
#ifndef EBMBENCH_TASKS_JEM_IMAGE_MODEL_H_
#define EBMBENCH_TASKS_JEM_IMAGE_MODEL_H_

#include <torch/torch.h>

#include <memory>
#include <vector>

#include "src/core/params.h"
#include "src/models/jem_classifier.h"

namespace ebm {


// The classifier for samples of `shape` [C, H, W] and `classes` classes,
// weights from torch's global generator (seed it first); throws
// std::invalid_argument for impossible sizes.
std::unique_ptr<JemClassifier> MakeJemImageModel(const Params& params,
                                                 const std::vector<int64_t>& shape,
                                                 int64_t classes);

}  // namespace ebm

#endif  // EBMBENCH_TASKS_JEM_IMAGE_MODEL_H_
