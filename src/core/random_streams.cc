#include "src/core/random_streams.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>

#include "src/core/hash.h"

namespace ebm {

uint64_t RandomStreams::Seed(Stream stream, int64_t index) const {
  return MixSeed(MixSeed(run_seed_, static_cast<uint64_t>(stream)),
                 static_cast<uint64_t>(index));
}

at::Generator RandomStreams::Generator(Stream stream, int64_t index,
                                       c10::Device device) const {
  return MakeGenerator(Seed(stream, index), device);
}

at::Generator MakeGenerator(uint64_t seed, c10::Device device) {
  if (device.is_cpu()) return at::detail::createCPUGenerator(seed);
  // The CUDA generator type lives in CUDA-only headers; cloning the device's
  // default generator gives an independent one of the right type.
  at::Generator generator =
      at::globalContext().defaultGenerator(device).clone();
  generator.set_current_seed(seed);
  return generator;
}

}  // namespace ebm
