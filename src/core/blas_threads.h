// OpenBLAS's thread count, changed for a scope. OpenBLAS is reached by its
// exported functions (dlsym): LibTorch links the BLAS that Debian's
// alternatives select, and with another BLAS the scope does nothing.
#ifndef EBMBENCH_CORE_BLAS_THREADS_H_
#define EBMBENCH_CORE_BLAS_THREADS_H_

namespace ebm {

// Sets OpenBLAS's thread count to `threads` for the object's lifetime and
// restores the previous count after. The count is process-wide: hold one
// only while no other thread of the process calls BLAS with its own idea
// of the count.
class ScopedBlasThreads {
 public:
  explicit ScopedBlasThreads(int threads);
  ~ScopedBlasThreads();
  ScopedBlasThreads(const ScopedBlasThreads&) = delete;
  ScopedBlasThreads& operator=(const ScopedBlasThreads&) = delete;

  // Whether the loaded BLAS is OpenBLAS (the count was changed).
  bool active() const { return previous_ > 0; }

 private:
  int previous_ = 0;
};

}  // namespace ebm

#endif  // EBMBENCH_CORE_BLAS_THREADS_H_
