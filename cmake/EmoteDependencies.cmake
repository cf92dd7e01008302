# Every third-party dependency, from Debian bookworm packages (see scripts/setup.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Multimedia Test LinguistTools)

pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
  libavformat>=59 libavcodec>=59 libavutil>=57 libswresample>=4 libswscale>=6)

find_package(OpenCV 4.6 REQUIRED COMPONENTS core imgproc imgcodecs video)

# Phoneme recognition (allphone mode) for the Live engine.
find_package(PocketSphinx REQUIRED)

# Debian's libtorch 1.13 (CPU). A CUDA libtorch is picked up the same way via CMAKE_PREFIX_PATH / Torch_DIR.
find_package(Torch REQUIRED)
# TorchConfig appends its flags to CMAKE_CXX_FLAGS globally; keep them on the torch targets only.
set(EMOTE_TORCH_LIBS ${TORCH_LIBRARIES})

# One precompiled header for every torch target (reused, never rebuilt per target). Qt headers stay out of it.
add_library(emote_torch_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/torch_pch.cpp)
target_link_libraries(emote_torch_pch PUBLIC ${EMOTE_TORCH_LIBS})
emote_target_defaults(emote_torch_pch) # same flags as its users, or GCC ignores the PCH
target_precompile_headers(emote_torch_pch PRIVATE <torch/torch.h>)

# Make a torch-using target share that header. Libraries are position-independent (Qt requires it), and so is
# the header; executables build as PIE, which GCC would reject the header for, so they compile without it.
function(emote_use_torch target)
  target_link_libraries(${target} PRIVATE ${EMOTE_TORCH_LIBS})
  get_target_property(type ${target} TYPE)
  if(NOT type STREQUAL "EXECUTABLE")
    target_precompile_headers(${target} REUSE_FROM emote_torch_pch)
  endif()
  set_property(TARGET ${target} APPEND PROPERTY EMOTE_USES_TORCH ON)
endfunction()
