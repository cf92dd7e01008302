#include "ui/diffusion_run_prompt.h"

#include "core/diffusion/run_estimate.h"

#include <QCoreApplication>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

namespace emote::ui {

namespace {

// The translation context of this file's words.
struct DiffusionRunPrompt {
    Q_DECLARE_TR_FUNCTIONS(DiffusionRunPrompt)
};

QString about(double s)
{
    const QLocale l;
    if (s < 90)
        return DiffusionRunPrompt::tr("about %1 seconds").arg(l.toString(s, 'f', 0));
    if (s < 90 * 60)
        return DiffusionRunPrompt::tr("about %1 minutes").arg(l.toString(s / 60, 'f', 0));
    if (s < 48 * 3600)
        return DiffusionRunPrompt::tr("about %1 hours").arg(l.toString(s / 3600, 'f', 0));
    return DiffusionRunPrompt::tr("about %1 days").arg(l.toString(s / 86400, 'f', 1));
}

} // namespace

std::optional<QString> confirmDiffusionRun(QWidget* parent, const GenerationSettings& settings, double audio_duration_s,
                                           const LongRunQuestion& ask)
{
    if (settings.engine != EngineKind::Diffusion)
        return QString();
    const diffusion::RunEstimate e = diffusion::estimateRun(settings, audio_duration_s);
    if (e.gpu)
        return DiffusionRunPrompt::tr("Diffusion on the GPU: no time measured on a GPU yet.");
    if (!e.measured)
        return DiffusionRunPrompt::tr("Diffusion on the processor: no measured time for this model.");
    const QString note = DiffusionRunPrompt::tr("Diffusion on the processor: %1 for this audio (estimate).").arg(about(e.run_s));
    if (!e.long_run)
        return note;
    const QString text =
        DiffusionRunPrompt::tr("The Diffusion engine would run on this computer's processor: no NVIDIA GPU is available to it. Here a "
           "10-second clip takes %1, and this audio (%2 seconds) %3.")
            .arg(about(e.ten_second_clip_s), QLocale().toString(audio_duration_s, 'f', 1), about(e.run_s));
    const QString details =
        DiffusionRunPrompt::tr("Estimated from the measured times of the Hallo model on a 2-core processor, scaled by the speed of this "
           "processor measured just now (%1 against %2 billion operations per second). With an NVIDIA GPU it is "
           "far faster; the Live engine takes seconds.")
            .arg(QLocale().toString(e.cpu_gflops, 'f', 0), QLocale().toString(e.reference_gflops, 'f', 0));
    if (ask)
        return ask(text, details) ? std::optional<QString>(note) : std::nullopt;
    QMessageBox box(QMessageBox::Warning, DiffusionRunPrompt::tr("This Will Take a Long Time"), text, QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("diffusionTimeDialog"));
    box.setInformativeText(details);
    QPushButton* run = box.addButton(DiffusionRunPrompt::tr("Generate Anyway"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != run)
        return std::nullopt;
    return note;
}

} // namespace emote::ui
