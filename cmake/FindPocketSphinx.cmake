# Debian's pocketsphinx.pc names a non-existent /usr/include/sphinxbase, so pkg-config's IMPORTED_TARGET
# form fails (DESIGN.md §3). Find the headers and libraries directly.
find_path(POCKETSPHINX_INCLUDE_DIR pocketsphinx.h PATH_SUFFIXES pocketsphinx)
find_path(SPHINXBASE_INCLUDE_DIR sphinxbase/cmd_ln.h PATHS /usr/include/${CMAKE_LIBRARY_ARCHITECTURE})
find_library(POCKETSPHINX_LIBRARY pocketsphinx)
find_library(SPHINXBASE_LIBRARY sphinxbase)
find_path(POCKETSPHINX_MODEL_DIR en-us/en-us-phone.lm.bin PATHS /usr/share/pocketsphinx/model NO_DEFAULT_PATH)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(PocketSphinx REQUIRED_VARS POCKETSPHINX_INCLUDE_DIR SPHINXBASE_INCLUDE_DIR
                                  POCKETSPHINX_LIBRARY SPHINXBASE_LIBRARY POCKETSPHINX_MODEL_DIR)
if(PocketSphinx_FOUND AND NOT TARGET PocketSphinx::PocketSphinx)
  add_library(PocketSphinx::PocketSphinx UNKNOWN IMPORTED)
  set_target_properties(PocketSphinx::PocketSphinx PROPERTIES
    IMPORTED_LOCATION "${POCKETSPHINX_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${POCKETSPHINX_INCLUDE_DIR};${SPHINXBASE_INCLUDE_DIR};${SPHINXBASE_INCLUDE_DIR}/sphinxbase"
    INTERFACE_LINK_LIBRARIES "${SPHINXBASE_LIBRARY}")
endif()
