#include "src/cluster/slurm_client.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sstream>
#include <stdexcept>

namespace ebm {

namespace {

// Everything readable from `fd` until its end.
std::string ReadAll(int fd) {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

}  // namespace

ProgramResult RunProgram(const std::vector<std::string>& argv) {
  // Built before fork: the child only calls async-signal-safe functions.
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe to run " + argv[0]);
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    throw std::runtime_error("cannot create a pipe to run " + argv[0]);
  }
  const pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    throw std::runtime_error("cannot start " + argv[0]);
  }
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    execvp(args[0], args.data());
    static const char message[] = "cannot execute the program (not on PATH?)\n";
    ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
    (void)ignored;
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  // Standard error is read after standard output: the programs called here
  // write little to it (far less than a pipe holds), so neither blocks.
  ProgramResult result;
  result.out = ReadAll(out_pipe[0]);
  result.err = ReadAll(err_pipe[0]);
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  pid_t waited;
  while ((waited = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  if (waited < 0) {
    result.exit_code = 127;
    result.err += "could not wait for " + argv[0];
  } else {
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  return result;
}

std::string SubmitBatchScript(const std::string& script,
                              const std::vector<std::string>& options) {
  std::vector<std::string> argv = {"sbatch", "--parsable"};
  argv.insert(argv.end(), options.begin(), options.end());
  argv.push_back(script);
  ProgramResult result = RunProgram(argv);
  if (result.exit_code != 0)
    throw std::runtime_error("sbatch refused " + script + " (exit " +
                             std::to_string(result.exit_code) + "): " + result.output());
  // --parsable prints "id" or "id;cluster" as its last line of output;
  // notices of the site's plugins may come before it or on stderr.
  std::istringstream lines(result.out);
  std::string id;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) id = line.substr(0, line.find(';'));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    throw std::runtime_error("sbatch accepted " + script +
                             " but printed no job id, so it is not recorded: look with "
                             "squeue before submitting again. sbatch said: " + result.output());
  return id;
}

std::map<size_t, std::string> QueuedArrayTasks(const std::vector<std::string>& job_ids) {
  std::map<size_t, std::string> queued;
  if (job_ids.empty()) return queued;
  // Every job of ours, one line per array task (-r); asking for ids Slurm
  // has forgotten (-j) would be an error.
  ProgramResult result = RunProgram({"squeue", "--me", "-h", "-r", "-o", "%F|%K|%T"});
  if (result.exit_code != 0)
    throw std::runtime_error("squeue failed (exit " + std::to_string(result.exit_code) +
                             "): " + result.output());
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    std::string job, task, state;
    if (!std::getline(fields, job, '|') || !std::getline(fields, task, '|') ||
        !std::getline(fields, state))
      continue;
    if (std::find(job_ids.begin(), job_ids.end(), job) == job_ids.end()) continue;
    if (task.empty() || task.find_first_not_of("0123456789") != std::string::npos) continue;
    queued[std::stoul(task)] = state;
  }
  return queued;
}

}  // namespace ebm
