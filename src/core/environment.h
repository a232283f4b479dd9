// The environment a run executes in: what makes its timings comparable.
//
// The machine fingerprint covers the hardware (CPU model, cores, memory,
// host); the full fingerprint adds the build (git commit and dirty flag,
// compiler, flags, LibTorch, BLAS) and the runtime settings (threads, device).
// This is the record only, free of LibTorch, so that the store and the
// commands that read it need not load LibTorch; environment_detection.h
// fills one in for the running process.
#ifndef EBMBENCH_CORE_ENVIRONMENT_H_
#define EBMBENCH_CORE_ENVIRONMENT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ebm {

struct Environment {
  std::string hostname;
  std::string cpu_model;
  int64_t cpu_cores = 0;
  int64_t memory_bytes = 0;
  std::string git_commit;   // "unknown" outside a git checkout
  bool git_dirty = false;
  std::string compiler;
  std::string build_flags;  // optimization and assertion settings
  std::string torch_version;
  std::string blas;         // the BLAS library actually loaded
  int64_t threads = 0;      // intra-op threads of LibTorch
  std::string thread_env;   // OMP_NUM_THREADS etc. and allocator settings
  std::string device;       // "cpu" or "cuda:N"

  std::string MachineFingerprint() const;
  std::string Fingerprint() const;
  // Name/value pairs for printing, in a stable order.
  std::vector<std::pair<std::string, std::string>> Fields() const;
};

}  // namespace ebm

#endif  // EBMBENCH_CORE_ENVIRONMENT_H_
