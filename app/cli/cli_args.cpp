#include "app/cli/cli_args.h"

#include "core/common/error.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace emote::cli {

Args::Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs)
{
    auto find = [&](const std::string& n, char s) -> const OptionSpec* {
        for (const auto& o : specs)
            if ((!n.empty() && o.name == n) || (s && o.short_name == s))
                return &o;
        return nullptr;
    };
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "--") {
            m_positional.insert(m_positional.end(), argv.begin() + std::ptrdiff_t(i) + 1, argv.end());
            break;
        }
        const OptionSpec* spec = nullptr;
        std::optional<std::string> inline_value;
        if (a.rfind("--", 0) == 0) {
            std::string name = a.substr(2);
            if (const auto eq = name.find('='); eq != std::string::npos) {
                inline_value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            spec = find(name, 0);
            if (!spec)
                throwUsage("unknown option '--" + name + "'. See 'emote help'.");
        } else if (a.size() == 2 && a[0] == '-' && a[1] != '-') {
            spec = find("", a[1]);
            if (!spec)
                throwUsage("unknown option '" + a + "'. See 'emote help'.");
        } else {
            m_positional.push_back(a);
            continue;
        }
        if (spec->takes_value) {
            if (inline_value) {
                m_values[spec->name] = *inline_value;
            } else {
                if (i + 1 >= argv.size())
                    throwUsage("option '--" + spec->name + "' needs a value.");
                m_values[spec->name] = argv[++i];
            }
        } else {
            if (inline_value)
                throwUsage("option '--" + spec->name + "' takes no value.");
            m_values[spec->name] = "1";
        }
    }
}

std::optional<std::string> Args::get(const std::string& name) const
{
    const auto it = m_values.find(name);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

std::string Args::get(const std::string& name, const std::string& fallback) const
{
    return get(name).value_or(fallback);
}

int Args::getInt(const std::string& name, int fallback) const
{
    const auto v = get(name);
    if (!v)
        return fallback;
    int out = 0;
    const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc() || p != v->data() + v->size())
        throwUsage("option '--" + name + "' needs a whole number, got '" + *v + "'.");
    return out;
}

double Args::getDouble(const std::string& name, double fallback) const
{
    const auto v = get(name);
    if (!v)
        return fallback;
    char* end = nullptr;
    const double out = std::strtod(v->c_str(), &end);
    if (v->empty() || end != v->c_str() + v->size())
        throwUsage("option '--" + name + "' needs a number, got '" + *v + "'.");
    return out;
}

std::string jsonString(const std::string& s)
{
    std::string o = "\"";
    for (const unsigned char c : s) {
        if (c == '"' || c == '\\') {
            o += '\\';
            o += char(c);
        } else if (c < 0x20) {
            char b[8];
            std::snprintf(b, sizeof b, "\\u%04x", c);
            o += b;
        } else {
            o += char(c);
        }
    }
    return o + "\"";
}

std::string num(double v, int decimals)
{
    if (!std::isfinite(v))
        return "null";
    char b[48];
    std::snprintf(b, sizeof b, "%.*f", decimals, v);
    return b;
}

} // namespace emote::cli
