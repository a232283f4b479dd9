// Typed parameters of tasks, methods and runs.
//
// Every task and method declares its parameters as data (ParamSpec: name,
// type, default, help). A suite file sets some of them; the rest take their
// defaults, so a run's resolved configuration is always complete and two
// runs with the same settings have the same canonical text and hash.
#ifndef EBMBENCH_CORE_PARAMS_H_
#define EBMBENCH_CORE_PARAMS_H_

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ebm {

enum class ParamType { kBool, kInt, kDouble, kString };

const char* ParamTypeName(ParamType type);

using ParamValue = std::variant<bool, int64_t, double, std::string>;

// Canonical text of a value: integers exactly, doubles as the shortest
// text that reads back to the same double, strings as written, booleans as
// true/false.
std::string FormatParamValue(const ParamValue& value);

// Parses `text` as a value of `type`. Doubles accept integers and
// scientific notation; booleans accept true/false/yes/no/on/off/1/0.
// Returns nullopt when the text is not of that type.
std::optional<ParamValue> ParseParamValue(const std::string& text,
                                          ParamType type);

// The interval an integer or number parameter may take: unbounded unless
// narrowed, each end included unless marked open. Written as a chain:
// AtLeast(1), Above(0), Between(0, 1), AtLeast(0).Below(1),
// AtLeast(2).AtMost(2048).
struct ParamRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;

  ParamRange AtMost(double bound) const;
  ParamRange Below(double bound) const;
  bool Contains(double value) const;
  bool Unbounded() const;
  // "at least 1", "greater than 0 and at most 0.1", ...
  std::string Text() const;
};

ParamRange AtLeast(double bound);
ParamRange Above(double bound);
ParamRange Between(double min, double max);  // both ends included

struct ParamSpec {
  std::string name;
  ParamType type;
  ParamValue default_value;
  std::string help;
  // Allowed values for string parameters; empty means any.
  std::vector<std::string> choices;
  // Allowed values for integer and number parameters.
  ParamRange range;
};

// Why `value` is not allowed by `spec` (not one of its choices, outside its
// range), or nullopt when it is. The value must already have spec's type.
std::optional<std::string> ParamValueError(const ParamSpec& spec,
                                           const ParamValue& value);

// "[a, b, c]" for string choices, "(at least 1)" for ranges, "" otherwise:
// what `describe` prints after a parameter's help.
std::string AllowedValuesText(const ParamSpec& spec);

// A complete set of named values, ordered by name.
class Params {
 public:
  Params() = default;
  // All declared parameters at their defaults.
  static Params Defaults(const std::vector<ParamSpec>& specs);

  void Set(const std::string& name, ParamValue value);
  bool Has(const std::string& name) const;

  // Typed getters; each throws std::out_of_range naming the parameter when
  // it is absent or of another type (a programming error, not a user one).
  bool GetBool(const std::string& name) const;
  int64_t GetInt(const std::string& name) const;
  double GetDouble(const std::string& name) const;  // ints widen
  const std::string& GetString(const std::string& name) const;

  const std::map<std::string, ParamValue>& values() const { return values_; }

 private:
  const ParamValue& Get(const std::string& name) const;
  std::map<std::string, ParamValue> values_;
};

// Finds the spec named `name`, or nullptr.
const ParamSpec* FindParamSpec(const std::vector<ParamSpec>& specs,
                               const std::string& name);

}  // namespace ebm

#endif  // EBMBENCH_CORE_PARAMS_H_
