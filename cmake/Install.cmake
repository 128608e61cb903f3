# `cmake --install BUILD --prefix P` (cli-contract.md, "Installing"):
#   bin/mesomix                                  stripped (MESOMIX_INSTALL_STRIP, default ON)
#   lib/mesomix/mesomix_print.so                 the PDF and barcode module, opened when printing them
#   lib/libmesomix.so.*                          the core as a shared library, with its headers
#   include/mesomix/*.hpp
#   lib/cmake/mesomix/mesomix{Config,ConfigVersion,Targets}.cmake   find_package(mesomix)
#   share/man/man1/mesomix.1
#   share/bash-completion/completions/mesomix, share/zsh/site-functions/_mesomix,
#   share/fish/vendor_completions.d/mesomix.fish
#   share/mesomix/{catalog,devices,bud-rules}.toml, protocols/, batches/, schemas/
#   share/doc/mesomix/                           README, CHANGELOG, docs/
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

option(MESOMIX_INSTALL_STRIP "Strip the installed binary and library (packagers who keep debug symbols: OFF)" ON)
option(MESOMIX_INSTALL_LIBRARY "Build and install libmesomix (shared) and its CMake package" ON)

install(TARGETS mesomix RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# the printing module (PDF, barcodes), opened by mesomix from bin/../lib/mesomix
install(TARGETS mesomix_print LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/mesomix)

set(_mesomix_strip_files "${CMAKE_INSTALL_BINDIR}/mesomix" "${CMAKE_INSTALL_LIBDIR}/mesomix/mesomix_print.so")

if(MESOMIX_INSTALL_LIBRARY AND NOT MESOMIX_FUZZ)
  # libmesomix: the same objects as mesomix_core (built position-independent), in one shared
  # library whose own dependencies (toml++, fmt, Nettle, ICU, ...) stay private: a consumer
  # needs only what the public headers include, Boost headers and GMP.
  add_library(mesomix_shared SHARED ${PROJECT_SOURCE_DIR}/lib/src/library.cpp)
  add_library(mesomix::mesomix ALIAS mesomix_shared)
  # the public headers use GMP's rationals (exact.hpp): a consumer links -lgmp (libgmp-dev)
  target_link_libraries(mesomix_shared
    PUBLIC Boost::headers $<BUILD_INTERFACE:mesomix_gmp> $<INSTALL_INTERFACE:gmp>
    PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,mesomix_core>" mesomix_options)
  target_include_directories(mesomix_shared PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/lib/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(mesomix_shared PUBLIC cxx_std_20)
  set_target_properties(mesomix_shared PROPERTIES
    OUTPUT_NAME mesomix EXPORT_NAME mesomix
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})

  install(TARGETS mesomix_shared EXPORT mesomixTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/include/mesomix DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT mesomixTargets NAMESPACE mesomix:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mesomix)
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mesomixConfig.cmake.in
    ${PROJECT_BINARY_DIR}/mesomixConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mesomix)
  # 0.x: a minor release may change the API, so only the same minor version is compatible.
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/mesomixConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/mesomixConfig.cmake ${PROJECT_BINARY_DIR}/mesomixConfigVersion.cmake
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/mesomix)
  list(APPEND _mesomix_strip_files "${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:mesomix_shared>")
endif()

# The binary is installed stripped by default, as a user expects of `make install`
# (`cmake --install --strip` strips too; MESOMIX_INSTALL_STRIP=OFF keeps the symbols).
if(MESOMIX_INSTALL_STRIP AND CMAKE_STRIP)
  foreach(_file IN LISTS _mesomix_strip_files)
    install(CODE "
      set(_path \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${_file}\")
      execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-unneeded \"\${_path}\" RESULT_VARIABLE _rc)
      if(NOT _rc EQUAL 0)
        message(FATAL_ERROR \"could not strip \${_path}\")
      endif()")
  endforeach()
endif()

configure_file(${PROJECT_SOURCE_DIR}/man/mesomix.1 ${PROJECT_BINARY_DIR}/man/mesomix.1 @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/man/mesomix.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

install(FILES ${PROJECT_SOURCE_DIR}/completions/mesomix.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME mesomix)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_mesomix DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
install(FILES ${PROJECT_SOURCE_DIR}/completions/mesomix.fish
  DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The shipped data: what is built into the binary, as files a pharmacy can read and copy.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/formulations/ DESTINATION ${CMAKE_INSTALL_DATADIR}/mesomix
  FILES_MATCHING PATTERN "*.toml")
if(EXISTS ${PROJECT_SOURCE_DIR}/schemas)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/mesomix/schemas
    FILES_MATCHING PATTERN "*.json")
endif()
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}
  FILES_MATCHING PATTERN "*.md" PATTERN "*.toml")
