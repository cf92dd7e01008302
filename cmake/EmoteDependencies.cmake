# Every third-party dependency, from Debian bookworm packages (see scripts/setup.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Multimedia Network Test LinguistTools)

pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
  libavformat>=59 libavcodec>=59 libavutil>=57 libswresample>=4 libswscale>=6)

find_package(OpenCV 4.6 REQUIRED COMPONENTS core imgproc imgcodecs video)

# Phoneme recognition (allphone mode) for the Live engine.
find_package(PocketSphinx REQUIRED)

# libtorch, the torch PCH, emote_use_torch() and the JSON parser: the part the torch-only build shares.
include(EmoteTorch)
