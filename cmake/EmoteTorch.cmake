# libtorch and the header-only JSON parser: everything the torch side (core/nn, core/diffusion, the golden runner,
# bench_diffusion) needs, and nothing else, so that side also builds without Qt, FFmpeg or OpenCV
# (cmake/torch-only, DESIGN.md §6). Included by EmoteDependencies.cmake and by cmake/torch-only/CMakeLists.txt.
#
# Which libtorch (any from 1.13 up):
#   - Debian's libtorch 1.13 (CPU): found by default.
#   - a libtorch archive or a PyTorch wheel through its CMake package:
#       -DCMAKE_PREFIX_PATH="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
#     (a CUDA wheel's TorchConfig then also looks for the CUDA toolkit);
#   - a PyTorch wheel directly, without its CMake package and without the CUDA toolkit:
#       -DEMOTE_TORCH_PYTHON=python3
#     asks that interpreter's torch for its headers, libraries, C++ ABI and version. Emote compiles no CUDA code,
#     so the toolkit is not needed; libtorch_cuda is linked in full so its kernels register.
find_package(Threads REQUIRED)

set(EMOTE_TORCH_PYTHON "" CACHE STRING "Python interpreter whose torch package to build against (empty: find_package(Torch))")

if(EMOTE_TORCH_PYTHON)
  execute_process(
    COMMAND ${EMOTE_TORCH_PYTHON} -c
      "import os, re, torch; d = os.path.dirname(torch.__file__); print(re.match(r'[0-9]+[.][0-9]+([.][0-9]+)?', torch.__version__).group(0)); print(os.path.join(d, 'include')); print(os.path.join(d, 'lib')); print(int(torch._C._GLIBCXX_USE_CXX11_ABI)); print(int(torch.cuda.is_available() or torch.version.cuda is not None))"
    OUTPUT_VARIABLE _emote_torch_py RESULT_VARIABLE _emote_torch_rc ERROR_VARIABLE _emote_torch_err
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT _emote_torch_rc EQUAL 0)
    message(FATAL_ERROR "EMOTE_TORCH_PYTHON=${EMOTE_TORCH_PYTHON}: 'import torch' failed:\n${_emote_torch_err}")
  endif()
  string(REPLACE "\n" ";" _emote_torch_py "${_emote_torch_py}")
  list(GET _emote_torch_py 0 Torch_VERSION)
  list(GET _emote_torch_py 1 _emote_torch_include)
  list(GET _emote_torch_py 2 _emote_torch_libdir)
  list(GET _emote_torch_py 3 _emote_torch_abi)
  list(GET _emote_torch_py 4 _emote_torch_cuda)
  if(Torch_VERSION VERSION_LESS 1.13)
    message(FATAL_ERROR "torch ${Torch_VERSION} from ${EMOTE_TORCH_PYTHON} is older than 1.13")
  endif()
  add_library(emote_torch_imported INTERFACE)
  target_include_directories(emote_torch_imported SYSTEM INTERFACE
    ${_emote_torch_include} ${_emote_torch_include}/torch/csrc/api/include)
  target_compile_definitions(emote_torch_imported INTERFACE _GLIBCXX_USE_CXX11_ABI=${_emote_torch_abi})
  set(_emote_torch_libs "")
  foreach(lib torch torch_cpu c10)
    find_library(EMOTE_TORCH_LIB_${lib} ${lib} PATHS ${_emote_torch_libdir} NO_DEFAULT_PATH REQUIRED)
    list(APPEND _emote_torch_libs ${EMOTE_TORCH_LIB_${lib}})
  endforeach()
  if(_emote_torch_cuda)
    # The CUDA kernels register themselves from static initialisers: keep the libraries though nothing refers
    # to them by symbol.
    foreach(lib torch_cuda c10_cuda)
      find_library(EMOTE_TORCH_LIB_${lib} ${lib} PATHS ${_emote_torch_libdir} NO_DEFAULT_PATH)
      if(EMOTE_TORCH_LIB_${lib})
        list(APPEND _emote_torch_libs "-Wl,--no-as-needed" ${EMOTE_TORCH_LIB_${lib}} "-Wl,--as-needed")
      endif()
    endforeach()
    set(EMOTE_TORCH_CUDA ON)
  endif()
  target_link_libraries(emote_torch_imported INTERFACE ${_emote_torch_libs} Threads::Threads ${CMAKE_DL_LIBS})
  # The wheel's libraries find their own dependencies (nvidia-* wheels) through their RUNPATH; ours find them.
  set(CMAKE_BUILD_RPATH ${CMAKE_BUILD_RPATH} ${_emote_torch_libdir})
  set(EMOTE_TORCH_LIBS emote_torch_imported)
  message(STATUS "torch ${Torch_VERSION} from ${EMOTE_TORCH_PYTHON} (${_emote_torch_libdir}, C++11 ABI ${_emote_torch_abi}, CUDA ${_emote_torch_cuda})")
else()
  # Debian's libtorch 1.13 (CPU). A CUDA libtorch is picked up the same way via CMAKE_PREFIX_PATH / Torch_DIR.
  find_package(Torch 1.13 REQUIRED)
  # TorchConfig appends its flags to CMAKE_CXX_FLAGS globally; keep them on the torch targets only.
  set(EMOTE_TORCH_LIBS ${TORCH_LIBRARIES})
  message(STATUS "torch ${Torch_VERSION} (${Torch_DIR})")
endif()

# Configs are JSON (diffusers config.json, case.json): a header-only parser, not Qt's.
find_package(nlohmann_json 3.10 REQUIRED)

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
