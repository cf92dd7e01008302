# EMOTE_FUZZ=ON: build the libFuzzer targets of tests/fuzz (clang only), with ASan + UBSan everywhere.
# Configure a separate build folder for it (scripts/fuzz.sh does):
#   CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DEMOTE_FUZZ=ON
# Every library is compiled with coverage instrumentation (-fsanitize=fuzzer-no-link); only the fuzz targets
# link libFuzzer's main. Ninja then builds just the libraries the fuzz targets need.
option(EMOTE_FUZZ "Build the libFuzzer targets (tests/fuzz; needs clang)" OFF)
if(EMOTE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "EMOTE_FUZZ needs clang (libFuzzer): configure with CC=clang-14 CXX=clang++-14")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()
