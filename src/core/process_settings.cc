#include "src/core/process_settings.h"

#include <malloc.h>

#include <ATen/Parallel.h>

namespace ebm {
namespace {

constexpr int kMmapThreshold = 32 << 20;
constexpr int kTrimThreshold = 256 << 20;
bool g_configured = false;

}  // namespace

void ConfigureProcess(int torch_threads) {
  at::set_num_threads(torch_threads);
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
  g_configured = true;
}

std::string AllocatorSettings() {
  if (!g_configured) return "";
  return "malloc_mmap_threshold=" + std::to_string(kMmapThreshold) +
         " malloc_trim_threshold=" + std::to_string(kTrimThreshold);
}

}  // namespace ebm
