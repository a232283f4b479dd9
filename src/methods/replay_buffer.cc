#include "src/methods/replay_buffer.h"

#include "src/core/random_tensors.h"

namespace ebm {

ReplayBuffer::ReplayBuffer(EnergyModel& model, int64_t size,
                           double reinit_fraction, at::Generator& generator)
    : model_(model),
      reinit_fraction_(reinit_fraction),
      samples_(model.InitialSamples(size, generator)) {}

torch::Tensor ReplayBuffer::Draw(int64_t n, at::Generator& generator) {
  auto device = samples_.device();
  last_slots_ = UniformIntegers(samples_.size(0), {n}, generator, device);
  torch::Tensor start = samples_.index_select(0, last_slots_);
  torch::Tensor fresh = model_.InitialSamples(n, generator);
  std::vector<int64_t> mask_shape(start.dim(), 1);
  mask_shape[0] = n;
  torch::Tensor reinit =
      (Uniform01({n}, generator, start.options()) < reinit_fraction_)
          .to(start.dtype())
          .view(mask_shape);
  return fresh * reinit + start * (1 - reinit);
}

void ReplayBuffer::WriteBack(const torch::Tensor& samples) {
  samples_.index_copy_(0, last_slots_, samples.detach());
}

void ReplayBuffer::Save(torch::serialize::OutputArchive& archive) const {
  archive.write("replay_buffer", samples_);
}

void ReplayBuffer::Load(torch::serialize::InputArchive& archive) {
  torch::Tensor loaded;
  archive.read("replay_buffer", loaded);
  samples_ = loaded.to(samples_.device());
}

}  // namespace ebm
