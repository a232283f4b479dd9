// The persistent replay buffer of PCD/JEM: chains' end points kept between
// training steps. Each draw re-initializes a fraction of the chains from the
// model's initial noise, so the buffer keeps exploring.
#ifndef EBMBENCH_METHODS_REPLAY_BUFFER_H_
#define EBMBENCH_METHODS_REPLAY_BUFFER_H_

#include <torch/torch.h>

#include "src/models/energy_model.h"

namespace ebm {

class ReplayBuffer {
 public:
  // Fills `size` slots with the model's initial noise.
  ReplayBuffer(EnergyModel& model, int64_t size, double reinit_fraction,
               at::Generator& generator);

  // Draws `n` chains (uniformly, with replacement); each is replaced by
  // fresh noise with probability reinit_fraction. Returns the start points
  // and remembers the slots for WriteBack.
  torch::Tensor Draw(int64_t n, at::Generator& generator);
  // Stores the chains' end points in the slots of the last Draw.
  void WriteBack(const torch::Tensor& samples);

  const torch::Tensor& samples() const { return samples_; }
  void Save(torch::serialize::OutputArchive& archive) const;
  void Load(torch::serialize::InputArchive& archive);

 private:
  EnergyModel& model_;
  double reinit_fraction_;
  torch::Tensor samples_;
  torch::Tensor last_slots_;
};

}  // namespace ebm

#endif  // EBMBENCH_METHODS_REPLAY_BUFFER_H_
