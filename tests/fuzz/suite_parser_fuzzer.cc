// libFuzzer harness: any bytes as a suite file. The parser must answer with
// errors or a suite, never crash, hang or leak (run under ASan/UBSan by
// tools/fuzz.sh). The catalog is a small fixed one, so the harness needs no
// torch.
#include <cstddef>
#include <cstdint>
#include <string>

#include "src/suite/suite_file.h"

namespace {

const ebm::ParamCatalog& Catalog() {
  static const ebm::ParamCatalog catalog = [] {
    ebm::ParamCatalog c;
    c.tasks["toy"] = {
        {"dataset", ebm::ParamType::kString, std::string("a"), "", {"a", "b"}},
        {"size", ebm::ParamType::kInt, int64_t{100}, "", {}, ebm::AtLeast(1)},
        {"flag", ebm::ParamType::kBool, false, ""},
    };
    c.methods["ml"] = {{"lr", ebm::ParamType::kDouble, 0.001, "", {}, ebm::Above(0).AtMost(1)},
                       {"steps", ebm::ParamType::kInt, int64_t{20}, ""},
                       {"name", ebm::ParamType::kString, std::string(""), ""}};
    return c;
  }();
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ebm::SuiteParseResult result = ebm::ParseSuiteText(text, "fuzz.yaml", Catalog());
  if (result.ok()) {
    for (const ebm::RunSpec& run : result.suite.runs) (void)run.ConfigHash();
  }
  return 0;
}
