// The options that describe a video, shared by `emote generate`, `emote project new` and `emote batch` (same
// names, same checks, same messages).
//
//   const cli::Args args(argv, cli::withSettingsOptions({{"portrait", 'p'}}));
//   GenerationSettings s;              // defaults, or a project's settings
//   cli::applySettingsFlags(args, s);  // --fps, --engine, ... replace the matching fields
#pragma once

#include "app/cli/cli_args.h"
#include "core/common/progress.h"
#include "core/engine/settings.h"
#include "core/jobs/job.h"

#include <filesystem>
#include <vector>

namespace emote::cli {

// --engine, --fps, --size, --aspect, ... (every option of `emote help`'s "generate options" that shapes the
// video; not the inputs, the output or how progress shows).
extern const std::vector<OptionSpec> kSettingsOptions;

// SPECS followed by kSettingsOptions.
std::vector<OptionSpec> withSettingsOptions(std::vector<OptionSpec> specs);

// Options given in ARGS replace the matching fields of S; the others keep their values (defaults, or a project's
// settings). Throws emote::Error(Usage) for a value that is not one (an unknown engine, a face number below 1).
void applySettingsFlags(const Args& args, GenerationSettings& s);

// `--aspect source` without `--size`: the photo's own pixel size (its height, even, at most 4096 — as the app's
// first size for the photo's own shape), not the default 512. An unreadable photo is left to the job to report.
void sourceSizeUnlessGiven(const Args& args, const std::filesystem::path& portrait, GenerationSettings& s);

// The request that `generate`'s options describe: --project (its warnings to PROJECT_WARNING), --portrait,
// --audio, --output, the settings options, --overwrite, --manifest. ARGS are parsed with withSettingsOptions
// and those. Throws emote::Error(Usage) for a missing input or output, (Input) for a bad project.
GenerationRequest requestFromArgs(const Args& args, const WarningFn& project_warning);

} // namespace emote::cli
