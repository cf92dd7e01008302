#include "ui/consent_store.h"

#include "core/engine/project.h"

#include <QFileInfo>
#include <QSettings>

namespace emote::ui {

const char* ConsentStore::statement()
{
    return "I have the right to animate this person: they agreed to it, I may use the photo, and the video will not "
           "be used to deceive anyone about what a real person said.";
}

QString ConsentStore::key(const QString& photo)
{
    const QFileInfo info(photo);
    const QString path = info.absoluteFilePath();
    auto it = m_hashes.constFind(path);
    if (it != m_hashes.constEnd() && it->size == info.size() && it->modified == info.lastModified())
        return QStringLiteral("consent/photos/") + it->sha256;
    std::string sha;
    try {
        sha = fileSha256(path.toStdString());
    } catch (const std::exception&) {
        return {};
    }
    m_hashes.insert(path, Hashed{info.size(), info.lastModified(), QString::fromStdString(sha)});
    return QStringLiteral("consent/photos/") + QString::fromStdString(sha);
}

bool ConsentStore::given(const QString& photo)
{
    const QString k = key(photo);
    return !k.isEmpty() && QSettings().contains(k);
}

bool ConsentStore::canAsk(const QString& photo) { return !key(photo).isEmpty(); }

void ConsentStore::record(const QString& photo)
{
    const QString k = key(photo);
    if (!k.isEmpty())
        QSettings().setValue(k, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
}

provenance::ConsentRecord ConsentStore::recordFor(const QString& photo)
{
    provenance::ConsentRecord r;
    const QString k = key(photo);
    const QString when = k.isEmpty() ? QString() : QSettings().value(k).toString();
    r.confirmed = !when.isEmpty();
    r.statement = statement();
    r.confirmed_at_utc = when.toStdString();
    return r;
}

} // namespace emote::ui
