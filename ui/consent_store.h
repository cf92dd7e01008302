// Consent per person: before a photo is animated for the first time, the user confirms that they may animate
// the person in it. Remembered per photo by its SHA-256 (QSettings "consent/photos/SHA256" = when, UTC ISO 8601),
// so a renamed or moved copy of the same photo is not asked again, and a new person's photo always is.
//
//   emote::ui::ConsentStore consent;
//   if (!consent.given(photo)) { /* ask */ consent.record(photo); }
//   request.consent = consent.recordFor(photo); // what goes into the video's manifest
#pragma once

#include "core/provenance/provenance_record.h"

#include <QDateTime>
#include <QHash>
#include <QString>

namespace emote::ui {

class ConsentStore {
public:
    // The statement the user confirms, as recorded in manifests (English, so records compare).
    static const char* statement();

    bool given(const QString& photo);
    // False when the photo cannot be read (moved or deleted since it was loaded): there is no one to ask about,
    // and the job will fail on reading it anyway.
    bool canAsk(const QString& photo);
    void record(const QString& photo);      // confirmed now
    provenance::ConsentRecord recordFor(const QString& photo);

private:
    QString key(const QString& photo); // "consent/photos/SHA256"; empty when the photo cannot be read

    struct Hashed {
        qint64 size = -1;
        QDateTime modified;
        QString sha256;
    };
    QHash<QString, Hashed> m_hashes; // a photo is hashed once while it stays the same file
};

} // namespace emote::ui
