// The measuring devices: the shipped syringes and the loader's refusals.
#include <catch2/catch.hpp>

#include "mesomix/devices.hpp"
#include "support.hpp"

using namespace mesomix;

TEST_CASE("the shipped devices are the issue's five syringes, smallest first", "[devices]") {
  const Devices& d = shipped_devices();
  REQUIRE(d.syringes.size() == 5);
  const std::pair<int, Exact> expected[] = {
      {1, Exact(1, 100)}, {3, Exact(1, 10)}, {5, Exact(1, 5)}, {10, Exact(1, 5)}, {20, Exact(1)}};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(in_ml(d.syringes[i].capacity) == expected[i].first);
    CHECK(in_ml(d.syringes[i].graduation) == expected[i].second);
  }
  const auto on_disk = test_support::read_file(test_support::source_dir() / "formulations/devices.toml");
  auto loaded = load_devices(on_disk, "devices.toml");
  REQUIRE(loaded.has_value());
  CHECK(loaded->syringes.size() == 5);
}

TEST_CASE("a devices file is sorted by capacity whatever its order", "[devices]") {
  auto d = load_devices(
      "schema = 1\n[[syringe]]\nname = \"big\"\ncapacity = \"10 mL\"\ngraduation = \"0.2 mL\"\n"
      "[[syringe]]\nname = \"small\"\ncapacity = \"1 mL\"\ngraduation = \"0.01 mL\"\n",
      "d.toml");
  REQUIRE(d.has_value());
  CHECK(d->syringes.front().name == "small");
}

TEST_CASE("a graduation that does not divide the capacity, a duplicate name, no syringe: refused", "[devices]") {
  auto uneven =
      load_devices("schema = 1\n[[syringe]]\nname = \"s\"\ncapacity = \"1 mL\"\ngraduation = \"0.3 mL\"\n", "d.toml");
  REQUIRE_FALSE(uneven.has_value());
  CHECK(to_string(uneven.error().front()) ==
        "d.toml:5:14: error: a graduation of 0.3 mL does not divide a capacity of 1 mL into whole marks; hint: check "
        "the syringe's scale");
  auto twice = load_devices(
      "schema = 1\n[[syringe]]\nname = \"s\"\ncapacity = \"1 mL\"\ngraduation = \"0.1 mL\"\n"
      "[[syringe]]\nname = \"s\"\ncapacity = \"3 mL\"\ngraduation = \"0.1 mL\"\n",
      "d.toml");
  REQUIRE_FALSE(twice.has_value());
  CHECK_THAT(twice.error().front().message, Catch::Contains("two syringes are named \"s\""));
  auto none = load_devices("schema = 1\n", "d.toml");
  REQUIRE_FALSE(none.has_value());
  CHECK_THAT(none.error().front().message, Catch::Contains("no syringe"));
  auto typo =
      load_devices("schema = 1\n[[syringe]]\nname = \"s\"\ncapacity = \"1 mL\"\ngraduaton = \"0.1 mL\"\n", "d.toml");
  REQUIRE_FALSE(typo.has_value());
  CHECK_THAT(to_string(typo.error().back()), Catch::Contains("did you mean \"graduation\"?"));
}
