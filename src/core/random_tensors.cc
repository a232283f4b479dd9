#include "src/core/random_tensors.h"

#include <ATen/Functions.h>

namespace ebm {

at::Tensor StandardNormal(at::IntArrayRef shape, at::Generator& generator,
                          const c10::TensorOptions& options) {
  return at::randn(shape, generator, options.device(generator.device()))
      .to(options.device());
}

at::Tensor Uniform01(at::IntArrayRef shape, at::Generator& generator,
                     const c10::TensorOptions& options) {
  return at::rand(shape, generator, options.device(generator.device()))
      .to(options.device());
}

at::Tensor UniformIntegers(int64_t high, at::IntArrayRef shape, at::Generator& generator,
                           c10::Device device) {
  return at::randint(high, shape, generator,
                     c10::TensorOptions().dtype(at::kLong).device(generator.device()))
      .to(device);
}

}  // namespace ebm
