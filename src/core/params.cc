#include "src/core/params.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace ebm {

const char* ParamTypeName(ParamType type) {
  switch (type) {
    case ParamType::kBool: return "bool";
    case ParamType::kInt: return "integer";
    case ParamType::kDouble: return "number";
    case ParamType::kString: return "string";
  }
  return "?";
}

std::string FormatParamValue(const ParamValue& value) {
  if (const bool* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const int64_t* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const double* d = std::get_if<double>(&value)) {
    // The shortest text that reads back as the same double: canonical,
    // and 0.003 stays "0.003" rather than 0.0030000000000000001.
    char buffer[64];
    for (int precision = 1; precision <= 17; ++precision) {
      std::snprintf(buffer, sizeof(buffer), "%.*g", precision, *d);
      if (std::strtod(buffer, nullptr) == *d) break;
    }
    return buffer;
  }
  return std::get<std::string>(value);
}

std::optional<ParamValue> ParseParamValue(const std::string& text,
                                          ParamType type) {
  switch (type) {
    case ParamType::kString:
      return ParamValue(text);
    case ParamType::kBool: {
      std::string lower = text;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      if (lower == "true" || lower == "yes" || lower == "on" || lower == "1")
        return ParamValue(true);
      if (lower == "false" || lower == "no" || lower == "off" || lower == "0")
        return ParamValue(false);
      return std::nullopt;
    }
    case ParamType::kInt: {
      if (text.empty()) return std::nullopt;
      char* end = nullptr;
      errno = 0;
      long long v = std::strtoll(text.c_str(), &end, 10);
      if (errno != 0 || *end != '\0') return std::nullopt;
      return ParamValue(static_cast<int64_t>(v));
    }
    case ParamType::kDouble: {
      if (text.empty()) return std::nullopt;
      char* end = nullptr;
      errno = 0;
      double v = std::strtod(text.c_str(), &end);
      if (errno != 0 || *end != '\0' || !std::isfinite(v)) return std::nullopt;
      return ParamValue(v);
    }
  }
  return std::nullopt;
}

Params Params::Defaults(const std::vector<ParamSpec>& specs) {
  Params params;
  for (const ParamSpec& spec : specs) params.Set(spec.name, spec.default_value);
  return params;
}

void Params::Set(const std::string& name, ParamValue value) {
  values_[name] = std::move(value);
}

bool Params::Has(const std::string& name) const {
  return values_.count(name) > 0;
}

const ParamValue& Params::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end())
    throw std::out_of_range("parameter '" + name + "' is not set");
  return it->second;
}

bool Params::GetBool(const std::string& name) const {
  const ParamValue& v = Get(name);
  if (!std::holds_alternative<bool>(v))
    throw std::out_of_range("parameter '" + name + "' is not a bool");
  return std::get<bool>(v);
}

int64_t Params::GetInt(const std::string& name) const {
  const ParamValue& v = Get(name);
  if (!std::holds_alternative<int64_t>(v))
    throw std::out_of_range("parameter '" + name + "' is not an integer");
  return std::get<int64_t>(v);
}

double Params::GetDouble(const std::string& name) const {
  const ParamValue& v = Get(name);
  if (const double* d = std::get_if<double>(&v)) return *d;
  if (const int64_t* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  throw std::out_of_range("parameter '" + name + "' is not a number");
}

const std::string& Params::GetString(const std::string& name) const {
  const ParamValue& v = Get(name);
  if (!std::holds_alternative<std::string>(v))
    throw std::out_of_range("parameter '" + name + "' is not a string");
  return std::get<std::string>(v);
}

const ParamSpec* FindParamSpec(const std::vector<ParamSpec>& specs,
                               const std::string& name) {
  for (const ParamSpec& spec : specs)
    if (spec.name == name) return &spec;
  return nullptr;
}

}  // namespace ebm
