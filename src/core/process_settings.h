// Process-wide settings that change speed and are recorded with every run:
// LibTorch's intra-op threads and the allocator's large-block policy.
//
// glibc serves blocks above its mmap threshold (128 KiB at start) with a
// fresh mmap and returns them on free, so a training step that allocates a
// few MiB-sized activations pays page faults for them on every step. glibc
// raises the threshold by itself only after certain frees; whether that
// happens depended on the order of work, and made the same exact-ML step
// take 15 ms in one process and 30 ms in another. Fixing the thresholds
// makes step times stable and comparable.
#ifndef EBMBENCH_CORE_PROCESS_SETTINGS_H_
#define EBMBENCH_CORE_PROCESS_SETTINGS_H_

#include <string>

namespace ebm {

// Sets LibTorch's intra-op threads and glibc's mmap (32 MiB, its maximum)
// and trim (256 MiB) thresholds. Call once at start-up, before torch work.
void ConfigureProcess(int torch_threads);

// "malloc_mmap_threshold=... malloc_trim_threshold=..." when
// ConfigureProcess ran, else "".
std::string AllocatorSettings();

// SGLD chains are independent rows. With n > 1, RunSgld
// (src/methods/sgld.h) runs a CPU batch as n groups of rows on n threads,
// each calling OpenBLAS single-threaded, instead of one group whose
// products OpenBLAS splits over its threads while the elementwise work
// runs on one core. OpenBLAS's rounding depends on the rows per product
// and its thread count, so chains end within float32 roundings of the
// unsplit ones, not bit for bit. Default 1 (off).
void SetSgldThreads(int n);
int SgldThreads();

// "sgld_threads=n" when n > 1, else "" (recorded in thread_env).
std::string SgldThreadSettings();

}  // namespace ebm

#endif  // EBMBENCH_CORE_PROCESS_SETTINGS_H_
