#include "src/core/blas_threads.h"

#include <dlfcn.h>

namespace ebm {
namespace {

using SetThreads = void (*)(int);
using GetThreads = int (*)();

SetThreads SetFunction() {
  return reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
}

GetThreads GetFunction() {
  return reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
}

}  // namespace

ScopedBlasThreads::ScopedBlasThreads(int threads) {
  SetThreads set = SetFunction();
  GetThreads get = GetFunction();
  if (set == nullptr || get == nullptr) return;
  previous_ = get();
  set(threads);
}

ScopedBlasThreads::~ScopedBlasThreads() {
  if (previous_ > 0) SetFunction()(previous_);
}

}  // namespace ebm
