#include "src/core/environment.h"

#include <sstream>

#include "src/core/hash.h"

namespace ebm {

std::string Environment::MachineFingerprint() const {
  std::ostringstream text;
  text << hostname << '\n' << cpu_model << '\n' << cpu_cores << '\n'
       << memory_bytes;
  return HashHex(text.str());
}

std::string Environment::Fingerprint() const {
  std::ostringstream text;
  for (const auto& [name, value] : Fields()) text << name << '=' << value << '\n';
  return HashHex(text.str());
}

std::vector<std::pair<std::string, std::string>> Environment::Fields() const {
  return {
      {"hostname", hostname},
      {"cpu_model", cpu_model},
      {"cpu_cores", std::to_string(cpu_cores)},
      {"memory_gib", std::to_string(memory_bytes / (1024.0 * 1024 * 1024))},
      {"git_commit", git_commit},
      {"git_dirty", git_dirty ? "true" : "false"},
      {"compiler", compiler},
      {"build_flags", build_flags},
      {"torch_version", torch_version},
      {"blas", blas},
      {"threads", std::to_string(threads)},
      {"thread_env", thread_env},
      {"device", device},
  };
}

}  // namespace ebm
