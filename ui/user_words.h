// Core's messages are written for the command line and name its flags ("…, or --engine still", "pass
// --overwrite"). The app shows them in its own words: each known hint becomes what to do with the app's controls,
// and no flag is ever shown.
//
//   showError(tr("Generation failed"), emote::ui::inAppWords(QString::fromStdString(e.what())));
#pragma once

#include <QString>

namespace emote::ui {

QString inAppWords(const QString& coreMessage);

// What the Diffusion engine needs before it can run, in the app's terms (model package, its size on disk, a GPU).
QString diffusionNeeds();
// The same in two short sentences for the settings panel, pointing to Help ▸ Diffusion Models.
QString diffusionNeedsShort();

} // namespace emote::ui
