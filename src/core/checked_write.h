// Writing a whole file with every byte checked: a full disk or a missing
// folder throws std::runtime_error naming the path, and no partial file is
// left behind. (LibTorch's own file writer finishes its zip in a destructor,
// which ends the process when it fails; checkpoints and sample files are
// therefore encoded in memory and written here.)
#ifndef EBMBENCH_CORE_CHECKED_WRITE_H_
#define EBMBENCH_CORE_CHECKED_WRITE_H_

#include <string>

namespace ebm {

void WriteBytesChecked(const std::string& path, const std::string& data);

}  // namespace ebm

#endif  // EBMBENCH_CORE_CHECKED_WRITE_H_
