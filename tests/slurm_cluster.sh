# A throwaway one-node Slurm cluster for the scale-out tests; `source` it,
# then `start_slurm_cluster DIR`. Everything lives in DIR (keys, sockets,
# state, logs, its own ports), the three daemons run in the foreground as
# this shell's children and are stopped by PID when the shell exits. Sets
# SLURM_CONF for the client commands. Facts behind each setting:
# ../shared/design/SCALE_OUT.md (project wiki).
slurm_pids=()
short_dir=""
stop_slurm_cluster() {
  local pid
  for pid in "${slurm_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${slurm_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  slurm_pids=()
  [[ -z "$short_dir" ]] || rm -rf "$short_dir"
}

start_slurm_cluster() {
  local dir="$1" port node_cpus node_memory
  slurm_dir="$dir"
  mkdir -p "$dir/state"
  # munged wants every folder above its socket executable by all (a test's
  # temporary folder is 0700) and the socket's own 0755, its key unreadable
  # to others; slurmd's spool holds the job steps' Unix sockets, whose paths
  # must fit in 108 bytes (Bazel's test folders are longer). Both live in a
  # short folder of their own under /tmp.
  short_dir=$(mktemp -d /tmp/ebmbench-slurm.XXXXXX)
  chmod 0755 "$short_dir"
  mkdir -p "$short_dir/spool"
  head -c 1024 /dev/urandom >"$short_dir/munge.key"
  chmod 0400 "$short_dir/munge.key"
  trap stop_slurm_cluster EXIT
  munged -F --key-file="$short_dir/munge.key" --socket="$short_dir/munge.socket" \
    --pid-file="$short_dir/munged.pid" --log-file="$dir/munged.log" \
    --seed-file="$short_dir/munged.seed" >"$dir/munged.out" 2>&1 &
  slurm_pids+=($!)
  for _ in $(seq 1 100); do [[ -S "$short_dir/munge.socket" ]] && break; sleep 0.05; done
  [[ -S "$short_dir/munge.socket" ]] || {
    echo "FAIL: munged did not start:" >&2; cat "$dir/munged.out" >&2; return 1; }
  # Two free ports of our own, so clusters of parallel tests never meet.
  port=$(/usr/bin/python3 -c 'import socket
s=[socket.socket() for _ in range(2)]
[x.bind(("127.0.0.1",0)) for x in s]
print(" ".join(str(x.getsockname()[1]) for x in s))')
  read -r node_cpus node_memory < <(slurmd -C | sed -n 's/.*CPUs=\([0-9]*\).*RealMemory=\([0-9]*\).*/\1 \2/p')
  cat >"$dir/slurm.conf" <<CONF
ClusterName=ebmtest
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${port% *}
SlurmdPort=${port#* }
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$short_dir/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$short_dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/jobcomp.txt
ReturnToService=2
MpiDefault=none
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$node_cpus RealMemory=$node_memory State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -D -i -f "$SLURM_CONF" >"$dir/slurmctld.out" 2>&1 &
  slurm_pids+=($!)
  slurmd -D -N localhost -f "$SLURM_CONF" >"$dir/slurmd.out" 2>&1 &
  slurm_pids+=($!)
  local deadline=$((SECONDS + 60))
  until sinfo -h -o %t 2>/dev/null | grep -qx idle; do
    if (( SECONDS > deadline )); then
      echo "FAIL: the test's Slurm cluster did not come up; its logs:" >&2
      tail -n 20 "$dir"/*.log "$dir"/*.out >&2 || true
      return 1
    fi
    sleep 0.1
  done
}

# Waits until squeue holds none of our jobs, polling every 0.3 s (sbatch
# --wait notices late; each poll costs squeue and slurmctld CPU that the
# other tests share); fails after $1 seconds.
wait_for_empty_queue() {
  local deadline=$((SECONDS + $1))
  while [[ -n "$(squeue -h -o %i 2>/dev/null)" ]]; do
    if (( SECONDS > deadline )); then
      echo "FAIL: jobs still queued after $1 s:" >&2
      squeue -o '%i %T %r' >&2
      tail -n 30 "$slurm_dir"/*.log "$slurm_dir"/*.out >&2 || true
      return 1
    fi
    sleep 0.3
  done
}

# The shared start of the Slurm tests, after e2e_common.sh: absolute paths
# (the array tasks run elsewhere), one thread per task as tools/env.sh sets,
# a cluster in $work/cluster, $work as the folder submit is called from, and
# expect DESCRIPTION ACTUAL WANTED, which sets fail=1 on a mismatch.
start_slurm_test() {
  ebmbench=$(realpath "$ebmbench")
  suite=$(realpath "$suite")
  export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
  start_slurm_cluster "$work/cluster"
  cd "$work"
  fail=0
}
expect() {
  if [[ "$2" != "$3" ]]; then echo "FAIL: $1: '$2', wanted '$3'"; fail=1; else echo "ok: $1 ($2)"; fi
}
