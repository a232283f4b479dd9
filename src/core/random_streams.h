// Separate, reproducible random streams for one run.
//
// A run's seed is split into independent streams (data order, model
// initialization, method noise, evaluation), and each stream is split again
// per step. The randomness a step consumes is therefore a pure function of
// (seed, stream, step): a run resumed from a checkpoint at step s draws
// exactly what the uninterrupted run drew from step s on, with no generator
// state to save.
#ifndef EBMBENCH_CORE_RANDOM_STREAMS_H_
#define EBMBENCH_CORE_RANDOM_STREAMS_H_

#include <cstdint>

#include <ATen/core/Generator.h>
#include <c10/core/Device.h>

namespace ebm {

enum class Stream : uint64_t {
  kData = 1,        // data set generation and batch order
  kModelInit = 2,   // initial weights
  kMethodNoise = 3, // sampler noise, buffer re-initialization, projections
  kEval = 4,        // randomness inside evaluation
  kLabeledOrder = 5,  // batch order over a task's labelled examples
  kAugment = 6,     // data augmentation of training batches
};

class RandomStreams {
 public:
  explicit RandomStreams(uint64_t run_seed) : run_seed_(run_seed) {}

  // Seed of `stream` at `index` (a step, an epoch, or 0 for one-off use).
  uint64_t Seed(Stream stream, int64_t index = 0) const;

  // A fresh generator for `stream` at `index`, living on `device`.
  at::Generator Generator(Stream stream, int64_t index,
                          c10::Device device) const;

 private:
  uint64_t run_seed_;
};

// A generator seeded with `seed` on `device` (CPU or CUDA).
at::Generator MakeGenerator(uint64_t seed, c10::Device device);

}  // namespace ebm

#endif  // EBMBENCH_CORE_RANDOM_STREAMS_H_
