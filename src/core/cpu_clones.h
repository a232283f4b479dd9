// EBM_CPU_CLONES: compile a hot loop twice, for AVX2 and for the baseline
// x86-64 (SSE2), and pick the clone when the program loads (GCC's
// target_clones, through glibc's ifunc).
//
// The clone is chosen by CPU feature ("avx2"), not by CPU model: GCC's
// "arch=haswell" clone is taken only on a CPU that *is* a Haswell
// (__builtin_cpu_is), so every later Intel and every AMD CPU would silently
// run the baseline clone. The build does not contract a * b + c into FMA
// (ISO C++ mode), so both clones compute the same bits.
#ifndef EBMBENCH_CORE_CPU_CLONES_H_
#define EBMBENCH_CORE_CPU_CLONES_H_

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define EBM_CPU_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define EBM_CPU_CLONES
#endif

#endif  // EBMBENCH_CORE_CPU_CLONES_H_
