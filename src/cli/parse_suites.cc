// Reading suite files for the commands: every error printed with its line
// and key.
#include <iostream>

#include "src/cli/commands.h"

namespace ebm {

bool ParseSuites(const std::vector<std::string>& suite_paths,
                 const ParamCatalog& catalog, std::vector<Suite>* suites) {
  bool ok = true;
  for (const std::string& path : suite_paths) {
    SuiteParseResult parsed = ParseSuiteFile(path, catalog);
    for (const std::string& error : parsed.errors) std::cerr << error << "\n";
    ok = ok && parsed.ok();
    suites->push_back(parsed.suite);
  }
  if (!ok) {
    std::cerr << "ebmbench: the suite file has errors; nothing was run "
                 "(`ebmbench describe` lists every task, method and parameter)\n";
  }
  return ok;
}

}  // namespace ebm
