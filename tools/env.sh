# Thread settings for ebmbench on small machines, sourced by the tools.
# OpenMP and OpenBLAS threads compete for 2 cores and made a 784-1000-1000
# MLP step 3-4x slower; one thread each is the measured best there. Each
# run records these settings. Override by exporting them before.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
