// Reduced-precision arithmetic on CUDA, chosen per `ebmbench run` (--tf32,
// --autocast bf16) and recorded with the run: the environment's device
// field then reads e.g. "cuda:0 tf32 autocast=bf16", so timings and results
// under other arithmetic are never pooled with float32 ones. Both are off
// by default (float32 throughout, TF32 off: LibTorch's own default for
// cuBLAS matrix products differs between versions, so it is set either way).
#ifndef EBMBENCH_CORE_PRECISION_H_
#define EBMBENCH_CORE_PRECISION_H_

#include <string>

#include <c10/core/Device.h>

namespace ebm {

struct PrecisionOptions {
  bool tf32 = false;             // TF32 in cuBLAS and cuDNN products
  std::string autocast = "none";  // "none" or "bf16": CUDA autocast

  // "" for the defaults, else " tf32", " autocast=bf16" or both.
  std::string Suffix() const;
};

// Applies `options` for the calling thread (autocast is per thread) on
// `device`. Throws std::invalid_argument for an unknown autocast type, or
// for TF32 or autocast on a device that is not CUDA.
void ApplyPrecision(const PrecisionOptions& options, const c10::Device& device);

}  // namespace ebm

#endif  // EBMBENCH_CORE_PRECISION_H_
