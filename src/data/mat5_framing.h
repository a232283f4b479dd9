// A check of a MAT-file's framing before matio reads it.
//
// matio trusts the sizes a file declares: a corrupt or truncated download
// whose header claims a 4 GB dimensions array makes it allocate 4 GB
// (tools/fuzz.sh found such 400-byte files). This walks the file's data
// elements (MAT 5 format: a 128-byte header, then tagged elements, each
// miMATRIX plain or inside an miCOMPRESSED zlib stream) and checks every
// declared size against what the file can hold before anything is read:
// an element no longer than the bytes left, a dimensions array of at most
// 32 entries inside its matrix, a compressed matrix no larger than deflate
// can expand its bytes to (1032:1). Only the headers of compressed
// elements are inflated. MAT v7.3 (HDF5) and v4 files are refused: SVHN
// publishes MAT 5. No torch here.
#ifndef EBMBENCH_DATA_MAT5_FRAMING_H_
#define EBMBENCH_DATA_MAT5_FRAMING_H_

#include <string>

namespace ebm {

// Throws std::runtime_error naming `path`, the element's offset and what it
// claims when the framing is not sound.
void CheckMat5Framing(const std::string& path);

}  // namespace ebm

#endif  // EBMBENCH_DATA_MAT5_FRAMING_H_
