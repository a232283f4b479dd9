// Reading a run's sample artifacts for `ebmbench report`. Runs write .npy
// files (src/suite/sample_file.h), read here without LibTorch. Databases
// recorded before that hold torch::save (.pt) files, which only LibTorch
// reads: ebmbench_torch reads them itself, and the torch-free front end
// hands the whole command over to it when it meets one (hand_over.cc).
#ifndef EBMBENCH_CLI_SAMPLE_FILES_H_
#define EBMBENCH_CLI_SAMPLE_FILES_H_

#include <string>

#include "src/core/npy_file.h"

namespace ebm {

// The artifact at `path` as float32 values with their shape.
NpyArray ReadSampleFile(const std::string& path);

// A .pt sample file (a torch::save'd tensor): defined by the torch build
// (sample_files_torch.cc) and by the front end (hand_over.cc, which does
// not return).
NpyArray ReadTorchSampleFile(const std::string& path);

}  // namespace ebm

#endif  // EBMBENCH_CLI_SAMPLE_FILES_H_
