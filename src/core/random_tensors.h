// Random tensors drawn from a caller's generator, for every draw a method or
// model makes.
//
// The numbers are drawn on the generator's device and then moved to the
// device of `options`. The runner passes generators that live on the run's
// device, so this is a plain draw there, with no copy. The device
// equivalence test passes one CPU generator to a run on the CPU and to the
// same run on CUDA: both then consume identical numbers, and any difference
// between them is the device's arithmetic.
#ifndef EBMBENCH_CORE_RANDOM_TENSORS_H_
#define EBMBENCH_CORE_RANDOM_TENSORS_H_

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>
#include <c10/core/TensorOptions.h>

namespace ebm {

// N(0, 1) samples of `shape`.
at::Tensor StandardNormal(at::IntArrayRef shape, at::Generator& generator,
                          const c10::TensorOptions& options);

// U[0, 1) samples of `shape`.
at::Tensor Uniform01(at::IntArrayRef shape, at::Generator& generator,
                     const c10::TensorOptions& options);

// Integers uniform in [0, high), int64, on `device`.
at::Tensor UniformIntegers(int64_t high, at::IntArrayRef shape, at::Generator& generator,
                           c10::Device device);

}  // namespace ebm

#endif  // EBMBENCH_CORE_RANDOM_TENSORS_H_
