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

ParamRange ParamRange::AtMost(double bound) const {
  ParamRange range = *this;
  range.max = bound;
  range.max_open = false;
  return range;
}

ParamRange ParamRange::Below(double bound) const {
  ParamRange range = AtMost(bound);
  range.max_open = true;
  return range;
}

bool ParamRange::Contains(double value) const {
  if (std::isnan(value)) return false;
  const bool above_min = min_open ? value > min : value >= min;
  const bool below_max = max_open ? value < max : value <= max;
  return above_min && below_max;
}

bool ParamRange::Unbounded() const {
  return std::isinf(min) && min < 0 && std::isinf(max) && max > 0;
}

std::string ParamRange::Text() const {
  std::string text;
  if (!std::isinf(min))
    text = (min_open ? "greater than " : "at least ") + FormatParamValue(min);
  if (!std::isinf(max)) {
    if (!text.empty()) text += " and ";
    text += (max_open ? "less than " : "at most ") + FormatParamValue(max);
  }
  return text;
}

ParamRange AtLeast(double bound) {
  ParamRange range;
  range.min = bound;
  return range;
}

ParamRange Above(double bound) {
  ParamRange range = AtLeast(bound);
  range.min_open = true;
  return range;
}

ParamRange Between(double min, double max) { return AtLeast(min).AtMost(max); }

std::optional<std::string> ParamValueError(const ParamSpec& spec,
                                           const ParamValue& value) {
  if (const std::string* s = std::get_if<std::string>(&value)) {
    if (spec.choices.empty() ||
        std::find(spec.choices.begin(), spec.choices.end(), *s) != spec.choices.end())
      return std::nullopt;
    std::string choices;
    for (const std::string& c : spec.choices) choices += (choices.empty() ? "" : ", ") + c;
    return "'" + *s + "' is not one of: " + choices;
  }
  double number;
  if (const int64_t* i = std::get_if<int64_t>(&value)) {
    number = static_cast<double>(*i);
  } else if (const double* d = std::get_if<double>(&value)) {
    number = *d;
  } else {
    return std::nullopt;
  }
  if (spec.range.Contains(number)) return std::nullopt;
  return FormatParamValue(value) + " is out of range: must be " + spec.range.Text();
}

std::string AllowedValuesText(const ParamSpec& spec) {
  if (!spec.choices.empty()) {
    std::string out = "[";
    for (size_t i = 0; i < spec.choices.size(); ++i)
      out += (i ? ", " : "") + spec.choices[i];
    return out + "]";
  }
  if ((spec.type == ParamType::kInt || spec.type == ParamType::kDouble) &&
      !spec.range.Unbounded())
    return "(" + spec.range.Text() + ")";
  return "";
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
