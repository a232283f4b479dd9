// The learning-rate schedule of the official VERA code: a linear warm-up
// over the first `warmup_iters` iterations, then the base rate multiplied
// by `decay_rate` at each iteration listed in `decay_at`.
#ifndef EBMBENCH_METHODS_LR_SCHEDULE_H_
#define EBMBENCH_METHODS_LR_SCHEDULE_H_

#include <torch/torch.h>

#include <string>
#include <vector>

#include "src/core/params.h"

namespace ebm {

class LrSchedule {
 public:
  // Reads warmup_iters, decay_at ("1000,2000" or empty), decay_rate.
  // Throws std::invalid_argument on a malformed decay_at.
  explicit LrSchedule(const Params& params);

  // Multiplier of the base rate at iteration `iteration` (0-based).
  double Factor(int64_t iteration) const;
  // Sets every parameter group of `optimizer` to base_lr * Factor(iteration).
  void Apply(torch::optim::Optimizer& optimizer, double base_lr,
             int64_t iteration) const;

 private:
  int64_t warmup_iters_;
  std::vector<int64_t> decay_at_;
  double decay_rate_;
};

}  // namespace ebm

#endif  // EBMBENCH_METHODS_LR_SCHEDULE_H_
