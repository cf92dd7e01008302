// A tiny Hallo-like release for the fetch tests, made at test time from random weights: hallo/net.pth (a
// torch.save-style zip of float16 tensors, like Hallo's own), the sd-vae-ft-mse and wav2vec2-base-960h folders
// (small safetensors with the key layout import-hallo expects, the CTC head included) and their configs, in
// Hallo's pretrained_models layout, plus the manifest that pins them (their real sizes and SHA-256s).
//
//   const auto release = emote::test::makeFakeRelease(7);
//   for (const auto& f : release.files) server.setFile(release.urlPath(f), f.bytes);
//   write(release.manifest(server.baseUrl()));      // → emote fetch hallo --manifest FILE
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <string>
#include <vector>

namespace emote::test {

struct FakeRelease {
    struct File {
        QString path;     // in the release folder, e.g. "hallo/net.pth"
        QByteArray bytes; // what the server should send
    };
    std::vector<File> files;
    std::vector<std::string> net_tensors; // the tensor names in hallo/net.pth

    static QString urlPath(const File& f) { return QStringLiteral("/fake/hallo/resolve/0123abcd/") + f.path; }
    const File& file(const QString& path) const;
    // The release manifest: files pinned by their real size and SHA-256, relative URLs under BASE_URL, the SD
    // UNet config written from the manifest (as in the real one).
    QJsonObject manifest(const QString& base_url) const;
    std::int64_t downloadBytes() const;
};

// NET_KIB: about how large hallo/net.pth is (the one file big enough for drops and resumes mid-file).
FakeRelease makeFakeRelease(unsigned seed, int net_kib = 256);

} // namespace emote::test
