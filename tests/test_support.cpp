#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QtEndian>

namespace emote::test {

ProcResult run(const QString& program, const QStringList& args, int timeout_ms)
{
    ProcResult r;
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(30000)) {
        r.err = "could not start " + program.toUtf8();
        return r;
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeout_ms)) {
        r.timed_out = true;
        p.kill();
        p.waitForFinished(5000);
    }
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.exit_code = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QString cliPath() { return qEnvironmentVariable("EMOTE_CLI"); }
QString sourceDir() { return qEnvironmentVariable("EMOTE_SOURCE_DIR"); }
QString modelsDir() { return qEnvironmentVariable("EMOTE_MODELS_DIR"); }

static QString finish(const ProcResult& r, const QString& path, QString* why)
{
    if (r.exit_code == 0 && !r.crashed && QFile::exists(path))
        return path;
    if (why)
        *why = QString::fromUtf8(r.err);
    return {};
}

QString makeSpeech(const QString& dir, const QString& name, const QString& text, QString* why)
{
    const QString path = QDir(dir).filePath(name);
    return finish(run(QStringLiteral("espeak-ng"), {QStringLiteral("-w"), path, text}), path, why);
}

QString makeTone(const QString& dir, const QString& name, double seconds, int rate, int channels, QString* why)
{
    const QString path = QDir(dir).filePath(name);
    return finish(run(QStringLiteral("sox"), {QStringLiteral("-n"), QStringLiteral("-r"), QString::number(rate),
                                              QStringLiteral("-c"), QString::number(channels), path,
                                              QStringLiteral("synth"), QString::number(seconds),
                                              QStringLiteral("sine"), QStringLiteral("440")}),
                  path, why);
}

QString transcode(const QString& in, const QString& out, const QStringList& codec_args, QString* why)
{
    QStringList args{QStringLiteral("-nostdin"), QStringLiteral("-y"), QStringLiteral("-loglevel"),
                     QStringLiteral("error"), QStringLiteral("-i"), in};
    args += codec_args;
    args << out;
    return finish(run(QStringLiteral("ffmpeg"), args), out, why);
}

QJsonObject ffprobe(const QString& file)
{
    const auto r = run(QStringLiteral("ffprobe"),
                       {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-print_format"),
                        QStringLiteral("json"), QStringLiteral("-show_format"), QStringLiteral("-show_streams"), file});
    return QJsonDocument::fromJson(r.out).object();
}

void mp4BoxOffsets(const QString& file, qint64* moov, qint64* mdat)
{
    *moov = *mdat = -1;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return;
    qint64 pos = 0;
    const qint64 size = f.size();
    while (pos + 8 <= size) {
        f.seek(pos);
        const QByteArray h = f.read(16);
        if (h.size() < 8)
            return;
        quint64 len = qFromBigEndian<quint32>(h.constData());
        const QByteArray type = h.mid(4, 4);
        if (len == 1 && h.size() >= 16)
            len = qFromBigEndian<quint64>(h.constData() + 8);
        if (type == "moov" && *moov < 0)
            *moov = pos;
        if (type == "mdat" && *mdat < 0)
            *mdat = pos;
        if (len < 8)
            return;
        pos += qint64(len);
    }
}

} // namespace emote::test
