#include "src/cluster/slurm_client.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <sstream>
#include <stdexcept>

namespace ebm {

ProgramResult RunProgram(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("cannot create a pipe to run " + argv[0]);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start " + argv[0]);
  if (pid == 0) {
    const int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, STDIN_FILENO);
    dup2(pipe_fds[1], STDOUT_FILENO);
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    const std::string message = argv[0] + ": not found on PATH\n";
    ssize_t ignored = write(STDERR_FILENO, message.data(), message.size());
    (void)ignored;
    _exit(127);
  }
  close(pipe_fds[1]);
  ProgramResult result;
  char buffer[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    result.output.append(buffer, static_cast<size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string SubmitBatchScript(const std::string& script) {
  ProgramResult result = RunProgram({"sbatch", "--parsable", script});
  std::string id = result.output.substr(0, result.output.find_first_of(";\n"));
  if (result.exit_code != 0 || id.empty() ||
      id.find_first_not_of("0123456789") != std::string::npos)
    throw std::runtime_error("sbatch refused " + script + " (exit " +
                             std::to_string(result.exit_code) + "): " + result.output);
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
                             "): " + result.output);
  std::istringstream lines(result.output);
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
