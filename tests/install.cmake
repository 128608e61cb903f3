# ctest: install mesomix into a temporary prefix, check what is there, then configure and build
# tests/consumer against it with find_package(mesomix) and run it.
#   cmake -DBUILD=<build dir> -DSOURCE=<source dir> -DWORK=<scratch dir> -P tests/install.cmake
file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix}
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()

foreach(f bin/mesomix share/man/man1/mesomix.1 share/bash-completion/completions/mesomix
          share/zsh/site-functions/_mesomix share/fish/vendor_completions.d/mesomix.fish
          share/mesomix/catalog.toml share/mesomix/devices.toml include/mesomix/dose.hpp
          lib/cmake/mesomix/mesomixConfig.cmake lib/cmake/mesomix/mesomixConfigVersion.cmake
          share/doc/mesomix/README.md)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(GLOB libs ${prefix}/lib/libmesomix.so* ${prefix}/lib/*/libmesomix.so*)
if(NOT libs)
  message(FATAL_ERROR "not installed: libmesomix.so")
endif()

# stripped: no symbol table left in the binary
execute_process(COMMAND file -b ${prefix}/bin/mesomix OUTPUT_VARIABLE kind)
if(NOT kind MATCHES ", stripped")
  message(FATAL_ERROR "bin/mesomix is not stripped: ${kind}")
endif()
execute_process(COMMAND ${prefix}/bin/mesomix --version OUTPUT_VARIABLE version RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT version MATCHES "^mesomix ")
  message(FATAL_ERROR "the installed mesomix does not run: ${rc} ${version}")
endif()

execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE}/tests/consumer -B ${WORK}/consumer -DCMAKE_PREFIX_PATH=${prefix}
          -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER}
          "-DCMAKE_CXX_FLAGS=${CONSUMER_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_FLAGS}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "find_package(mesomix) failed:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the consumer does not build:\n${out}")
endif()
execute_process(COMMAND ${WORK}/consumer/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "minoxidil: 5 mg per session, 125 mcg per injection\n")
  message(FATAL_ERROR "the consumer printed (${rc}):\n${out}")
endif()
file(REMOVE_RECURSE ${WORK})
message(STATUS "installed, found and used: ${out}")
