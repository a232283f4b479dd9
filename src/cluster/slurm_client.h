// The Slurm commands ebmbench calls (sbatch, squeue, scancel), found on
// PATH; the cluster is the one SLURM_CONF or Slurm's own default names.
#ifndef EBMBENCH_CLUSTER_SLURM_CLIENT_H_
#define EBMBENCH_CLUSTER_SLURM_CLIENT_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace ebm {

struct ProgramResult {
  int exit_code = 0;    // 127: could not be started; 128 + N: killed by signal N
  std::string out, err;  // standard output, standard error
  std::string output() const { return out + err; }
};

// Runs `argv` (argv[0] searched on PATH) with standard input from
// /dev/null and waits for it.
ProgramResult RunProgram(const std::vector<std::string>& argv);

// Submits `script` with sbatch, `options` before it on the command line
// (values with spaces or quotes that #SBATCH lines cannot carry); returns
// the job id. Throws std::runtime_error with sbatch's own message when it
// refuses, and says so when it may have submitted without printing an id.
std::string SubmitBatchScript(const std::string& script,
                              const std::vector<std::string>& options = {});

// The array tasks of `job_id` that Slurm still holds (pending, running,
// completing, requeued ...): task index -> squeue's state name. Throws
// std::runtime_error when squeue cannot be asked.
std::map<size_t, std::string> QueuedArrayTasks(const std::vector<std::string>& job_ids);

}  // namespace ebm

#endif  // EBMBENCH_CLUSTER_SLURM_CLIENT_H_
