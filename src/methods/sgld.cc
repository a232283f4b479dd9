#include "src/methods/sgld.h"

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

#include "src/core/blas_threads.h"
#include "src/core/process_settings.h"
#include "src/core/random_tensors.h"

namespace ebm {
namespace {

torch::Tensor SgldStep(EnergyModel& model, const torch::Tensor& x,
                       const SgldSettings& settings, const torch::Tensor& noise) {
  // Gradient with respect to x only: the parameters' .grad is untouched.
  torch::Tensor grad = model.LogDensityGradient(x);
  return (x.detach() + settings.step_size * grad + settings.noise * noise).detach();
}

// Rows [begin, end) of each group when `rows` are cut into `groups`.
std::vector<int64_t> GroupBounds(int64_t rows, int64_t groups) {
  std::vector<int64_t> bounds;
  for (int64_t g = 0; g <= groups; ++g) bounds.push_back(rows * g / groups);
  return bounds;
}

// The chains as `groups` blocks of rows, each on its own thread with
// single-threaded OpenBLAS. The noise is drawn up front, whole batch by
// whole batch in step order: the generator's stream is the unsplit loop's.
torch::Tensor RunGroupsInThreads(EnergyModel& model, const torch::Tensor& x,
                                 const SgldSettings& settings, at::Generator& generator,
                                 int64_t groups) {
  std::vector<torch::Tensor> noise;
  for (int64_t k = 0; k < settings.steps; ++k)
    noise.push_back(StandardNormal(x.sizes(), generator, x.options()));
  const std::vector<int64_t> bounds = GroupBounds(x.size(0), groups);
  std::vector<torch::Tensor> ends(groups);
  std::vector<std::exception_ptr> errors(groups);
  auto run_group = [&](int64_t g) {
    try {
      const int64_t begin = bounds[g], rows = bounds[g + 1] - bounds[g];
      torch::Tensor chain = x.narrow(0, begin, rows);
      for (int64_t k = 0; k < settings.steps; ++k)
        chain = SgldStep(model, chain, settings, noise[k].narrow(0, begin, rows));
      ends[g] = chain;
    } catch (...) {
      errors[g] = std::current_exception();
    }
  };
  {
    ScopedBlasThreads one_blas_thread(1);
    std::vector<std::thread> helpers;
    for (int64_t g = 1; g < groups; ++g) helpers.emplace_back(run_group, g);
    run_group(0);
    for (std::thread& helper : helpers) helper.join();
  }
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
  return torch::cat(ends, 0);
}

}  // namespace

torch::Tensor RunSgld(EnergyModel& model, torch::Tensor x,
                      const SgldSettings& settings, at::Generator& generator) {
  torch::nn::Module& module = model.module();
  const bool was_training = module.is_training();
  module.eval();
  x = x.detach();
  const int64_t groups =
      x.is_cpu() ? std::min<int64_t>(SgldThreads(), x.size(0)) : 1;
  if (groups > 1) {
    x = RunGroupsInThreads(model, x, settings, generator, groups);
  } else {
    for (int64_t k = 0; k < settings.steps; ++k) {
      torch::Tensor noise = StandardNormal(x.sizes(), generator, x.options());
      x = SgldStep(model, x, settings, noise);
    }
  }
  module.train(was_training);
  return x;
}

}  // namespace ebm
