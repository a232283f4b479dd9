#include "src/methods/lr_schedule.h"

#include <sstream>
#include <stdexcept>

namespace ebm {

LrSchedule::LrSchedule(const Params& params)
    : warmup_iters_(params.GetInt("warmup_iters")),
      decay_rate_(params.GetDouble("decay_rate")) {
  std::stringstream list(params.GetString("decay_at"));
  std::string item;
  while (std::getline(list, item, ',')) {
    if (item.find_first_not_of(' ') == std::string::npos) continue;
    size_t used = 0;
    int64_t at = -1;
    try {
      at = std::stoll(item, &used);
    } catch (const std::exception&) {
    }
    if (at < 0 || item.find_first_not_of(' ', used) != std::string::npos)
      throw std::invalid_argument("decay_at: '" + item +
                                  "' is not an iteration number");
    if (!decay_at_.empty() && at <= decay_at_.back())
      throw std::invalid_argument("decay_at must be strictly increasing");
    decay_at_.push_back(at);
  }
}

double LrSchedule::Factor(int64_t iteration) const {
  double factor = 1.0;
  if (iteration < warmup_iters_)
    factor = static_cast<double>(iteration + 1) / warmup_iters_;
  for (int64_t at : decay_at_)
    if (iteration >= at) factor *= decay_rate_;
  return factor;
}

void LrSchedule::Apply(torch::optim::Optimizer& optimizer, double base_lr,
                       int64_t iteration) const {
  const double lr = base_lr * Factor(iteration);
  for (auto& group : optimizer.param_groups())
    group.options().set_lr(lr);
}

}  // namespace ebm
