// A small, strict command-line parser for `emote SUBCOMMAND [options] [positional]`.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace emote::cli {

struct OptionSpec {
    std::string name;   // long name without dashes, e.g. "portrait"
    char short_name = 0;
    bool takes_value = true;
};

class Args {
public:
    // Throws emote::Error(Usage) for unknown options or missing values.
    Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs);
    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::optional<std::string> get(const std::string& name) const;
    std::string get(const std::string& name, const std::string& fallback) const;
    int getInt(const std::string& name, int fallback) const;
    double getDouble(const std::string& name, double fallback) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    std::map<std::string, std::string> m_values;
    std::vector<std::string> m_positional;
};

// JSON output helpers for the commands' --json modes: a quoted, escaped string; a number with DECIMALS places
// (null when not finite).
std::string jsonString(const std::string& s);
std::string num(double v, int decimals = 3);

} // namespace emote::cli
