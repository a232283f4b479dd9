#include "src/data/mat5_framing.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace ebm {
namespace {

constexpr uint32_t kMiInt32 = 5, kMiUint32 = 6, kMiMatrix = 14, kMiCompressed = 15;
constexpr uint64_t kHeaderBytes = 128;
constexpr uint32_t kMaxRank = 32;
// How much of a matrix's contents is read to check its header (flags, up to
// 32 dimensions, the name's tag), and how much of a compressed element's
// stream is inflated from.
constexpr uint64_t kHeadBytes = 512;
constexpr uint64_t kCompressedHeadBytes = 64 * 1024;
constexpr uint64_t kMaxDeflateExpansion = 1032;
// mxDOUBLE_CLASS .. mxUINT64_CLASS.
constexpr uint32_t kFirstNumericClass = 6, kLastNumericClass = 15;

class Framing {
 public:
  Framing(std::string path, bool swap) : path_(std::move(path)), swap_(swap) {}

  std::runtime_error Error(uint64_t offset, const std::string& what) const {
    return std::runtime_error("MAT file " + path_ + ": element at byte " +
                              std::to_string(offset) + " " + what +
                              " (truncated or corrupt; download it again)");
  }

  uint32_t Word(const uint8_t* p) const {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return swap_ ? __builtin_bswap32(v) : v;
  }

  // A tag at p (8 bytes available): type and byte count, and how many bytes
  // the tag itself takes (8, or 4 for MAT 5's small data elements, whose
  // count sits in the type word's upper half).
  struct Tag {
    uint32_t type;
    uint64_t bytes;
    uint64_t tag_bytes;
  };
  Tag ReadTag(const uint8_t* p) const {
    const uint32_t first = Word(p);
    if ((first >> 16) != 0) return {first & 0xffff, first >> 16, 4};
    return {first, Word(p + 4), 8};
  }

  // The start of an miMATRIX's contents (array flags, dimensions, name),
  // `available` bytes of it at `p`, the whole matrix declared `declared`
  // bytes long. Only numeric matrices are accepted: cells, structures,
  // objects and sparse arrays, whose nested elements matio would also
  // trust, have no place in an image file.
  void CheckMatrixHead(const uint8_t* p, uint64_t available, uint64_t declared,
                       uint64_t offset) const {
    if (declared == 0) return;  // an empty element (MATLAB writes them for [])
    if (available < 24) throw Error(offset, "is a matrix too short for its header");
    const Tag flags = ReadTag(p);
    if (flags.type != kMiUint32 || flags.bytes != 8)
      throw Error(offset, "is a matrix without its array flags");
    const uint32_t array_class = Word(p + 8) & 0xff;
    if (array_class < kFirstNumericClass || array_class > kLastNumericClass)
      throw Error(offset, "is a matrix of class " + std::to_string(array_class) +
                              ", not a numeric array");
    const Tag dims = ReadTag(p + 16);
    if (dims.tag_bytes != 8 || dims.type != kMiInt32 || dims.bytes % 4 != 0 ||
        dims.bytes / 4 > kMaxRank || 24 + dims.bytes > declared) {
      throw Error(offset, "claims a dimensions array of " + std::to_string(dims.bytes) +
                              " bytes in a matrix of " + std::to_string(declared) +
                              " (at most " + std::to_string(kMaxRank) + " dimensions)");
    }
    const uint64_t name_at = 24 + (dims.bytes + 7) / 8 * 8;
    if (name_at + 8 > available) return;  // the name lies past the inflated head
    const Tag name = ReadTag(p + name_at);
    if (name_at + name.tag_bytes + name.bytes > declared)
      throw Error(offset, "claims a name of " + std::to_string(name.bytes) +
                              " bytes past the end of its matrix");
  }

  // The first bytes of a compressed element's zlib stream, inflated.
  std::vector<uint8_t> InflateHead(const uint8_t* data, uint64_t bytes) const {
    std::vector<uint8_t> out(kHeadBytes);
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) throw std::runtime_error("zlib: inflateInit failed");
    stream.next_in = const_cast<Bytef*>(data);
    stream.avail_in = static_cast<uInt>(bytes);
    stream.next_out = out.data();
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = inflate(&stream, Z_SYNC_FLUSH);
    out.resize(out.size() - stream.avail_out);
    inflateEnd(&stream);
    if (status != Z_OK && status != Z_STREAM_END) out.clear();
    return out;
  }

