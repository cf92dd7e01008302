// Error type shared by every layer. One message a user can act on: which file, what is wrong, what to do.
//
//   throw emote::Error(emote::ErrorKind::Input,
//                      "cannot read portrait 'me.png': the file is empty. Choose a JPEG, PNG or WebP photo.");
//   throwInput({MessageCode::FileEmpty, {path}, "cannot read portrait 'me.png': the file is empty. ..."});
//
// The kind maps to the CLI's exit code (DESIGN.md §3; README "Exit codes"). what() is the English sentence the
// command line prints; message() has its code and parameters too, for the app's own words (message.h).
#pragma once

#include "core/common/message.h"

#include <stdexcept>
#include <string>

namespace emote {

enum class ErrorKind {
    Internal = 1,  // a bug or an unexpected library failure
    Usage = 2,     // bad command line or settings
    Input = 3,     // an input file is missing, unreadable or unusable
    Output = 4,    // the output cannot be written (permissions, disk full, exists)
    Cancelled = 5, // the user (or a signal) cancelled the job
};

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), m_kind(kind), m_message(message) {}
    Error(ErrorKind kind, Message message)
        : std::runtime_error(message.text), m_kind(kind), m_message(std::move(message))
    {
    }
    ErrorKind kind() const noexcept { return m_kind; }
    int exitCode() const noexcept { return static_cast<int>(m_kind); }
    const Message& message() const noexcept { return m_message; }

private:
    ErrorKind m_kind;
    Message m_message;
};

[[noreturn]] inline void throwInput(const std::string& message) { throw Error(ErrorKind::Input, message); }
[[noreturn]] inline void throwOutput(const std::string& message) { throw Error(ErrorKind::Output, message); }
[[noreturn]] inline void throwUsage(const std::string& message) { throw Error(ErrorKind::Usage, message); }
[[noreturn]] inline void throwInput(Message message) { throw Error(ErrorKind::Input, std::move(message)); }
[[noreturn]] inline void throwOutput(Message message) { throw Error(ErrorKind::Output, std::move(message)); }
[[noreturn]] inline void throwUsage(Message message) { throw Error(ErrorKind::Usage, std::move(message)); }

} // namespace emote
