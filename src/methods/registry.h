// The methods ebmbench knows. Adding a method: one file pair with a
// MakeXxxMethodInfo() function and one line in RegisterAllMethods.
#ifndef EBMBENCH_METHODS_REGISTRY_H_
#define EBMBENCH_METHODS_REGISTRY_H_

#include <map>
#include <string>

#include "src/methods/method.h"

namespace ebm {

class MethodRegistry {
 public:
  void Add(MethodInfo info);
  // nullptr when unknown.
  const MethodInfo* Find(const std::string& name) const;
  const std::map<std::string, MethodInfo>& all() const { return methods_; }

 private:
  std::map<std::string, MethodInfo> methods_;
};

void RegisterAllMethods(MethodRegistry& registry);

}  // namespace ebm

#endif  // EBMBENCH_METHODS_REGISTRY_H_
