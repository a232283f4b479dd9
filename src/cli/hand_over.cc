// The front end's commands that need LibTorch (run and env; see
// commands.h), and a report that meets a .pt sample file: each hands the
// whole command line over to ebmbench_torch, the binary beside this one,
// with execv: the same process (its id, its signals, its standard streams
// and exit code) goes on as the full ebmbench. So `list`, `submit` or a
// mistyped option answer without loading LibTorch (about half a second,
// 290 shared libraries), and `run` behaves exactly as before. (The CMake
// build links every command into one binary and leaves this file out.)
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "src/cli/cli_support.h"
#include "src/cli/commands.h"
#include "src/cli/sample_files.h"

namespace ebm {
namespace {

// The back end's file name, beside the front end's real path (a symlink to
// ebmbench, as in Bazel's runfiles, still finds it).
constexpr char kBackEnd[] = "ebmbench_torch";

[[noreturn]] void HandOver() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error)
    throw std::runtime_error("cannot find this binary (/proc/self/exe): " + error.message());
  const std::string back_end = (self.parent_path() / kBackEnd).string();
  char** argv = RememberedCommandLine();
  if (argv == nullptr) throw std::logic_error("HandOver before RememberCommandLine");
  execv(back_end.c_str(), argv);  // returns only on failure
  throw std::runtime_error("this command needs LibTorch, in " + back_end +
                           ", which could not be started: " + std::strerror(errno) +
                           " (build both: bazel build //src/cli:ebmbench)");
}

}  // namespace

int RunCommand(const std::vector<std::string>&, const std::string&, const std::string&,
               const std::string&, const RunFlags&) {
  HandOver();
}
int EnvCommand(const std::string&, int) { HandOver(); }

// Runs recorded before samples were saved as .npy left torch::save files:
// the report starts over in ebmbench_torch, which reads them (the pictures
// written so far are written again).
NpyArray ReadTorchSampleFile(const std::string&) { HandOver(); }

}  // namespace ebm
