#include "app/cli/label_language.h"

#include "core/common/error.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace emote::cli {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// "de_DE.UTF-8@euro" → "de"
std::string languagePart(const std::string& locale) { return lower(locale.substr(0, locale.find_first_of("_.@"))); }

std::string env(const char* name)
{
    const char* v = std::getenv(name);
    return v ? v : "";
}

} // namespace

LocaleEnvironment environmentLocale()
{
    return {env("LANGUAGE"), env("LC_ALL"), env("LC_MESSAGES"), env("LANG")};
}

std::optional<LabelLanguage> labelLanguageFromName(const std::string& name)
{
    const std::string n = lower(name);
    if (n == "en" || n == "english")
        return LabelLanguage::English;
    if (n == "de" || n == "german" || n == "deutsch")
        return LabelLanguage::German;
    return std::nullopt;
}

LabelLanguage labelLanguageOf(const LocaleEnvironment& e)
{
    // The locale of messages, as setlocale() picks it: LC_ALL over LC_MESSAGES over LANG.
    const std::string& locale = !e.lc_all.empty() ? e.lc_all : !e.lc_messages.empty() ? e.lc_messages : e.lang;
    const std::string language = languagePart(locale);
    if (language.empty() || language == "c" || language == "posix")
        return LabelLanguage::English; // gettext ignores LANGUAGE in the C locale
    if (!e.language.empty()) {
        // The first of the user's languages that the label has words for; none of them: English, as gettext
        // falls back to the untranslated text.
        std::size_t at = 0;
        while (at <= e.language.size()) {
            const std::size_t end = std::min(e.language.find(':', at), e.language.size());
            if (const auto l = labelLanguageFromName(languagePart(e.language.substr(at, end - at))))
                return *l;
            at = end + 1;
        }
        return LabelLanguage::English;
    }
    return labelLanguageFromName(language).value_or(LabelLanguage::English);
}

LabelLanguage labelLanguage(const std::optional<std::string>& option, const LocaleEnvironment& env)
{
    if (!option)
        return labelLanguageOf(env);
    if (const auto l = labelLanguageFromName(*option))
        return *l;
    // "option '--" as the other options' messages say it: `emote batch` words it as a JOBS line's field.
    throwUsage("option '--label-language' needs a language the label can be written in: en (\"" +
               labelText(LabelLanguage::English) + "\") or de (\"" + labelText(LabelLanguage::German) + "\"), got '" +
               *option + "'.");
}

std::string labelText(LabelLanguage language)
{
    return language == LabelLanguage::German ? "KI-generiert" : "AI-generated";
}

const char* labelLanguageCode(LabelLanguage language) { return language == LabelLanguage::German ? "de" : "en"; }

} // namespace emote::cli
