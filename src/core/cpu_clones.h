// Hot loops compiled more than once, for the instruction sets of newer
// x86-64 CPUs, with the copy chosen by what the running CPU supports.
//
// EBM_CPU_CLONES: GCC's target_clones for AVX2 and the baseline x86-64
// (SSE2), picked when the program loads (glibc's ifunc). For memory-bound
// loops (Adam): wider registers are all they gain. The clone is chosen by
// CPU feature ("avx2"), not by CPU model: GCC 12's "arch=haswell" and
// "arch=x86-64-v3" clones are taken only on a CPU that *is* that model
// (__builtin_cpu_is), so every later Intel and every AMD CPU would silently
// run the baseline clone. The build does not contract a * b + c into FMA
// (ISO C++ mode), so both clones compute the same bits.
//
// EBM_TARGET_X86_64_V3 / _V4 with DetectedCpuLevel(): for arithmetic-bound
// loops (softplus's polynomials), which gain most from FMA (v3: AVX2 + FMA)
// and from 16-lane AVX-512 (v4). The caller compiles its loop once per level
// and dispatches on DetectedCpuLevel(). Fused multiply-adds round once where
// a * b + c rounds twice, so the baseline copy and the FMA copies differ by
// roundings (as OpenBLAS's per-CPU GEMM kernels do); v3 and v4 run the same
// operations and give the same bits.
#ifndef EBMBENCH_CORE_CPU_CLONES_H_
#define EBMBENCH_CORE_CPU_CLONES_H_

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define EBM_CPU_CLONES __attribute__((target_clones("avx2", "default")))
#define EBM_TARGET_X86_64_V3 __attribute__((target("arch=x86-64-v3")))
#define EBM_TARGET_X86_64_V4 __attribute__((target("arch=x86-64-v4")))
#define EBM_HAS_CPU_LEVELS 1
#else
#define EBM_CPU_CLONES
#define EBM_TARGET_X86_64_V3
#define EBM_TARGET_X86_64_V4
#define EBM_HAS_CPU_LEVELS 0
#endif

namespace ebm {

// x86-64 microarchitecture levels: baseline (SSE2), v3 (AVX2, FMA, BMI2),
// v4 (AVX-512 F/BW/CD/DQ/VL).
enum class CpuLevel { kBaseline = 0, kX86_64_V3 = 3, kX86_64_V4 = 4 };

// The highest level the running CPU supports (kBaseline off x86-64).
inline CpuLevel DetectedCpuLevel() {
#if EBM_HAS_CPU_LEVELS
  if (__builtin_cpu_supports("x86-64-v4")) return CpuLevel::kX86_64_V4;
  if (__builtin_cpu_supports("x86-64-v3")) return CpuLevel::kX86_64_V3;
#endif
  return CpuLevel::kBaseline;
}

}  // namespace ebm

#endif  // EBMBENCH_CORE_CPU_CLONES_H_
