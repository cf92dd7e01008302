// Core's messages are written for the command line and name its flags ("…, or --engine still", "pass
// --overwrite"). The app shows them in its own words and its user's language: an error or warning with a code
// (core/common/message.h) is worded here from the code and its parameters, with the app's controls in place of
// flags; one without a code keeps core's English sentence, each known hint replaced and no flag ever shown.
//
//   catch (const std::exception& e) { showError(tr("Generation failed"), emote::ui::inAppWords(e)); }
#pragma once

#include "core/common/message.h"

#include <QString>

#include <exception>

namespace emote {
struct ProjectIssue;
}

namespace emote::ui {

// An emote::Error by its message's code; any other exception by its text.
QString inAppWords(const std::exception& error);
QString inAppWords(const Message& message);
// A message without a code: core's English sentence, without flags.
QString inAppWords(const QString& coreMessage);
// A project's missing or changed input, in the app's words.
QString inAppWords(const ProjectIssue& issue);

// What the Diffusion engine needs before it can run, in the app's terms (model package, its size on disk, a GPU).
QString diffusionNeeds();
// The same in two short sentences for the settings panel, pointing to Help ▸ Diffusion Models.
QString diffusionNeedsShort();

} // namespace emote::ui
