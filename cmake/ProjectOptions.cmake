# Warnings and sanitizers for mesomix's own targets, in one place.
# Third-party headers come in through imported targets, which CMake marks SYSTEM,
# so their warnings never reach -Werror.

add_library(mesomix_options INTERFACE)
target_compile_options(mesomix_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
# GCC 12 reports -Wrestrict inside libstdc++'s own std::string operator+ once inlined into
# our code at -O2 (GCC bug 105329, fixed in GCC 13). SYSTEM includes cannot hide it, since
# the warning is raised in our translation unit: off for GCC 12 alone, nowhere else.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(mesomix_options INTERFACE -Wno-restrict)
endif()
if(MESOMIX_WERROR)
  target_compile_options(mesomix_options INTERFACE -Werror)
endif()
if(MESOMIX_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MESOMIX_FUZZ needs clang (libFuzzer): configure with CXX=clang++")
  endif()
  target_compile_options(mesomix_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(MESOMIX_SANITIZE)
  target_compile_options(mesomix_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(mesomix_options INTERFACE -fsanitize=address,undefined)
endif()