  // Walks the elements after the header, reading only each one's tag and
  // the head of its contents: an SVHN file (182 MB; 1.3 GB for "extra") is
  // not read twice.
  void Check(std::ifstream& in, uint64_t file_size) const {
    uint64_t offset = kHeaderBytes;
    while (offset < file_size) {
      const uint64_t left = file_size - offset;
      if (left < 8) throw Error(offset, "is cut short (" + std::to_string(left) + " bytes)");
      uint8_t tag_bytes[8];
      Read(in, offset, tag_bytes, 8);
      const Tag tag = ReadTag(tag_bytes);
      const uint64_t body = offset + tag.tag_bytes;
      if (tag.tag_bytes == 4) {  // small data element: 4 bytes of data
        offset += 8;
        continue;
      }
      if (tag.bytes > file_size - body) {
        throw Error(offset, "claims " + std::to_string(tag.bytes) + " bytes, but only " +
                                std::to_string(file_size - body) + " follow");
      }
      if (tag.type == kMiMatrix) {
        std::vector<uint8_t> head(std::min<uint64_t>(tag.bytes, kHeadBytes));
        Read(in, body, head.data(), head.size());
        CheckMatrixHead(head.data(), head.size(), tag.bytes, offset);
      } else if (tag.type == kMiCompressed) {
        std::vector<uint8_t> compressed(std::min<uint64_t>(tag.bytes, kCompressedHeadBytes));
        Read(in, body, compressed.data(), compressed.size());
        const std::vector<uint8_t> head = InflateHead(compressed.data(), compressed.size());
        if (head.size() < 8) throw Error(offset, "is a compressed element zlib cannot open");
        const Tag inner = ReadTag(head.data());
        if (inner.tag_bytes != 8 || inner.type != kMiMatrix)
          throw Error(offset, "is a compressed element that does not hold a matrix");
        if (inner.bytes > kMaxDeflateExpansion * tag.bytes) {
          throw Error(offset, "claims a matrix of " + std::to_string(inner.bytes) +
                                  " bytes from " + std::to_string(tag.bytes) +
                                  " compressed bytes (deflate expands at most 1032:1)");
        }
        CheckMatrixHead(head.data() + 8, head.size() - 8, inner.bytes, offset);
      }
      // Elements are padded to 8 bytes, except compressed ones.
      offset = body + (tag.type == kMiCompressed ? tag.bytes : (tag.bytes + 7) / 8 * 8);
    }
  }

  void Read(std::ifstream& in, uint64_t offset, uint8_t* out, uint64_t bytes) const {
    in.clear();
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(bytes));
    if (!in) throw Error(offset, "cannot be read");
  }

 private:
  std::string path_;
  bool swap_;
};

}  // namespace

void CheckMat5Framing(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code error;
  const uint64_t file_size = std::filesystem::file_size(path, error);
  if (!in || error) throw std::runtime_error("MAT file " + path + ": missing or unreadable");
  if (file_size < kHeaderBytes)
    throw std::runtime_error("MAT file " + path + ": shorter than a MAT 5 header");
  uint8_t header[kHeaderBytes];
  in.read(reinterpret_cast<char*>(header), kHeaderBytes);
  if (!in) throw std::runtime_error("MAT file " + path + ": unreadable header");
  // Bytes 124-125: version 0x0100; 126-127: "IM" as written by a
  // little-endian machine, "MI" by a big-endian one.
  const bool little = header[126] == 'I' && header[127] == 'M';
  const bool big = header[126] == 'M' && header[127] == 'I';
  const uint16_t version = little ? static_cast<uint16_t>(header[124] | header[125] << 8)
                                  : static_cast<uint16_t>(header[124] << 8 | header[125]);
  if (!(little || big) || version != 0x0100) {
    throw std::runtime_error("MAT file " + path +
                             ": not a MAT 5 file (MAT v7.3/HDF5 and v4 are not read; "
                             "SVHN publishes MAT 5)");
  }
  Framing(path, big).Check(in, file_size);
}

}  // namespace ebm
