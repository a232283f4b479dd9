// Whole files in and out. Reading throws std::runtime_error naming the
// path. Writing checks every byte: a full disk or a missing folder throws
// std::runtime_error naming the path, and no partial file is left behind.
// (LibTorch's own file writer finishes its zip in a destructor, which ends
// the process when it fails; checkpoints and sample files are therefore
// encoded in memory and written here.)
#ifndef EBMBENCH_CORE_WHOLE_FILE_H_
#define EBMBENCH_CORE_WHOLE_FILE_H_

#include <string>

namespace ebm {

std::string ReadFileOrThrow(const std::string& path);
void WriteBytesChecked(const std::string& path, const std::string& data);

// WriteBytesChecked to a temporary file beside `path`, then renamed into
// place: `path` is either the old file or the whole new one (the commands'
// pages, tables and records). Throws std::runtime_error naming `path` (a
// full disk, a folder in the way, no permission).
void WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace ebm

#endif  // EBMBENCH_CORE_WHOLE_FILE_H_
