// A small HTTP/1.1 server on 127.0.0.1 for the fetch tests, running in its own thread (so a test may block its
// main thread on a download or on the emote process). It serves byte strings by path, honours "Range: bytes=N-"
// (206 / 416), and misbehaves on request, per path: 404, HTTP 500 a number of times, redirects (loops are two
// paths redirecting to each other), a connection dropped after some bytes, slow chunks, Range ignored, extra
// headers (Hugging Face's X-Linked-Etag). Every request is logged.
//
//   emote::test::HttpTestServer server;
//   server.setFile("/r/net.pth", bytes);
//   server.setRule("/r/net.pth", {.fault = HttpTestServer::Fault::DropAfter, .times = 1, .bytes = 4096});
//   download(server.baseUrl() + "/r/net.pth");
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace emote::test {

class HttpTestServer {
public:
    enum class Fault {
        None,
        NotFound,    // 404
        ServerError, // 500
        Redirect,    // 302 to `target` (a path on this server)
        DropAfter,   // the right headers, then `bytes` bytes of the body, then the connection closes
        Slow,        // the body in `bytes`-sized chunks, `delay_ms` apart
        IgnoreRange, // 200 and the whole body even when a range is asked for
    };
    struct Rule {
        Fault fault = Fault::None;
        int times = -1;          // how many requests it applies to (then the path is served normally); -1 all
        qint64 bytes = 0;        // DropAfter: bytes sent before closing; Slow: the chunk size
        int delay_ms = 0;        // Slow: pause between chunks
        QString target;          // Redirect: the path to send the client to
        QList<QByteArray> headers; // extra response header lines, e.g. "X-Linked-Etag: \"…\""
    };

    HttpTestServer();
    ~HttpTestServer();
    HttpTestServer(const HttpTestServer&) = delete;
    HttpTestServer& operator=(const HttpTestServer&) = delete;

    QString baseUrl() const; // http://127.0.0.1:PORT
    void setFile(const QString& path, const QByteArray& body);
    void setRule(const QString& path, const Rule& rule);
    void clearRules();
    // "GET /path" or "GET /path bytes=N-" for every request so far, oldest first.
    QStringList requests() const;
    void clearRequests();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace emote::test
