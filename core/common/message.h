// A message for the user as data: a code that says what happened, the code's parameters, and the English sentence
// the command line prints (naming its flags, e.g. "…, or --engine still."). Errors carry one (error.h), and so do
// the warnings beside a job (progress.h). The app words each code itself, in the user's language and with its own
// controls (ui/user_words.cpp); only a message without a code shows its English sentence there.
//
//   throw emote::Error(emote::ErrorKind::Input,
//                      {emote::MessageCode::NoFace, {portrait}, "no face found in '" + portrait + "'. ..."});
//   catch (const emote::Error& e) { if (e.message().code == emote::MessageCode::NoFace) ... e.message().args[0] }
//
// The parameters are text, in the order each code's comment lists them: paths as given, numbers as the C locale
// writes them ("0.25"), so that the app can show them in its own format.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace emote {

enum class MessageCode {
    None, // only the English sentence (internal errors, settings only the command line can give)

    // A file the user chose. args: path
    FileMissing,
    FileIsFolder,
    FileNotRegular,
    FileEmpty,
    FileUnreadable,
    FileTooLarge, // path, its size ("12.0 MB"), the limit ("10.0 MB")

    // The portrait. args: path, then as listed
    ImageUnsupported,
    ImageDamaged,
    ImageTooLarge, // path, width, height, the limit in megapixels
    ImageAnimated, // path, format

    // The audio. args: path, then as listed
    AudioUnsupported,
    AudioNoTrack,
    AudioDamaged,
    AudioTooLong,  // path, its duration in seconds, the limit in seconds
    AudioNoSound,
    AudioTooShort, // path, its duration in milliseconds

    // Faces and framing
    NoFace,            // portrait
    FaceNumberTooHigh, // portrait, the face asked for (1 = the first), the faces found
    FaceTooSmall,      // portrait, the face's height in pixels, the height needed
    CropOutsidePhoto,  // portrait
    FaceModelsMissing, // the missing or damaged model file or folder

    // Engines
    EngineUnavailable,   // the engine's name ("live")
    DiffusionNeedsModel, // -
    ModelPackageBroken,  // the package's folder
    NotEnoughMemory,     // the engine's name

    // Warnings: the job goes on, the result is not quite what was asked for
    ProfileFace,         // portrait, how far the face is turned (degrees), the most for full animation (degrees)
    NoPersonStandsOut,   // portrait
    FaceMeshDoesNotFit,  // portrait, the mesh's score in percent
    FaceNotHuman,        // portrait, the mesh's score in percent (only the head moves)
    PersonMatteMissing,  // -
    FaceMeshMissing,     // -
    DiffusionNoFace,     // portrait
    ReferenceBlas,       // the BLAS library's name

    // Writing the video. args: the video's path, then as listed
    OutputExists,
    OutputFolderMissing, // path, folder
    OutputNotWritable,   // path, folder
    OutputIsFolder,
    DiskFull,
    OutputFailed, // the encoder or the file system failed (the English sentence says how)

    // Projects. args: the project file
    ProjectInvalid,     // path, the field it cannot use ("settings.fps"; empty: the file is not a project at all)
    ProjectNewer,       // path, the file's format version, the version this build reads
    ProjectNotWritable, // path

    // Getting a model (downloads)
    DownloadOffline,        // host, file
    DownloadInterrupted,    // file, tries
    DownloadDamaged,        // file
    DownloadReleaseChanged, // file
    DownloadNotOnServer,    // file, the server's answer ("HTTP 404 Not Found")
    DownloadRefused,        // file
    DownloadNoSpace,        // folder, free ("1.2 GB"), needed ("5.6 GB")
    DownloadRunning,        // folder
    PackageExists,          // folder
};
// The last code (tests walk every code from None to this one): a new code goes before it or becomes it.
inline constexpr MessageCode kLastMessageCode = MessageCode::PackageExists;

struct Message {
    MessageCode code = MessageCode::None;
    std::vector<std::string> args; // the code's parameters, as its comment lists them
    std::string text;              // the English sentence, as the command line prints it

    Message() = default;
    // A message without a code: the English sentence is all there is.
    Message(std::string english) : text(std::move(english)) {} // NOLINT(google-explicit-constructor)
    Message(MessageCode c, std::vector<std::string> parameters, std::string english)
        : code(c), args(std::move(parameters)), text(std::move(english))
    {
    }
};

// A number as a parameter: the C locale's digits whatever the process's locale (the app sets the user's), at most
// three decimals, no trailing zeros ("0.25", "12").
std::string messageNumber(double value);

} // namespace emote
