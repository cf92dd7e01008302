#include "core/fetch/downloader.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <exception>
#include <optional>
#include <vector>

namespace emote::fetch {

namespace fs = std::filesystem;

namespace {

constexpr qint64 kChunk = 4 << 20;

enum class Outcome {
    Complete,  // every pinned byte is in PART
    Transient, // dropped, timed out, closed early or HTTP 5xx: retry, resuming
    Restart,   // HTTP 416 for our range: PART is not a prefix of the file, start it again
};

std::string reasonOf(QNetworkReply* reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString phrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    return "HTTP " + std::to_string(status) + (phrase.isEmpty() ? "" : " " + phrase.toStdString());
}

std::string progressText(std::int64_t done, std::int64_t total)
{
    return humanBytes(double(done)) + " of " + humanBytes(double(total));
}

// The SHA-256 a Hugging Face "resolve" response names for the file ("sha256", W/"sha256", or bare).
std::string linkedEtag(QNetworkReply* reply)
{
    QString v = QString::fromLatin1(reply->rawHeader("X-Linked-Etag")).trimmed();
    v.remove(QRegularExpression(QStringLiteral("^W/")));
    v.remove(QLatin1Char('"'));
    static const QRegularExpression hex64(QStringLiteral("^[0-9a-f]{64}$"));
    return hex64.match(v).hasMatch() ? v.toStdString() : std::string();
}

} // namespace

std::string sha256Of(const fs::path& file, const CancelToken& cancel)
{
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly))
        throwInput("cannot read " + quoted(file) + ": " + f.errorString().toStdString());
    QCryptographicHash h(QCryptographicHash::Sha256);
    while (!f.atEnd()) {
        cancel.throwIfCancelled();
        const QByteArray chunk = f.read(kChunk);
        if (chunk.isEmpty() && f.error() != QFileDevice::NoError)
            throwInput("cannot read " + quoted(file) + ": " + f.errorString().toStdString());
        h.addData(chunk);
    }
    return h.result().toHex().toStdString();
}

struct Downloader::Impl {
    DownloadOptions o;
    CancelToken& cancel;
    QNetworkAccessManager nam;

    Impl(DownloadOptions options, CancelToken& c) : o(std::move(options)), cancel(c)
    {
        if (!o.free_bytes)
            o.free_bytes = [](const fs::path& p) { return emote::freeBytes(p); };
        // http_proxy / https_proxy / no_proxy as the desktop sets them.
        QNetworkProxyFactory::setUseSystemConfiguration(true);
    }

    struct Transfer {
        const ReleaseFile& file;
        const fs::path& part;
        std::int64_t reserve;
        const std::function<void(std::int64_t)>& on_bytes;
        std::int64_t& offset;
        QCryptographicHash& hash;
        std::string why; // for Outcome::Transient
    };

    void requireFree(const Transfer& t) const
    {
        const std::int64_t free = o.free_bytes(t.part.parent_path());
        const std::int64_t needed = (t.file.bytes - t.offset) + t.reserve;
        if (free >= 0 && free < needed)
            throwOutput({MessageCode::DownloadNoSpace,
                         {t.part.parent_path().string(), humanBytes(double(free)), humanBytes(double(needed))},
                         "the disk holding " + quoted(t.part.parent_path()) + " is full: " + humanBytes(double(free)) +
                             " free, " + humanBytes(double(needed)) + " still needed to download " + t.file.path +
                             " and make the package. Free some space and run it again: the " +
                             humanBytes(double(t.offset)) + " already downloaded are kept and the download resumes."});
    }

