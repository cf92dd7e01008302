# Source rules checked by ctest (label unit):
#  - core's public headers never mention torch (DESIGN.md §3: torch behind one wall);
#  - nothing loads TorchScript or pickle (models load only from safetensors, DESIGN.md §4);
#  - no Qt keyword macros (QT_NO_KEYWORDS: use Q_SIGNALS / Q_SLOTS / Q_EMIT).
# Usage: cmake -DSOURCE_DIR=... -P check_sources.cmake
file(GLOB_RECURSE headers "${SOURCE_DIR}/core/*.h")
# Private implementation headers (detail/) may use torch: only .cpp files of their library include them.
list(FILTER headers EXCLUDE REGEX "/detail/")
file(GLOB_RECURSE sources "${SOURCE_DIR}/core/*.cpp" "${SOURCE_DIR}/core/*.h" "${SOURCE_DIR}/ui/*.cpp"
     "${SOURCE_DIR}/ui/*.h" "${SOURCE_DIR}/app/*.cpp" "${SOURCE_DIR}/app/*.h")
set(errors "")
foreach(h IN LISTS headers)
  file(STRINGS "${h}" lines REGEX "#include *[<\"](torch|ATen|c10)/|(torch|at|c10)::")
  if(lines)
    list(APPEND errors "torch in a public core header: ${h}")
  endif()
endforeach()
foreach(s IN LISTS sources)
  file(STRINGS "${s}" lines REGEX "torch::jit::load|pickle_load|torch::load\\(|_load_for_mobile")
  if(lines)
    list(APPEND errors "TorchScript/pickle loading in ${s}: ${lines}")
  endif()
  file(STRINGS "${s}" lines REGEX "^[ \t]*(signals|slots|public slots|private slots|protected slots)[ \t]*:|[^_A-Za-z]emit[ \t]")
  if(lines)
    list(APPEND errors "Qt keyword macro in ${s}: ${lines}")
  endif()
endforeach()
list(LENGTH headers nh)
list(LENGTH sources ns)
if(errors)
  string(JOIN "\n  " msg ${errors})
  message(FATAL_ERROR "Source rule violations:\n  ${msg}")
endif()
message(STATUS "source rules hold: ${nh} core headers, ${ns} sources checked")
