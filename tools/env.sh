# Thread settings for ebmbench, sourced by the tools; each run records them.
# Measured on 2 cores (benchmarks/method_step_benchmark, smoke suite):
# LibTorch's own OpenMP threads gain nothing for these BLAS-bound models, so
# `ebmbench --threads` defaults to 1 and OMP_NUM_THREADS follows; OpenBLAS on
# every core is 1.3x faster than one OpenBLAS thread (smoke suite 32 s vs
# 43 s). Override by exporting them before.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# (nproc would honour OMP_NUM_THREADS=1 set above: ask getconf.)
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-$(getconf _NPROCESSORS_ONLN)}"
