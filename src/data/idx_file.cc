#include "src/data/idx_file.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace ebm {
namespace {

constexpr uint8_t kUnsignedByte = 0x08;
// More than any real IDX file has; guards against reading garbage as a
// header and allocating for it.
constexpr int kMaxDims = 8;
constexpr int64_t kMaxValues = int64_t{1} << 34;

struct GzCloser {
  void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

std::runtime_error IdxError(const std::string& path, const std::string& what) {
  return std::runtime_error("IDX file " + path + ": " + what);
}

// Reads up to `count` bytes; returns how many came (fewer only at the end).
int64_t ReadSome(gzFile file, uint8_t* out, int64_t count,
                 const std::string& path) {
  int64_t done = 0;
  while (done < count) {
    const unsigned chunk =
        static_cast<unsigned>(std::min<int64_t>(count - done, 1 << 30));
    const int got = gzread(file, out + done, chunk);
    if (got < 0) {
      int code = 0;
      const char* message = gzerror(file, &code);
      throw IdxError(path, std::string("read error (") + message +
                               "): a damaged or truncated gzip stream?");
    }
    if (got == 0) break;
    done += got;
  }
  return done;
}

}  // namespace

IdxArray ReadIdxFile(const std::string& path) {
  // A FIFO or a device would block or never end: only regular files.
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (!error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw IdxError(path, "not a regular file");
  GzHandle file(gzopen(path.c_str(), "rb"));
  if (!file) throw IdxError(path, "cannot open (missing or unreadable)");

  uint8_t magic[4];
  if (ReadSome(file.get(), magic, 4, path) != 4)
    throw IdxError(path, "shorter than the 4-byte magic number");
  if (magic[0] != 0 || magic[1] != 0)
    throw IdxError(path, "bad magic number (not an IDX file)");
  if (magic[2] != kUnsignedByte) {
    char code[8];
    std::snprintf(code, sizeof(code), "0x%02X", magic[2]);
    throw IdxError(path, std::string("element type ") + code +
                             " is not unsigned byte (0x08)");
  }
  const int ndims = magic[3];
  if (ndims < 1 || ndims > kMaxDims)
    throw IdxError(path, "implausible number of dimensions " +
                             std::to_string(ndims));

  IdxArray array;
  int64_t count = 1;
  for (int d = 0; d < ndims; ++d) {
    uint8_t b[4];
    if (ReadSome(file.get(), b, 4, path) != 4)
      throw IdxError(path, "truncated header (dimension " + std::to_string(d) +
                               " missing)");
    const int64_t size = (int64_t{b[0]} << 24) | (int64_t{b[1]} << 16) |
                         (int64_t{b[2]} << 8) | int64_t{b[3]};
    if (size == 0) throw IdxError(path, "dimension " + std::to_string(d) + " is 0");
    array.dims.push_back(size);
    // Checked before multiplying: the product of 32-bit sizes overflows.
    if (size > kMaxValues / count) throw IdxError(path, "implausibly large dimensions");
    count *= size;
  }

  // Grown as the bytes arrive, so a header that promises more than the
  // file holds costs at most one chunk, not the promised size.
  constexpr int64_t kChunk = int64_t{1} << 26;
  int64_t got = 0;
  while (got < count) {
    const int64_t want = std::min(count - got, kChunk);
    array.values.resize(got + want);
    const int64_t came = ReadSome(file.get(), array.values.data() + got, want, path);
    got += came;
    if (came < want)
      throw IdxError(path, "truncated: the header promises " + std::to_string(count) +
                               " values, the file holds " + std::to_string(got));
  }
  uint8_t extra;
  if (ReadSome(file.get(), &extra, 1, path) != 0)
    throw IdxError(path, "longer than its header says (" +
                             std::to_string(count) + " values): trailing bytes");
  return array;
}

void WriteIdxFile(const std::string& path, const IdxArray& array, bool gzip) {
  std::vector<uint8_t> bytes = {0, 0, kUnsignedByte,
                                static_cast<uint8_t>(array.dims.size())};
  for (int64_t size : array.dims)
    for (int shift = 24; shift >= 0; shift -= 8)
      bytes.push_back(static_cast<uint8_t>((size >> shift) & 0xff));
  bytes.insert(bytes.end(), array.values.begin(), array.values.end());

  // "wbT" writes without compression through the same interface.
  GzHandle file(gzopen(path.c_str(), gzip ? "wb9" : "wbT"));
  if (!file) throw IdxError(path, "cannot create");
  if (gzwrite(file.get(), bytes.data(), static_cast<unsigned>(bytes.size())) !=
      static_cast<int>(bytes.size()))
    throw IdxError(path, "write failed");
}

}  // namespace ebm
