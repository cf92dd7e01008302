// The language of the visible label that `emote generate --label` burns into the video: "AI-generated" or
// "KI-generiert". The app words it in its interface's language; the command line follows --label-language, else
// the language the terminal speaks (gettext's rule: LANGUAGE's list, unless the locale is C; then LC_ALL,
// LC_MESSAGES, LANG), else English.
//
//   const cli::LabelLanguage lang = cli::labelLanguage(args.get("label-language"), cli::environmentLocale());
//   request.label_text = cli::labelText(lang);   // "KI-generiert" for German
#pragma once

#include <optional>
#include <string>

namespace emote::cli {

enum class LabelLanguage { English, German };

// What the environment says about the language of messages, as gettext reads it.
struct LocaleEnvironment {
    std::string language;    // LANGUAGE: a priority list such as "de:en" (ignored when the locale is C or POSIX)
    std::string lc_all;      // LC_ALL
    std::string lc_messages; // LC_MESSAGES
    std::string lang;        // LANG
};
// From this process's environment.
LocaleEnvironment environmentLocale();

// "en" or "de" (also "english"/"german"/"deutsch", any case); nullopt for anything else.
std::optional<LabelLanguage> labelLanguageFromName(const std::string& name);
// The label's language for a terminal in ENV: German when its first language the label can be written in is German.
LabelLanguage labelLanguageOf(const LocaleEnvironment& env);
// --label-language's value when given (throws emote::Error(Usage) for one the label cannot be written in), else ENV's.
LabelLanguage labelLanguage(const std::optional<std::string>& option, const LocaleEnvironment& env);

// The label's words (plain ASCII: the label's font has no other letters) and the language's code ("en", "de").
std::string labelText(LabelLanguage language);
const char* labelLanguageCode(LabelLanguage language);

} // namespace emote::cli