    // One request (and its redirects) for the bytes from T.offset on. Throws for what retrying cannot mend.
    Outcome transfer(Transfer& t, const std::string& url)
    {
        QUrl current(QString::fromStdString(url));
        std::vector<QUrl> chain{current};
        for (;;) {
            QNetworkRequest req(current);
            req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
            req.setRawHeader("Accept-Encoding", "identity"); // sizes and ranges are of the file itself
            req.setRawHeader("User-Agent", "EmoteStudio (model fetch)");
            if (t.offset > 0)
                req.setRawHeader("Range", "bytes=" + QByteArray::number(qint64(t.offset)) + "-");
            req.setTransferTimeout(o.stall_timeout_ms);
            QNetworkReply* reply = nam.get(req);
            reply->setReadBufferSize(kChunk);

            QFile out(QString::fromStdString(t.part.string()));
            std::exception_ptr error;
            std::optional<QUrl> redirect;
            std::optional<Outcome> outcome;
            bool headers = false, stopped = false, cancelled = false;
            std::int64_t since_free_check = 0;

            const auto stop = [&] {
                stopped = true;
                reply->abort();
            };
            // For HTTP errors Qt is already failing the reply itself: let it end, ignoring the (short) body.
            const auto status = [&] { return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); };
            const auto fail = [&](std::exception_ptr e) {
                if (!error)
                    error = e;
                if (status() >= 400)
                    stopped = true;
                else
                    stop();
            };
            // What the server does that no retry mends, about this file (CODE: the release changed, or refused).
            const auto refuse = [&](MessageCode code, const std::string& text) {
                std::vector<std::string> args{t.file.path};
                if (code == MessageCode::DownloadNotOnServer)
                    args.push_back(reasonOf(reply));
                fail(std::make_exception_ptr(Error(ErrorKind::Input, {code, std::move(args), text})));
            };
            const auto onHeaders = [&] {
                if (headers)
                    return;
                headers = true;
                const int code = status();
                const std::string etag = linkedEtag(reply);
                const QByteArray linked_size = reply->rawHeader("X-Linked-Size");
                if ((!etag.empty() && etag != t.file.sha256) ||
                    (!linked_size.isEmpty() && linked_size.toLongLong() != t.file.bytes))
                    return refuse(MessageCode::DownloadReleaseChanged,
                        "the server says " + t.file.path + " is now " +
                            (linked_size.isEmpty() ? std::string("?") : linked_size.toStdString()) +
                            " bytes with SHA-256 " + (etag.empty() ? std::string("?") : etag) + ", but this Emote "
                            "Studio pins " + std::to_string(t.file.bytes) + " bytes with SHA-256 " + t.file.sha256 +
                            " (" + current.toString().toStdString() + "). Nothing of it was downloaded. The release "
                            "changed or the pin is out of date: update Emote Studio or report it.");
                if (code >= 300 && code < 400) {
                    const QByteArray location = reply->rawHeader("Location");
                    if (location.isEmpty())
                        return refuse(MessageCode::DownloadRefused,
                            "the server answered " + reasonOf(reply) + " for " + t.file.path +
                                " without saying where to (" + current.toString().toStdString() +
                                "). Try again later or report it.");
                    redirect = current.resolved(QUrl::fromEncoded(location));
                    return stop();
                }
                if (code == 416) {
                    outcome = Outcome::Restart;
                    stopped = true;
                    return;
                }
                if (code >= 500) {
                    t.why = "the server failed to send " + t.file.path + " (" + reasonOf(reply) + ")";
                    outcome = Outcome::Transient;
                    stopped = true;
                    return;
                }
                if (code == 404 || code == 410)
                    return refuse(MessageCode::DownloadNotOnServer,
                        "the server has no " + t.file.path + " at " +
                            current.toString().toStdString() + " (" + reasonOf(reply) +
                            "). The release may have moved: update Emote Studio, or point it at "
                            "a mirror (--base-url).");
                if (code != 200 && code != 206)
                    return refuse(MessageCode::DownloadRefused,
                        "the server refused " + t.file.path + " (" + reasonOf(reply) + ", " +
                            current.toString().toStdString() + ").");
                std::int64_t start = 0, total = -1;
                if (code == 206) {
                    static const QRegularExpression range(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+|\\*)$"));
                    const auto m = range.match(QString::fromLatin1(reply->rawHeader("Content-Range")).trimmed());
                    if (!m.hasMatch() || m.captured(1).toLongLong() != t.offset)
                        return refuse(MessageCode::DownloadRefused,
                            "the server answered the resume of " + t.file.path + " with another "
                                "range (Content-Range '" +
                                reply->rawHeader("Content-Range").toStdString() + "', asked from byte " +
                                std::to_string(t.offset) + "). Try again later.");
                    start = t.offset;
                    if (m.captured(3) != QLatin1String("*"))
                        total = m.captured(3).toLongLong();
                } else {
                    const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
                    if (length.isValid())
                        total = length.toLongLong();
                }
                if (total >= 0 && total != t.file.bytes)
                    return refuse(MessageCode::DownloadReleaseChanged,
                        "the server offers " + std::to_string(total) + " bytes for " + t.file.path +
                            ", but the pinned file has " + std::to_string(t.file.bytes) +
                            " bytes (" + current.toString().toStdString() + "). The release "
                            "changed or the server sends something else; nothing was kept.");
                if (start == 0 && t.offset > 0) { // the server ignored Range: the file starts again
                    t.offset = 0;
                    t.hash.reset();
                }
                if (!out.open(start == 0 ? QIODevice::WriteOnly | QIODevice::Truncate
                                         : QIODevice::WriteOnly | QIODevice::Append))
                    return fail(std::make_exception_ptr(Error(
                        ErrorKind::Output, "cannot write " + quoted(t.part) + ": " + out.errorString().toStdString())));
            };
            const auto onData = [&] {
                onHeaders();
                if (stopped || !out.isOpen()) {
                    reply->readAll();
                    return;
                }
                const QByteArray data = reply->readAll();
                if (data.isEmpty())
                    return;
                if (t.offset + data.size() > t.file.bytes)
                    return refuse(MessageCode::DownloadReleaseChanged,
                        "the server sent more than the " + std::to_string(t.file.bytes) +
                            " bytes pinned for " + t.file.path + "; nothing more was kept.");
                if (out.write(data) != data.size() || !out.flush())
                    return fail(std::make_exception_ptr(Error(
                        ErrorKind::Output, "cannot write " + quoted(t.part) + ": " + out.errorString().toStdString() +
                                               " (disk full?). Free some space and run it again: the download "
                                               "resumes where it stopped.")));
                t.hash.addData(data);
                t.offset += data.size();
                since_free_check += data.size();
                if (since_free_check >= o.free_check_bytes) {
                    since_free_check = 0;
                    try {
                        requireFree(t);
                    } catch (...) {
                        return fail(std::current_exception());
                    }
                }
                if (t.on_bytes)
                    t.on_bytes(t.offset);
            };

            QEventLoop loop;
            QTimer poll;
            poll.setInterval(50);
            QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
                if (cancel.cancelled() && !stopped) {
                    cancelled = true;
                    stop();
                }
            });
            QObject::connect(reply, &QNetworkReply::metaDataChanged, &loop, onHeaders);
            QObject::connect(reply, &QNetworkReply::readyRead, &loop, onData);
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            poll.start();
            if (!reply->isFinished())
                loop.exec();
            poll.stop();
            if (!stopped && reply->bytesAvailable() > 0)
                onData();
            const QNetworkReply::NetworkError net_error = reply->error();
            const QString net_text = reply->errorString();
            if (!headers && net_error == QNetworkReply::NoError)
                onHeaders();
            reply->deleteLater();
            out.close();

            if (error)
                std::rethrow_exception(error);
            if (cancelled)
                throw Error(ErrorKind::Cancelled, "cancelled while downloading " + t.file.path);
            if (outcome)
                return *outcome;
            if (redirect) {
                if (current.scheme() == QLatin1String("https") && redirect->scheme() != QLatin1String("https"))
                    throwInput({MessageCode::DownloadRefused, {t.file.path},
                                "the server redirected " + t.file.path + " from https to " +
                                    redirect->toString().toStdString() + ", which is not encrypted; refused."});
                for (const QUrl& seen : chain)
                    if (seen == *redirect)
                        throwInput({MessageCode::DownloadRefused, {t.file.path},
                                    "the server's redirects for " + t.file.path + " go round in a circle (" +
                                        chain.front().toString().toStdString() + " … back to " +
                                        redirect->toString().toStdString() + "); the download cannot start. Try "
                                        "again later, or report it."});
                if (int(chain.size()) > o.max_redirects)
                    throwInput({MessageCode::DownloadRefused, {t.file.path},
                                "the server redirected " + t.file.path + " more than " +
                                    std::to_string(o.max_redirects) + " times (last " +
                                    redirect->toString().toStdString() +
                                    "); the download cannot start. Try again later, or report it."});
                chain.push_back(*redirect);
                current = *redirect;
                continue;
            }
            if (net_error == QNetworkReply::HostNotFoundError)
                throwInput({MessageCode::DownloadOffline, {current.host().toStdString(), t.file.path},
                            "cannot reach " + current.host().toStdString() + " to download " + t.file.path +
                                " (host not found): is this computer online? Run it again when it is."});
            if (net_error != QNetworkReply::NoError) {
                t.why = net_error == QNetworkReply::OperationCanceledError
                            ? "no data arrived for " + std::to_string(o.stall_timeout_ms / 1000) + " s while downloading " +
                                  t.file.path + " (after " + progressText(t.offset, t.file.bytes) + ")"
                            : "the connection failed while downloading " + t.file.path + " (after " +
                                  progressText(t.offset, t.file.bytes) + "): " + net_text.toStdString();
                return Outcome::Transient;
            }
            if (t.offset < t.file.bytes) {
                t.why = "the connection closed while downloading " + t.file.path + " (after " +
                        progressText(t.offset, t.file.bytes) + ")";
                return Outcome::Transient;
            }
            return Outcome::Complete;
        }
    }
};

