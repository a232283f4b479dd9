// The Method extension point: a training algorithm. It builds its state for
// a task's model (optimizers, replay buffer, generator), takes one training
// step on a data batch and reports named scalars, and can sample for grids.
// It runs unchanged on CPU and CUDA; randomness comes from the generator the
// runner passes to each step (see src/core/random_streams.h).
#ifndef EBMBENCH_METHODS_METHOD_H_
#define EBMBENCH_METHODS_METHOD_H_

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "src/core/params.h"
#include "src/models/energy_model.h"
#include "src/methods/method_descriptions.h"

namespace ebm {

// One step's data. `x` is the batch every method trains the density on
// (for a semi-supervised task, drawn from all training examples, labelled
// or not); a task with labels adds a batch of labelled examples.
struct Batch {
  // Data without labels (implicit: a tensor is a batch).
  Batch(torch::Tensor x) : x(std::move(x)) {}  // NOLINT(runtime/explicit)
  Batch(torch::Tensor x, torch::Tensor labeled_x, torch::Tensor labels)
      : x(std::move(x)), labeled_x(std::move(labeled_x)), labels(std::move(labels)) {}
  bool HasLabels() const { return labels.defined(); }

  torch::Tensor x;
  torch::Tensor labeled_x;  // undefined without labels
  torch::Tensor labels;     // int64 [B_l]
};

// Named scalars of one step. The first is the training loss; the runner
// marks the run diverged when any of them is not finite.
using Scalars = std::vector<std::pair<std::string, double>>;

class Method {
 public:
  virtual ~Method() = default;

  virtual Scalars Step(const Batch& batch, at::Generator& noise) = 0;

  // n samples of what the method believes the model's distribution is (for
  // sample grids); an undefined tensor when the method has no sampler.
  virtual torch::Tensor Sample(int64_t n, at::Generator& noise) { return {}; }

  // Everything needed to continue training bit-for-bit: optimizer state,
  // buffers. The model's parameters are saved by the runner.
  virtual void Save(torch::serialize::OutputArchive& archive) = 0;
  virtual void Load(torch::serialize::InputArchive& archive) = 0;
};

struct MethodContext {
  EnergyModel& model;
  const Params& params;
  torch::Device device;
  // Randomness for building the method's state (a buffer's first contents),
  // from the run's method-noise stream.
  at::Generator& setup_noise;
  // Seed for weights the method creates (a generator network), which
  // LibTorch draws from the global generator.
  uint64_t init_seed = 0;
  // Up to `max_count` training examples, for methods that fit something to
  // the data (NCE's noise distribution). Unset when the caller has no data.
  std::function<torch::Tensor(int64_t max_count)> data_sample;
};

// A method's description (src/methods/method_descriptions.h) and the code
// that builds it.
struct MethodInfo : MethodDescription {
  std::function<std::unique_ptr<Method>(const MethodContext&)> create;
};

}  // namespace ebm

#endif  // EBMBENCH_METHODS_METHOD_H_
