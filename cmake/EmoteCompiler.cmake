# Compiler settings shared by every target.
find_program(EMOTE_CCACHE ccache)
if(EMOTE_CCACHE)
  # PCH-friendly ccache: the torch precompiled header is reused across targets. CCACHE_BASEDIR makes paths
  # relative, so clones and worktrees at other locations share cache entries.
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}" ${EMOTE_CCACHE})
  set(CMAKE_C_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}" ${EMOTE_CCACHE})
endif()

add_compile_definitions(QT_NO_KEYWORDS)

# -Wno-restrict: GCC 12 false positives inside std::string (GCC bug 105329).
set(EMOTE_WARNINGS -Wall -Wextra -Wpedantic -Wno-unused-parameter -Wno-missing-field-initializers -Wno-restrict)

set(EMOTE_SANITIZE "" CACHE STRING "Sanitizers to build with, e.g. address,undefined")
set(EMOTE_SANITIZE_TIMEOUT_FACTOR 4 CACHE STRING "With EMOTE_SANITIZE: ctest time limits are this many times longer")
if(EMOTE_SANITIZE)
  add_compile_options(-fsanitize=${EMOTE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=${EMOTE_SANITIZE})
endif()

# Give an Emote target the project's warnings (third-party headers stay quiet as SYSTEM includes).
function(emote_target_defaults target)
  target_compile_options(${target} PRIVATE ${EMOTE_WARNINGS})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()
