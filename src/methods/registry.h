// The methods ebmbench knows. Adding a method: a file pair in this folder
// with a MakeXxxMethodInfo() function, its description in
// method_descriptions.cc (torch-free, for the commands that only read suite
// files), and one line in RegisterAllMethods and one in
// AllMethodDescriptions.
#ifndef EBMBENCH_METHODS_REGISTRY_H_
#define EBMBENCH_METHODS_REGISTRY_H_

#include "src/core/registry.h"
#include "src/methods/method.h"

namespace ebm {

class MethodRegistry : public Registry<MethodInfo> {
 public:
  void Add(MethodInfo info) {
    const std::string name = info.name;
    Registry<MethodInfo>::Add(name, std::move(info));
  }
};

void RegisterAllMethods(MethodRegistry& registry);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_REGISTRY_H_