Downloader::Downloader(DownloadOptions options, CancelToken& cancel)
    : d(std::make_unique<Impl>(std::move(options), cancel))
{
}

Downloader::~Downloader() = default;

void Downloader::download(const ReleaseFile& file, const std::string& url, const fs::path& part,
                          const fs::path& final_path, std::int64_t reserve_bytes,
                          const std::function<void(std::int64_t)>& on_bytes)
{
    std::error_code ec;
    fs::create_directories(part.parent_path(), ec);
    if (ec)
        throwOutput("cannot create " + quoted(part.parent_path()) + ": " + ec.message());
    std::int64_t offset = 0;
    if (fs::is_regular_file(part, ec)) {
        offset = std::int64_t(fs::file_size(part, ec));
        if (ec || offset > file.bytes) {
            fs::remove(part, ec);
            offset = 0;
        }
    }
    // The SHA-256 runs over the whole file: a resumed download first reads back what it already has.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (offset > 0) {
        QFile f(QString::fromStdString(part.string()));
        if (!f.open(QIODevice::ReadOnly))
            throwOutput("cannot read the partial download " + quoted(part) + ": " + f.errorString().toStdString());
        for (std::int64_t left = offset; left > 0;) {
            d->cancel.throwIfCancelled();
            const QByteArray chunk = f.read(std::min<std::int64_t>(kChunk, left));
            if (chunk.isEmpty())
                throwOutput("cannot read the partial download " + quoted(part) + ": " + f.errorString().toStdString());
            hash.addData(chunk);
            left -= chunk.size();
        }
    }
    if (on_bytes)
        on_bytes(offset);
    Impl::Transfer t{file, part, reserve_bytes, on_bytes, offset, hash, {}};
    d->requireFree(t);
    int failures = 0, restarts = 0, delay_ms = d->o.retry_delay_ms;
    while (offset < file.bytes) {
        d->cancel.throwIfCancelled();
        const Outcome outcome = d->transfer(t, url);
        if (outcome == Outcome::Complete)
            break;
        if (outcome == Outcome::Restart) {
            if (++restarts > 1)
                throwInput({MessageCode::DownloadRefused, {file.path},
                            "the server keeps refusing the byte range asked for " + file.path +
                                " (HTTP 416). Try again later, or report it."});
            fs::remove(part, ec);
            offset = 0;
            hash.reset();
            continue;
        }
        if (++failures > d->o.retries)
            throwInput({MessageCode::DownloadInterrupted, {file.path, std::to_string(failures)},
                        t.why + "; tried " + std::to_string(failures) + " times. Check the network and run it again" +
                            (offset > 0 ? ": the " + humanBytes(double(offset)) + " of " + file.path +
                                              " already here (in " + quoted(part.parent_path()) +
                                              ") are kept and the download resumes there."
                                        : ".")});
        for (int waited = 0; waited < delay_ms; waited += 50) {
            d->cancel.throwIfCancelled();
            QThread::msleep(std::min(50, delay_ms - waited));
        }
        delay_ms *= 2;
    }
    const std::string sum = hash.result().toHex().toStdString();
    if (sum != file.sha256) {
        fs::remove(part, ec);
        throwInput({MessageCode::DownloadDamaged, {file.path},
                    file.path + " arrived complete (" + std::to_string(file.bytes) + " bytes) but its SHA-256 is " +
                        sum + ", not the pinned " + file.sha256 + ": it was damaged on the way or the server sends "
                        "another file. It was deleted; run it again to download it anew, and report it if this "
                        "repeats."});
    }
    fs::rename(part, final_path, ec);
    if (ec)
        throwOutput("cannot move " + quoted(part) + " to " + quoted(final_path) + ": " + ec.message());
}

} // namespace emote::fetch
