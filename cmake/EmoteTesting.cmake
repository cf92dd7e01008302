# emote_add_test(NAME name SOURCES a.cpp ... LIBS lib ... LABELS unit|golden|gui|e2e [TIMEOUT s] [ENV K=V ...])
# Builds one Qt Test executable and registers it in ctest with its labels. Tests link the same libraries
# the app does; sources are never re-listed.
function(emote_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  emote_target_defaults(${T_NAME})
  target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 600)
  endif()
  if(EMOTE_SANITIZE)
    # ASan/UBSan builds (scripts/sanitize.sh) run several times slower: every ctest limit is EMOTE_SANITIZE_
    # TIMEOUT_FACTOR times longer there (Qt Test's per-function watchdog is raised by the script).
    math(EXPR T_TIMEOUT "${T_TIMEOUT} * ${EMOTE_SANITIZE_TIMEOUT_FACTOR}")
  endif()
  set(env
    "QT_QPA_PLATFORM=offscreen"
    "QT_MEDIA_BACKEND=ffmpeg"
    "EMOTE_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    "EMOTE_BINARY_DIR=${PROJECT_BINARY_DIR}"
    "EMOTE_CLI=$<TARGET_FILE:emote>"
    "EMOTE_MODELS_DIR=${EMOTE_MODELS_DIR}"
    # `emote generate` keeps its install id (watermark payload) under XDG_CONFIG_HOME: never the user's.
    "XDG_CONFIG_HOME=${PROJECT_BINARY_DIR}/test-config"
    ${T_ENV})
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
                       ENVIRONMENT "${env}")
endfunction()
