#include "src/core/precision.h"

#include <ATen/Context.h>
#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include <stdexcept>

namespace ebm {
namespace {

// LibTorch 2.4 replaced the CUDA-only autocast calls by per-device ones.
void SetCudaAutocast(bool enabled) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
  at::autocast::set_autocast_enabled(at::kCUDA, enabled);
  if (enabled) at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
#else
  at::autocast::set_enabled(enabled);
  if (enabled) at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
#endif
}

}  // namespace

std::string PrecisionOptions::Suffix() const {
  std::string suffix;
  if (tf32) suffix += " tf32";
  if (autocast != "none") suffix += " autocast=" + autocast;
  return suffix;
}

void ApplyPrecision(const PrecisionOptions& options, const c10::Device& device) {
  if (options.autocast != "none" && options.autocast != "bf16") {
    throw std::invalid_argument("--autocast " + options.autocast + ": expected none or bf16");
  }
  if (!device.is_cuda()) {
    if (options.tf32 || options.autocast != "none") {
      throw std::invalid_argument("--tf32 and --autocast are CUDA settings; this run is on " +
                                  device.str());
    }
    return;
  }
  at::globalContext().setAllowTF32CuBLAS(options.tf32);
  at::globalContext().setAllowTF32CuDNN(options.tf32);
  SetCudaAutocast(options.autocast == "bf16");
}

}  // namespace ebm
