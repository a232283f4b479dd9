# Thread settings for ebmbench, sourced by the tools; each run records them.
# Measured on 2 cores in one run of benchmarks/method_step_benchmark (which
# sets OpenBLAS's threads at run time): a 1024^2 sgemm is 1.9x faster on
# two OpenBLAS threads, but the toy methods' small matrix products are not
# (exact-ML step 16.1 vs 16.4 ms, PCD step 3.1 vs 3.7 ms with one vs two),
# and one thread each lets two suite processes share the two cores.
# LibTorch's own OpenMP threads (`ebmbench --threads`, default 1) gain
# nothing for these BLAS-bound models. Override by exporting before.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
