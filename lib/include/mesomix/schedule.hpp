// The course in time: each session's day (protocol-format.md, "Schedule"), and the calendar
// arithmetic the dates on sheets and labels need. Days count from session 1, which is day 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mesomix/protocol.hpp"

namespace mesomix {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

struct DateTime {
  Date date;
  int hour = 0;
  int minute = 0;
  int second = 0;
  auto operator<=>(const DateTime&) const = default;
};

std::string to_iso(const Date& d);        // 2027-03-31
std::string to_iso(const DateTime& t);    // 2026-11-24T10:30:00
std::string to_label(const DateTime& t);  // 2026-11-24 10:30

// A real calendar date (the Gregorian calendar, years 1 to 9999).
bool valid_date(const Date& d);
// "2026-12-01", or nothing when it is not a real date.
std::optional<Date> parse_iso_date(std::string_view text);

std::int64_t days_since_epoch(const Date& d);
// An interval of whole days (the loader refuses any other `every`) as a sheet says it: in
// weeks when it is whole weeks, else in days.
struct Interval {
  std::int64_t count = 0;
  bool weeks = false;
};
Interval interval_of(const Duration& every);  // 1970-01-01 is 0
Date add_days(const Date& d, std::int64_t days);
std::int64_t seconds_since_epoch(const DateTime& t);
DateTime add_seconds(const DateTime& t, std::int64_t seconds);

struct SessionDay {
  std::int64_t session = 0;  // 1-based
  std::int64_t day = 0;      // from session 1
  std::int64_t week = 1;     // the week of the course it falls in: days 0-6 are week 1
  std::optional<Date> date;  // when the course's start is given
};

// Session 1 is day 0; the gap before each later session is the `every` of its phase (or of
// the course). Nothing when the protocol gives no interval: the schedule is then unknown.
std::optional<std::vector<SessionDay>> session_schedule(const Course& course);

}  // namespace mesomix
