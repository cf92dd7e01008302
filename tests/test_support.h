// Helpers shared by the tests: temp folders, running tools (espeak-ng, sox, ffmpeg, ffprobe, emote) and
// making real input files at test time.
#pragma once

#include "core/common/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace emote::test {

struct ProcResult {
    int exit_code = -1;
    bool crashed = false;
    bool timed_out = false;
    QByteArray out;
    QByteArray err;
};

// Run PROGRAM with ARGS; fails the test (QFAIL-able message in err) when it cannot start.
ProcResult run(const QString& program, const QStringList& args, int timeout_ms = 300000);

// Paths from the ctest environment (EMOTE_CLI, EMOTE_SOURCE_DIR, ...).
QString cliPath();
QString sourceDir();
QString modelsDir();

// Fixtures made with real tools. Each returns the path written (in DIR) or an empty string on failure,
// with the tool's stderr in *why.
QString makeSpeech(const QString& dir, const QString& name, const QString& text, QString* why = nullptr);
QString makeTone(const QString& dir, const QString& name, double seconds, int rate, int channels,
                 QString* why = nullptr);
QString transcode(const QString& in, const QString& out, const QStringList& codec_args, QString* why = nullptr);

// ffprobe -show_format -show_streams as JSON.
QJsonObject ffprobe(const QString& file);
// Byte offsets of the first 'moov' and 'mdat' top-level boxes (-1 if absent).
void mp4BoxOffsets(const QString& file, qint64* moov, qint64* mdat);

// The message of the emote::Error of kind Input that FN throws; "(not Input)" for another kind; empty when FN
// throws nothing.
template <class Fn>
QString inputErrorOf(Fn&& fn)
{
    try {
        fn();
    } catch (const Error& e) {
        return e.kind() == ErrorKind::Input ? QString::fromStdString(e.what()) : QStringLiteral("(not Input)");
    }
    return {};
}

} // namespace emote::test
