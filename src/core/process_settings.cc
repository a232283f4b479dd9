#include "src/core/process_settings.h"

#include <malloc.h>

#include <ATen/Parallel.h>

namespace ebm {
namespace {

constexpr int kMmapThreshold = 32 << 20;
constexpr int kTrimThreshold = 256 << 20;
bool g_configured = false;
int g_sgld_threads = 1;

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

void SetSgldThreads(int n) { g_sgld_threads = n < 1 ? 1 : n; }

int SgldThreads() { return g_sgld_threads; }

std::string SgldThreadSettings() {
  return g_sgld_threads > 1 ? "sgld_threads=" + std::to_string(g_sgld_threads) : "";
}

}  // namespace ebm
