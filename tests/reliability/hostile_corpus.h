// The hostile-input corpus: damaged, lying and malicious files made at test time, each paired with the emote
// command that must refuse it cleanly (or, for odd-but-valid files, handle it).
//
//   emote::test::CorpusContext ctx(tempDir, portrait, audio, modelsDir);
//   const QList<emote::test::HostileCase> cases = emote::test::makeHostileCorpus(ctx);
//   for (const auto& c : cases) ... run emote with c.args, check c.codes / c.named / c.target
//
// A category is one generator function plus one line in kCategories (hostile_corpus.cpp).
#pragma once

#include <QByteArray>
#include <QDir>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace emote::test {

struct HostileCase {
    QString name;        // "category/what", unique
    QStringList args;    // emote's arguments; "{OUT}" is replaced by target
    QString named;       // the one-line error must contain this (the hostile file's name)
    QList<int> codes;    // allowed exit codes, the documented one first (0 = the file is odd but usable)
    QString target;      // the path the command would write; must be absent after a failure ("" = none)
    QStringList env;     // extra KEY=VALUE for the process
    QString input;       // the hostile file itself (the corpus size counts distinct inputs)
};

struct CorpusContext {
    QDir dir;            // everything is written below it
    QString portrait;    // a good portrait (PNG)
    QString audio;       // a good short audio file (WAV)
    QString models_dir;  // the real models folder (holding face-api/)
    int serial = 0;      // numbers targets

    // Writes BYTES to dir/SUB/NAME (folders made as needed) and returns the path.
    QString write(const QString& sub, const QString& name, const QByteArray& bytes);
    QString target(const QString& ext); // a fresh path under dir/out that does not exist
};

using CorpusGenerator = std::function<void(CorpusContext&, QList<HostileCase>&)>;

struct CorpusCategory {
    const char* name;
    CorpusGenerator generate;
};

// Every category; makeHostileCorpus() runs them all. Generators fail loudly (throw std::runtime_error) when a
// tool they need (convert, ffmpeg, sox) fails, so a category is never silently empty.
const QList<CorpusCategory>& hostileCategories();
QList<HostileCase> makeHostileCorpus(CorpusContext& ctx);

// Helpers the generators share (also handy for new categories).
QByteArray readAll(const QString& path);
QByteArray randomBytes(int n, quint32 seed);
// A safetensors file: 8-byte little-endian header length, HEADER, then DATA.
QByteArray safetensorsBytes(const QByteArray& header, const QByteArray& data);

} // namespace emote::test
