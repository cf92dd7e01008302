#include "http_test_server.h"

#include <QHostAddress>
#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <map>

namespace emote::test {

struct HttpTestServer::Impl {
    QThread thread;
    QObject* context = nullptr; // lives in `thread`; parent of the server and its sockets
    QTcpServer* server = nullptr;
    quint16 port = 0;
    mutable QMutex mutex;
    std::map<QString, QByteArray> files;
    std::map<QString, Rule> rules;
    QStringList log;

    // The rule for PATH for this request (counting it down), or a plain one.
    Rule takeRule(const QString& path)
    {
        QMutexLocker lock(&mutex);
        auto it = rules.find(path);
        if (it == rules.end() || it->second.times == 0)
            return {};
        Rule r = it->second;
        if (it->second.times > 0)
            --it->second.times;
        return r;
    }

    static void send(QTcpSocket* sock, int status, const char* reason, const QList<QByteArray>& headers,
                     const QByteArray& body = {})
    {
        QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + " " + reason + "\r\n";
        for (const QByteArray& h : headers)
            head += h + "\r\n";
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
        sock->write(head + body);
        sock->disconnectFromHost();
    }

    void respond(QTcpSocket* sock, const QByteArray& request)
    {
        const QList<QByteArray> lines = request.split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        const QString path = QString::fromLatin1(first.value(1));
        qint64 from = -1;
        for (const QByteArray& line : lines) {
            static const QRegularExpression range(QStringLiteral("^range:\\s*bytes=(\\d+)-\\s*$"),
                                                  QRegularExpression::CaseInsensitiveOption);
            const auto m = range.match(QString::fromLatin1(line.trimmed()));
            if (m.hasMatch())
                from = m.captured(1).toLongLong();
        }
        QByteArray body;
        bool known = false;
        {
            QMutexLocker lock(&mutex);
            log << QStringLiteral("GET ") + path + (from >= 0 ? QStringLiteral(" bytes=%1-").arg(from) : QString());
            const auto it = files.find(path);
            known = it != files.end();
            if (known)
                body = it->second;
        }
        const Rule rule = takeRule(path);
        QList<QByteArray> headers = rule.headers;
        switch (rule.fault) {
        case Fault::NotFound:
            return send(sock, 404, "Not Found", headers, "no such file");
        case Fault::ServerError:
            return send(sock, 500, "Internal Server Error", headers, "try later");
        case Fault::Redirect:
            headers << "Location: " + rule.target.toLatin1();
            return send(sock, 302, "Found", headers);
        default:
            break;
        }
        if (!known)
            return send(sock, 404, "Not Found", headers, "no such file");
        const qint64 total = body.size();
        QByteArray head;
        if (from >= 0 && rule.fault != Fault::IgnoreRange) {
            if (from >= total) {
                headers << "Content-Range: bytes */" + QByteArray::number(total);
                return send(sock, 416, "Range Not Satisfiable", headers);
            }
            head = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + QByteArray::number(from) + "-" +
                   QByteArray::number(total - 1) + "/" + QByteArray::number(total) + "\r\n";
            body = body.mid(from);
        } else {
            head = "HTTP/1.1 200 OK\r\n";
        }
        for (const QByteArray& h : headers)
            head += h + "\r\n";
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
        if (rule.fault == Fault::DropAfter) {
            // Closed mid-file: the client has every byte sent so far, then the connection ends.
            sock->write(head + body.left(rule.bytes));
            sock->disconnectFromHost();
            return;
        }
        if (rule.fault == Fault::Slow) {
            sock->write(head);
            sendSlowly(sock, body, 0, std::max<qint64>(1, rule.bytes), rule.delay_ms);
            return;
        }
        sock->write(head + body);
        sock->disconnectFromHost();
    }

    void sendSlowly(QTcpSocket* sock, QByteArray body, qint64 at, qint64 chunk, int delay_ms)
    {
        if (sock->state() != QAbstractSocket::ConnectedState)
            return;
        if (at >= body.size()) {
            sock->disconnectFromHost();
            return;
        }
        sock->write(body.mid(at, chunk));
        QTimer::singleShot(delay_ms, sock, [this, sock, body, at, chunk, delay_ms] {
            sendSlowly(sock, body, at + chunk, chunk, delay_ms);
        });
    }
};

HttpTestServer::HttpTestServer() : d(std::make_unique<Impl>())
{
    d->context = new QObject;
    d->context->moveToThread(&d->thread);
    d->thread.start();
    QMetaObject::invokeMethod(d->context, [this] {
        d->server = new QTcpServer(d->context);
        d->server->listen(QHostAddress::LocalHost, 0);
        d->port = d->server->serverPort();
        QObject::connect(d->server, &QTcpServer::newConnection, d->context, [this] {
            while (QTcpSocket* sock = d->server->nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(sock, &QTcpSocket::readyRead, sock, [this, sock, buffer] {
                    buffer->append(sock->readAll());
                    const int end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const QByteArray request = buffer->left(end);
                    buffer->clear();
                    d->respond(sock, request);
                });
                QObject::connect(sock, &QTcpSocket::disconnected, sock, &QObject::deleteLater);
            }
        });
    }, Qt::BlockingQueuedConnection);
}

HttpTestServer::~HttpTestServer()
{
    QMetaObject::invokeMethod(d->context, [this] { delete d->server; }, Qt::BlockingQueuedConnection);
    d->thread.quit();
    d->thread.wait();
    delete d->context;
}

QString HttpTestServer::baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(d->port); }

void HttpTestServer::setFile(const QString& path, const QByteArray& body)
{
    QMutexLocker lock(&d->mutex);
    d->files[path] = body;
}

void HttpTestServer::setRule(const QString& path, const Rule& rule)
{
    QMutexLocker lock(&d->mutex);
    d->rules[path] = rule;
}

void HttpTestServer::clearRules()
{
    QMutexLocker lock(&d->mutex);
    d->rules.clear();
}

QStringList HttpTestServer::requests() const
{
    QMutexLocker lock(&d->mutex);
    return d->log;
}

void HttpTestServer::clearRequests()
{
    QMutexLocker lock(&d->mutex);
    d->log.clear();
}

} // namespace emote::test
