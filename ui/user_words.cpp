#include "ui/user_words.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace emote::ui {

QString diffusionNeeds()
{
    // Hallo's release keeps its UNets in 16-bit floats: the package is about 5.6 GB (emote fetch hallo); 16 frames
    // at 512² take hours per 40-step clip on a 2-core CPU (README, Benchmarks).
    return QCoreApplication::translate("UserWords", "The Diffusion engine needs a model package: a folder of about 6 GB made from the Hallo model's "
              "released weights. It wants an NVIDIA GPU to run at a reasonable speed; on the CPU one second of video "
              "takes hours. The Live engine needs none of this.");
}

QString diffusionNeedsShort()
{
    return QCoreApplication::translate("UserWords", "Needs a model package (about 6 GB, made from the Hallo model's released weights) and an "
              "NVIDIA GPU for reasonable speed. “Get the Hallo model…” makes one; Help ▸ Diffusion Models says more.");
}

QString inAppWords(const QString& coreMessage)
{
    QString m = coreMessage;
    struct Rule {
        QRegularExpression pattern;
        QString replacement; // may use \\1 for the pattern's first group
    };
    const Rule rules[] = {
        // Diffusion without a package: what it needs, in full.
        {QRegularExpression(QStringLiteral("^the diffusion engine needs a model package: give its folder with "
                                           "--model[^.]*\\.?$"), QRegularExpression::CaseInsensitiveOption),
         diffusionNeeds() + QLatin1Char(' ') +
             QCoreApplication::translate("UserWords", "Help ▸ Diffusion Models says where a package comes from.")},
        {QRegularExpression(QStringLiteral("the '([a-z]+)' engine is not available in this build\\. Use --engine .*$")),
         QCoreApplication::translate("UserWords", "the \\1 engine is not part of this installation. Choose another engine in the settings.")},
        {QRegularExpression(QStringLiteral(",? or --engine still\\.")),
         QCoreApplication::translate("UserWords", ", or choose the Still engine in the settings.")},
        // A mirror is a command-line matter (emote fetch --base-url); in the app the advice is to update.
        {QRegularExpression(QStringLiteral(", or point it at a mirror \\(--base-url\\)\\.")), QStringLiteral(".")},
        {QRegularExpression(QStringLiteral("Downscale it first, or raise the limit \\(--max-image-mp\\)\\.")),
         QCoreApplication::translate("UserWords", "Use a smaller copy of the photo.")},
        {QRegularExpression(QStringLiteral("Trim it, or raise the limit \\(--max-audio-minutes\\)\\.")),
         QCoreApplication::translate("UserWords", "Use a shorter piece of the audio.")},
        {QRegularExpression(QStringLiteral("Choose another name, or pass --overwrite to replace it\\.")),
         QCoreApplication::translate("UserWords", "Choose another name.")},
        {QRegularExpression(QStringLiteral("Remove it or use --overwrite\\.")), QCoreApplication::translate("UserWords", "Choose another name.")},
        {QRegularExpression(QStringLiteral("Lower --motion-frames or raise --frames-per-clip\\.")),
         QCoreApplication::translate("UserWords", "The model package's settings do not fit together; use a package made with its own configuration.")},
        {QRegularExpression(QStringLiteral("Use --frames-per-clip \\d+ or fewer\\.")),
         QCoreApplication::translate("UserWords", "Use a package made with its own configuration.")},
    };
    for (const Rule& r : rules)
        m.replace(r.pattern, r.replacement);
    // Whatever hint is left that names a flag goes: a sentence or parenthesis with "--" in it is command-line advice.
    m.remove(QRegularExpression(QStringLiteral("[,;]\\s*[^,;()]*--[a-z][^,;()]*(?=\\))"))); // "(at most 5, see --x)"
    m.remove(QRegularExpression(QStringLiteral("\\s*\\([^()]*--[a-z][^()]*\\)")));
    m.remove(QRegularExpression(QStringLiteral("(?<=[.!?])\\s+[^.!?]*--[a-z][^.!?]*[.!?]?")));
    m.remove(QRegularExpression(QStringLiteral("^[^.!?]*--[a-z][^.!?]*[.!?]?\\s*")));
    m = m.trimmed();
    if (!m.isEmpty())
        m[0] = m[0].toUpper();
    return m;
}

} // namespace emote::ui
