#include "mesomix/schedule.hpp"

#include <fmt/format.h>

#include "i18n/tr.hpp"

namespace mesomix {

std::string to_iso(const Date& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

std::string to_iso(const DateTime& t) {
  return fmt::format("{}T{:02}:{:02}:{:02}", to_iso(t.date), t.hour, t.minute, t.second);
}

Interval interval_of(const Duration& every) {
  const std::int64_t days = floor_to_int64(in_seconds(every) / 86400);
  if (days % 7 == 0) return {days / 7, true};
  return {days, false};
}

std::string to_label(const DateTime& t) { return fmt::format("{} {:02}:{:02}", to_iso(t.date), t.hour, t.minute); }

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

}  // namespace

bool valid_date(const Date& d) {
  return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4);
  auto m = digits(5, 2);
  auto d = digits(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const Date date{*y, *m, *d};
  if (!valid_date(date)) return std::nullopt;
  return date;
}

// Howard Hinnant's days_from_civil and civil_from_days (public domain algorithms).
std::int64_t days_since_epoch(const Date& d) {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date add_days(const Date& d, std::int64_t days) {
  const std::int64_t z = days_since_epoch(d) + days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

std::int64_t seconds_since_epoch(const DateTime& t) {
  return days_since_epoch(t.date) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

DateTime add_seconds(const DateTime& t, std::int64_t seconds) {
  const std::int64_t s = seconds_since_epoch(t) + seconds;
  std::int64_t days = s / 86400;
  std::int64_t rest = s % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  const Date epoch{1970, 1, 1};
  return {add_days(epoch, days), static_cast<int>(rest / 3600), static_cast<int>(rest % 3600 / 60),
          static_cast<int>(rest % 60)};
}

std::optional<std::vector<SessionDay>> session_schedule(const Course& course) {
  std::vector<Duration> gaps;  // the gap before each session; the first is never used
  if (!course.phases.empty()) {
    for (const auto& ph : course.phases)
      for (std::int64_t i = 0; i < ph.sessions; ++i) gaps.push_back(ph.every);
  } else if (course.every) {
    for (std::int64_t i = 0; i < course.sessions; ++i) gaps.push_back(*course.every);
  } else {
    return std::nullopt;
  }
  std::vector<SessionDay> out;
  std::int64_t day = 0;
  for (std::int64_t s = 1; s <= course.sessions && s <= static_cast<std::int64_t>(gaps.size()); ++s) {
    if (s > 1) day += floor_to_int64(in_seconds(gaps[static_cast<std::size_t>(s - 1)]) / 86400);
    out.push_back({s, day, day / 7 + 1, std::nullopt});
  }
  return out;
}

}  // namespace mesomix
