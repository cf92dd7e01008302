// Before a Diffusion run in the app: which device runs it and how long it will take on this computer
// (core/diffusion/run_estimate.h). A run on the processor estimated at more than half an hour is asked about
// first ("Generate Anyway" / Cancel); otherwise the estimate is only a note for the status bar.
//
//   const auto note = emote::ui::confirmDiffusionRun(this, settings, audio_duration_s);
//   if (!note) return;                       // the user chose not to wait hours
//   start(); statusBar()->showMessage(*note);
#pragma once

#include "core/engine/settings.h"

#include <QString>

#include <functional>
#include <optional>

class QWidget;

namespace emote::ui {

// Asks TEXT (what will happen and how long) with DETAILS (where the numbers come from); true runs it.
using LongRunQuestion = std::function<bool(const QString& text, const QString& details)>;

// The note for the status bar (empty for the other engines), or nothing when a long run was not confirmed.
// ASK replaces the dialog (tests).
std::optional<QString> confirmDiffusionRun(QWidget* parent, const GenerationSettings& settings, double audio_duration_s,
                                           const LongRunQuestion& ask = {});

} // namespace emote::ui
