#include "src/core/environment_detection.h"

#include <dlfcn.h>
#include <unistd.h>

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>

#include "src/core/process_settings.h"

namespace ebm {
namespace {

std::string Trim(std::string s) {
  size_t begin = s.find_first_not_of(" \t\r\n");
  size_t end = s.find_last_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return s.substr(begin, end - begin + 1);
}

// Runs a shell command and returns its trimmed standard output; `ok` tells
// whether it exited with status 0.
std::string CommandOutput(const std::string& command, bool* ok) {
  std::unique_ptr<FILE, decltype(&pclose)> pipe(
      popen(command.c_str(), "r"), &pclose);
  std::string out;
  if (!pipe) {
    *ok = false;
    return out;
  }
  std::array<char, 512> buffer;
  while (fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
  int status = pclose(pipe.release());
  *ok = status == 0;
  return Trim(out);
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      size_t colon = line.find(':');
      if (colon != std::string::npos) return Trim(line.substr(colon + 1));
    }
  }
  return "unknown";
}

int64_t MemoryBytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  int64_t kib = 0;
  while (in >> key >> kib) {
    if (key == "MemTotal:") return kib * 1024;
    in.ignore(1 << 10, '\n');
  }
  return 0;
}

// Which BLAS the process actually loaded: Debian selects it through
// alternatives, so ask OpenBLAS itself, else name the mapped library.
std::string LoadedBlas() {
  using ConfigFn = char* (*)();
  if (auto fn = reinterpret_cast<ConfigFn>(
          dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
    return fn();
  }
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    size_t slash = line.rfind('/');
    if (slash == std::string::npos) continue;
    std::string path = line.substr(line.find('/'));
    std::string file = line.substr(slash + 1);
    if (file.find("blas") != std::string::npos ||
        file.find("mkl") != std::string::npos) {
      char resolved[4096];
      if (realpath(path.c_str(), resolved)) return resolved;
      return path;
    }
  }
  return "none loaded yet";
}

std::string ThreadEnv() {
  std::string out;
  for (const char* name : {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                           "MKL_NUM_THREADS", "OMP_WAIT_POLICY",
                           "OPENBLAS_CORETYPE"}) {
    if (const char* value = std::getenv(name)) {
      if (!out.empty()) out += ' ';
      out += std::string(name) + "=" + value;
    }
  }
  for (const std::string& setting : {AllocatorSettings(), SgldThreadSettings()})
    if (!setting.empty()) out += (out.empty() ? "" : " ") + setting;
  return out.empty() ? "(none set)" : out;
}

std::string BuildFlags() {
  std::string flags;
#ifdef __OPTIMIZE__
  flags += "optimized";
#else
  flags += "unoptimized";
#endif
#ifdef NDEBUG
  flags += " NDEBUG";
#else
  flags += " assertions";
#endif
#ifdef __AVX2__
  flags += " avx2";
#endif
  return flags;
}

}  // namespace

Environment DetectEnvironment(const std::string& device,
                              const std::string& source_dir) {
  Environment env;
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  env.hostname = host;
  env.cpu_model = CpuModel();
  env.cpu_cores = sysconf(_SC_NPROCESSORS_ONLN);
  env.memory_bytes = MemoryBytes();
  bool ok = false;
  std::string git = "git -C '" + source_dir + "' ";
  env.git_commit = CommandOutput(git + "rev-parse HEAD 2>/dev/null", &ok);
  if (!ok || env.git_commit.empty()) {
    env.git_commit = "unknown";
  } else {
    std::string status = CommandOutput(
        git + "status --porcelain --untracked-files=no 2>/dev/null", &ok);
    env.git_dirty = ok && !status.empty();
  }
#if defined(__clang__)
  env.compiler = std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  env.compiler = std::string("g++ ") + __VERSION__;
#else
  env.compiler = "unknown";
#endif
  env.build_flags = BuildFlags();
  env.torch_version = TORCH_VERSION;
  env.blas = LoadedBlas();
  env.threads = at::get_num_threads();
  env.thread_env = ThreadEnv();
  env.device = device;
  return env;
}

}  // namespace ebm
