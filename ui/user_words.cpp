#include "ui/user_words.h"

#include "core/common/error.h"
#include "core/engine/project.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace emote::ui {

namespace {

// "1:05" or "1:02:03"
QString duration(double seconds)
{
    const long s = std::max(0L, std::lround(seconds));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

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

QString inAppWords(const std::exception& error)
{
    if (const auto* e = dynamic_cast<const Error*>(&error))
        return inAppWords(e->message());
    return inAppWords(QString::fromStdString(error.what()));
}

QString inAppWords(const Message& m)
{
    const auto text = [&](std::size_t i) { return i < m.args.size() ? QString::fromStdString(m.args[i]) : QString(); };
    const auto file = [&](std::size_t i) { return QFileInfo(text(i)).fileName(); };     // a file: its name
    const auto folder = [&](std::size_t i) { return QDir::toNativeSeparators(text(i)); }; // a folder: all of it
    switch (m.code) {
    case MessageCode::None:
        break;
    // A file the user chose
    case MessageCode::FileMissing:
        return QCoreApplication::translate("UserWords",
                                           "%1 is not there any more (moved, renamed or deleted?). Choose the file "
                                           "again.")
            .arg(file(0));
    case MessageCode::FileIsFolder:
        return QCoreApplication::translate("UserWords", "%1 is a folder. Choose a file inside it.").arg(folder(0));
    case MessageCode::FileNotRegular:
        return QCoreApplication::translate("UserWords",
                                           "%1 is not a normal file. Choose a photo or an audio file.")
            .arg(file(0));
    case MessageCode::FileEmpty:
        return QCoreApplication::translate("UserWords", "%1 is empty (0 bytes). Choose another file.").arg(file(0));
    case MessageCode::FileUnreadable:
        return QCoreApplication::translate("UserWords",
                                           "%1 cannot be read (no permission, or a disk error). Check the file's "
                                           "permissions, or copy it into one of your own folders.")
            .arg(file(0));
    case MessageCode::FileTooLarge:
        return QCoreApplication::translate("UserWords",
                                           "%1 is %2, more than the %3 Emote Studio reads. Use a smaller file.")
            .arg(file(0), text(1), text(2));
    // The portrait
    case MessageCode::ImageUnsupported:
        return QCoreApplication::translate("UserWords",
                                           "%1 is not a picture Emote Studio can read. Choose a JPEG, PNG, WebP, BMP "
                                           "or TIFF photo.")
            .arg(file(0));
    case MessageCode::ImageDamaged:
        return QCoreApplication::translate("UserWords",
                                           "%1 is damaged or incomplete. Save the photo again from your photo app, or "
                                           "choose another.")
            .arg(file(0));
    case MessageCode::ImageTooLarge:
        return QCoreApplication::translate("UserWords",
                                           "%1 has %2×%3 pixels, more than the %4 megapixels Emote Studio reads. Use "
                                           "a smaller copy of the photo.")
            .arg(file(0), text(1), text(2), text(3));
    case MessageCode::ImageAnimated:
        return QCoreApplication::translate("UserWords",
                                           "%1 is an animated %2. Save one frame of it as PNG or JPEG and choose "
                                           "that.")
            .arg(file(0), text(1));
    // The audio
    case MessageCode::AudioUnsupported:
        return QCoreApplication::translate("UserWords",
                                           "%1 is not audio Emote Studio can read. Choose a WAV, MP3, FLAC, OGG, Opus "
                                           "or M4A file.")
            .arg(file(0));
    case MessageCode::AudioNoTrack:
        return QCoreApplication::translate("UserWords",
                                           "%1 has no sound track. Choose a file with speech or a song.")
            .arg(file(0));
    case MessageCode::AudioDamaged:
        return QCoreApplication::translate("UserWords",
                                           "%1 is damaged: its sound cannot be decoded. Export or download it again.")
            .arg(file(0));
    case MessageCode::AudioTooLong:
        return QCoreApplication::translate("UserWords",
                                           "%1 lasts %2, longer than the %3 Emote Studio animates. Use a shorter "
                                           "piece of the audio.")
            .arg(file(0), duration(text(1).toDouble()), duration(text(2).toDouble()));
    case MessageCode::AudioNoSound:
        return QCoreApplication::translate("UserWords",
                                           "%1 has no sound in it (0 seconds). Choose a recording with a voice or a "
                                           "song.")
            .arg(file(0));
    case MessageCode::AudioTooShort:
        return QCoreApplication::translate("UserWords",
                                           "%1 is only %2 s long, shorter than one frame of video. Choose a longer "
                                           "recording.")
            .arg(file(0), QLocale().toString(text(1).toDouble() / 1000.0, 'f', 2));
    // Faces and framing
    case MessageCode::NoFace:
        return QCoreApplication::translate("UserWords",
                                           "No face found in %1. Choose a clearer photo with the face turned to the "
                                           "camera, or the Still engine in the settings.")
            .arg(file(0));
    case MessageCode::FaceNumberTooHigh:
        return QCoreApplication::translate("UserWords",
                                           "Face %2 is chosen, but %1 shows only %3 face(s). Choose one of them on "
                                           "the Face & Crop tab.")
            .arg(file(0), text(1), text(2));
    case MessageCode::FaceTooSmall:
        return QCoreApplication::translate("UserWords",
                                           "The face in %1 is only %2 pixels tall; the Live engine needs %3. Choose a "
                                           "larger photo, or one where the face fills more of the picture.")
            .arg(file(0), text(1), text(2));
    case MessageCode::CropOutsidePhoto:
        return QCoreApplication::translate("UserWords",
                                           "The framing does not fit %1 (it was drawn on another photo). Reset the "
                                           "crop on the Face & Crop tab, or draw it again.")
            .arg(file(0));
    case MessageCode::FaceModelsMissing:
        return QCoreApplication::translate("UserWords",
                                           "The face models Emote Studio needs are missing or damaged (%1). Reinstall "
                                           "Emote Studio, or fetch them again with emote-fetch-models, which comes "
                                           "with it.")
            .arg(folder(0));
    // Engines
    case MessageCode::EngineUnavailable:
        return QCoreApplication::translate("UserWords",
                                           "The %1 engine is not part of this installation. Choose another engine in "
                                           "the settings.")
            .arg(text(0));
    case MessageCode::DiffusionNeedsModel:
        return diffusionNeeds() + QLatin1Char(' ') +
               QCoreApplication::translate("UserWords", "Help ▸ Diffusion Models says where a package comes from.");
    case MessageCode::ModelPackageBroken:
        return QCoreApplication::translate("UserWords",
                                           "The model package %1 is incomplete or damaged. Copy the whole folder "
                                           "again, or make it again with “Get the Hallo model…” (Help ▸ Diffusion "
                                           "Models).")
            .arg(folder(0));
    case MessageCode::NotEnoughMemory:
        return QCoreApplication::translate("UserWords",
                                           "There is not enough memory to load the %1 engine's models. Close other "
                                           "programs and try again.")
            .arg(text(0));
    // Warnings
    case MessageCode::ProfileFace:
        return QCoreApplication::translate("UserWords",
                                           "The face in %1 is turned %2° to the side (more than %3°): only the mouth "
                                           "moves, without head motion, blinks or gaze. A photo facing the camera "
                                           "animates fully.")
            .arg(file(0), text(1), text(2));
    case MessageCode::NoPersonStandsOut:
        return QCoreApplication::translate("UserWords",
                                           "No person stands out from the background around the face in %1 (a statue, "
                                           "a painting, a busy picture?): only the face moves, its surroundings stay "
                                           "still.")
            .arg(file(0));
    case MessageCode::FaceMeshDoesNotFit:
        return QCoreApplication::translate("UserWords",
                                           "The face in %1 does not look like a human face to the face mesh (it fits "
                                           "only %2 %): it is animated with the simpler rig. Check the result.")
            .arg(file(0), text(1));
    case MessageCode::FaceNotHuman:
        return QCoreApplication::translate("UserWords",
                                           "The face in %1 does not look like a human face (the face mesh fits it "
                                           "only %2 %): only the head moves, the mouth and eyes stay as they are. "
                                           "Choose a photo of a person for a talking face.")
            .arg(file(0), text(1));
    case MessageCode::PersonMatteMissing:
        return QCoreApplication::translate("UserWords",
                                           "The person matte model is missing, so the background beside the head "
                                           "moves with it. Reinstalling Emote Studio's models brings it back.");
    case MessageCode::FaceMeshMissing:
        return QCoreApplication::translate("UserWords",
                                           "The face mesh model is missing, so head turns use a template face's "
                                           "depth. Reinstalling Emote Studio's models brings it back.");
    case MessageCode::DiffusionNoFace:
        return QCoreApplication::translate("UserWords",
                                           "No face found in %1: the Diffusion engine uses a centred crop and default "
                                           "face and lip regions, so the lips follow the words less closely. A photo "
                                           "facing the camera, the face at least 48 pixels tall, works best.")
            .arg(file(0));
    case MessageCode::ReferenceBlas:
        return QCoreApplication::translate("UserWords",
                                           "This installation does its arithmetic with the slow reference library "
                                           "(%1): the Diffusion engine runs several times slower. Installing OpenBLAS "
                                           "(the package libopenblas0-openmp) speeds it up.")
            .arg(text(0));
    // Writing the video
    case MessageCode::OutputExists:
        return QCoreApplication::translate("UserWords", "%1 already exists. Choose another name.").arg(file(0));
    case MessageCode::OutputFolderMissing:
        return QCoreApplication::translate("UserWords",
                                           "The folder %2 does not exist. Choose another folder for %1.")
            .arg(file(0), folder(1));
    case MessageCode::OutputNotWritable:
        return QCoreApplication::translate("UserWords",
                                           "You cannot write to the folder %2. Choose another folder for %1.")
            .arg(file(0), folder(1));
    case MessageCode::OutputIsFolder:
        return QCoreApplication::translate("UserWords",
                                           "%1 is a folder. Choose a file name such as video.mp4.")
            .arg(folder(0));
    case MessageCode::DiskFull:
        return QCoreApplication::translate("UserWords",
                                           "The disk is full (or nearly) for %1. Free some space and try again.")
            .arg(file(0));
    case MessageCode::OutputFailed:
        return QCoreApplication::translate("UserWords",
                                           "%1 could not be written. Check that its folder is writable and the disk "
                                           "has space, and try again.")
            .arg(file(0));
    // Projects
    case MessageCode::ProjectInvalid:
        if (!text(1).isEmpty())
            return QCoreApplication::translate("UserWords",
                                               "%1 cannot be opened: its field %2 holds something Emote Studio cannot "
                                               "use (the file was damaged or edited by hand). Choose a .emote file "
                                               "saved by Emote Studio, or fix that field.")
                .arg(file(0), text(1));
        return QCoreApplication::translate("UserWords",
                                           "%1 is not a project Emote Studio can open (damaged, or another kind of "
                                           "file). Choose a .emote file saved by Emote Studio.")
            .arg(file(0));
    case MessageCode::ProjectNewer:
        return QCoreApplication::translate("UserWords",
                                           "%1 was saved by a newer Emote Studio (project format %2; this one reads "
                                           "format %3). Update Emote Studio to open it.")
            .arg(file(0), text(1), text(2));
    case MessageCode::ProjectNotWritable:
        return QCoreApplication::translate("UserWords",
                                           "The project %1 cannot be saved there. Choose a folder you can write to, "
                                           "and check the free disk space.")
            .arg(file(0));
    // Getting a model
    case MessageCode::DownloadOffline:
        return QCoreApplication::translate("UserWords",
                                           "Cannot reach %1 to download %2: is this computer online? Try again when "
                                           "it is.")
            .arg(text(0), text(1));
    case MessageCode::DownloadInterrupted:
        return QCoreApplication::translate("UserWords",
                                           "The download of %1 kept breaking off (tried %2 times). Check the network "
                                           "and try again.")
            .arg(text(0), text(1));
    case MessageCode::DownloadDamaged:
        return QCoreApplication::translate("UserWords",
                                           "%1 arrived damaged (its checksum does not match) and was deleted. Try "
                                           "again; if it happens again, please report it.")
            .arg(text(0));
    case MessageCode::DownloadReleaseChanged:
        return QCoreApplication::translate("UserWords",
                                           "The server no longer offers %1 as this Emote Studio expects it (the "
                                           "release has changed). Update Emote Studio.")
            .arg(text(0));
    case MessageCode::DownloadNotOnServer:
        return QCoreApplication::translate("UserWords",
                                           "The server has no %1 (it answered %2): the release may have moved. Update "
                                           "Emote Studio.")
            .arg(text(0), text(1));
    case MessageCode::DownloadRefused:
        return QCoreApplication::translate("UserWords",
                                           "The server refused to send %1. Try again later; if it keeps refusing, "
                                           "please report it.")
            .arg(text(0));
    case MessageCode::DownloadNoSpace:
        return QCoreApplication::translate("UserWords",
                                           "Not enough space on the disk holding %1: %2 free, %3 needed. Free some "
                                           "space or choose another folder.")
            .arg(folder(0), text(1), text(2));
    case MessageCode::DownloadRunning:
        return QCoreApplication::translate("UserWords",
                                           "Another download into %1 is running (in another Emote Studio, or on the "
                                           "command line). Wait for it to finish.")
            .arg(folder(0));
    case MessageCode::PackageExists:
        return QCoreApplication::translate("UserWords", "%1 already exists. Choose another folder.").arg(folder(0));
    }
    return inAppWords(QString::fromStdString(m.text));
}

QString inAppWords(const ProjectIssue& issue)
{
    const QString name = QFileInfo(QString::fromStdString(issue.path.string())).fileName();
    const bool portrait = issue.role == "portrait";
    const char* text = nullptr;
    if (issue.kind == ProjectIssueKind::ChangedInput)
        text = portrait ? QT_TRANSLATE_NOOP("UserWords", "The portrait %1 has changed since the project was saved. "
                                                         "Check that it is the photo you mean; saving the project "
                                                         "keeps the new one.")
                        : QT_TRANSLATE_NOOP("UserWords", "The audio %1 has changed since the project was saved. "
                                                         "Check that it is the recording you mean; saving the project "
                                                         "keeps the new one.");
    else
        text = portrait ? QT_TRANSLATE_NOOP("UserWords", "The portrait %1 is missing (moved, renamed, or on a drive "
                                                         "that is not connected). Import it again, or put it back "
                                                         "where it was.")
                        : QT_TRANSLATE_NOOP("UserWords", "The audio %1 is missing (moved, renamed, or on a drive "
                                                         "that is not connected). Import it again, or put it back "
                                                         "where it was.");
    return QCoreApplication::translate("UserWords", text).arg(name);
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
         QCoreApplication::translate("UserWords",
                                     "the \\1 engine is not part of this installation. Choose another engine in the "
                                     "settings.")},
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
        {QRegularExpression(QStringLiteral("Remove it or use --overwrite\\.")), QCoreApplication::translate("UserWords",
                                                                                                            "Choose "
                                                                                                            "another "
                                                                                                            "name.")},
        {QRegularExpression(QStringLiteral("Lower --motion-frames or raise --frames-per-clip\\.")),
         QCoreApplication::translate("UserWords",
                                     "The model package's settings do not fit together; use a package made with its "
                                     "own configuration.")},
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
