// GoogleTest's main for the tests that use LibTorch. The process gets the
// settings every `ebmbench run` has (src/core/process_settings.h: one
// LibTorch thread, glibc's mmap and trim thresholds), so the tests
// exercise the same allocator policy as the runs and do not pay a page
// fault for every reallocated multi-MiB tensor (a third of the estimator
// tests' time went to the kernel without it).
#include <gtest/gtest.h>

#include "src/core/process_settings.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  ebm::ConfigureProcess(1);
  return RUN_ALL_TESTS();
}
