// The schedule of protocol-format.md: session days from phases or [course] every, hand-worked,
// and the calendar arithmetic behind dates on sheets and labels.
#include <catch2/catch.hpp>

#include "mesomix/dose.hpp"
#include "mesomix/schedule.hpp"
#include "support.hpp"

using namespace mesomix;

namespace {

constexpr const char* head =
    "schema = 1\n[protocol]\nid = \"p\"\ntitle = \"T\"\nversion = \"1\"\n[[component]]\nactive = \"biotin\"\n"
    "stock = \"5 mg/mL\"\nvolume = \"1 mL\"\n[injection]\nvolume_per_point = \"0.05 mL\"\npoints_per_session = 10\n";

Course course_of(const std::string& text) {
  auto loaded = load_protocol(text, "p.toml", shipped_catalog());
  if (!loaded) FAIL(to_string(loaded.error().front()));
  return loaded->protocol.course;
}

std::vector<std::int64_t> days(const std::optional<std::vector<SessionDay>>& s) {
  std::vector<std::int64_t> out;
  for (const auto& d : s.value()) out.push_back(d.day);
  return out;
}

Diagnostics errors_of(const std::string& text) {
  auto loaded = load_protocol(text, "p.toml", shipped_catalog());
  REQUIRE_FALSE(loaded.has_value());
  return loaded.error();
}

}  // namespace

TEST_CASE("hand-worked: the shipped phased protocol's schedule", "[schedule]") {
  // 4 sessions 1 week apart: days 0, 7, 14, 21; then 3 two weeks apart: 35, 49, 63; then 3
  // four weeks apart: 91, 119, 147 (the gap before a session is its own phase's).
  const Course c =
      course_of(test_support::read_file(test_support::source_dir() / "formulations/protocols/hair-classic-5.toml"));
  CHECK(days(session_schedule(c)) == std::vector<std::int64_t>{0, 7, 14, 21, 35, 49, 63, 91, 119, 147});
}

TEST_CASE("a [course] every without phases", "[schedule]") {
  const Course c = course_of(std::string(head) + "[course]\nsessions = 4\nevery = \"10 d\"\n");
  CHECK(days(session_schedule(c)) == std::vector<std::int64_t>{0, 10, 20, 30});
  CHECK(c.every_written == "10 d");
}

TEST_CASE("neither phases nor every: the schedule is unknown", "[schedule]") {
  CHECK_FALSE(session_schedule(course_of(std::string(head) + "[course]\nsessions = 4\n")));
}

TEST_CASE("every under a day, not whole days, or beside phases is an error", "[schedule]") {
  auto under = errors_of(std::string(head) + "[course]\nsessions = 4\nevery = \"12 h\"\n");
  CHECK_THAT(under.front().message, Catch::Contains("less than a day apart"));
  CHECK(under.front().pos.line == 15);
  auto part =
      errors_of(std::string(head) + "[course]\nsessions = 2\n[[course.phase]]\nsessions = 2\nevery = \"36 h\"\n");
  CHECK_THAT(part.front().message, Catch::Contains("whole number of days"));
  auto both =
      errors_of(std::string(head) +
                "[course]\nsessions = 2\nevery = \"1 week\"\n[[course.phase]]\nsessions = 2\nevery = \"1 week\"\n");
  CHECK_THAT(both.front().message, Catch::Contains("without phases"));
}

TEST_CASE("dates: the start date plus each session's day", "[schedule]") {
  auto loaded =
      load_protocol(std::string(head) + "[course]\nsessions = 3\nevery = \"2 weeks\"\n", "p.toml", shipped_catalog());
  REQUIRE(loaded);
  DoseOptions options;
  options.start = Date{2026, 12, 24};
  auto r = compute_dose(loaded->protocol, shipped_catalog(), options);
  REQUIRE(r);
  // 24 Dec + 14 = 7 Jan 2027; + 28 = 21 Jan 2027
  CHECK(to_iso(*(*r->schedule)[1].date) == "2027-01-07");
  CHECK(to_iso(*(*r->schedule)[2].date) == "2027-01-21");
}

TEST_CASE("calendar arithmetic over month, year and leap-day boundaries", "[schedule]") {
  CHECK(days_since_epoch({1970, 1, 1}) == 0);
  CHECK(days_since_epoch({2000, 3, 1}) - days_since_epoch({2000, 2, 28}) == 2);  // 2000 is a leap year
  CHECK(days_since_epoch({2100, 3, 1}) - days_since_epoch({2100, 2, 28}) == 1);  // 2100 is not
  CHECK(to_iso(add_days({2026, 11, 24}, 10)) == "2026-12-04");
  CHECK(to_iso(add_days({2028, 2, 28}, 1)) == "2028-02-29");
  CHECK(to_iso(add_seconds({{2026, 12, 31}, 23, 0, 0}, 2 * 3600)) == "2027-01-01T01:00:00");
  CHECK(to_label({{2026, 11, 25}, 10, 30, 0}) == "2026-11-25 10:30");
  CHECK(parse_iso_date("2026-02-29") == std::nullopt);
  CHECK(parse_iso_date("2028-02-29") == Date{2028, 2, 29});
  CHECK(parse_iso_date("26-1-1") == std::nullopt);
  // every day of four centuries round-trips
  for (std::int64_t d = -1000; d < 146097; d += 37) CHECK(days_since_epoch(add_days({1970, 1, 1}, d)) == d);
}
