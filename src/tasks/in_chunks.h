// f applied to x in slices of `chunk` rows, results concatenated: the
// evaluation passes over whole test sets, which would not fit at once.
#ifndef EBMBENCH_TASKS_IN_CHUNKS_H_
#define EBMBENCH_TASKS_IN_CHUNKS_H_

#include <torch/torch.h>

#include <algorithm>
#include <vector>

namespace ebm {

template <typename F>
torch::Tensor InChunks(const torch::Tensor& x, int64_t chunk, F f) {
  std::vector<torch::Tensor> parts;
  for (int64_t start = 0; start < x.size(0); start += chunk)
    parts.push_back(f(x.slice(0, start, std::min(start + chunk, x.size(0)))));
  return torch::cat(parts);
}

}  // namespace ebm

#endif  // EBMBENCH_TASKS_IN_CHUNKS_H_
