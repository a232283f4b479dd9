// Content hashes: XXH3-128 (libxxhash) as 32 hex digits. Used to identify
// resolved run configurations and to fingerprint artifacts and suite files.
// Not a cryptographic hash: it guards against accidents, not adversaries.
#ifndef EBMBENCH_CORE_HASH_H_
#define EBMBENCH_CORE_HASH_H_

#include <cstdint>
#include <string>

namespace ebm {

std::string HashHex(const std::string& bytes);

// Hash of a file's contents; throws std::runtime_error naming the file when
// it cannot be read.
std::string HashFileHex(const std::string& path);

// SplitMix64: turns a seed and a stream tag into a well-mixed 64-bit seed.
uint64_t MixSeed(uint64_t seed, uint64_t tag);

}  // namespace ebm

#endif  // EBMBENCH_CORE_HASH_H_
