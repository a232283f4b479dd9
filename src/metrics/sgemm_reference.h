// The machine's matrix-multiply throughput right now: the reference that
// step times are judged against. Timings of one run on a noisy machine are
// comparable with another's as ratios to the reference each measured.
#ifndef EBMBENCH_METRICS_SGEMM_REFERENCE_H_
#define EBMBENCH_METRICS_SGEMM_REFERENCE_H_

#include <torch/torch.h>

namespace ebm {

// GFLOP/s of an n x n float32 matrix product on `device`: the median of
// `repeats` timed products after two warm-ups (about 10 ms at n = 256 on
// one CPU core).
double MeasureSgemmGflops(torch::Device device, int64_t n = 256,
                          int repeats = 15);

}  // namespace ebm

#endif  // EBMBENCH_METRICS_SGEMM_REFERENCE_H_
