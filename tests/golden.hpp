// Golden files: compared byte for byte, rewritten with MESOMIX_UPDATE_GOLDEN=1 (then review the
// diff by eye). Shared by every test file that keeps goldens.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support.hpp"

namespace test_support {

inline void check_golden(const std::filesystem::path& golden, const std::string& actual) {
  if (std::getenv("MESOMIX_UPDATE_GOLDEN") != nullptr) {
    std::filesystem::create_directories(golden.parent_path());
    write_file(golden, actual);
    return;
  }
  INFO("golden file " << golden.string() << " (MESOMIX_UPDATE_GOLDEN=1 rewrites it)");
  REQUIRE(std::filesystem::exists(golden));
  CHECK(read_file(golden) == actual);
}

}  // namespace test_support
