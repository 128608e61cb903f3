#include "mesomix/record.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "i18n/tr.hpp"

#include "mesomix/format.hpp"
#include "mesomix/names.hpp"

namespace mesomix {
namespace {

std::string resolved(const Catalog& catalog, const std::string& name) {
  const CatalogActive* a = catalog.find(name);
  return a != nullptr ? a->id : name;
}

Diagnostics match_protocol(const Batch& b, const DoseResult& dose, const Catalog& catalog) {
  Diagnostics errors;
  auto error = [&](SourcePos at, std::string message, std::string hint) {
    errors.push_back({b.file, at, Severity::error, std::move(message), std::move(hint)});
  };
  const auto& wanted = dose.protocol.components;
  for (std::size_t i = 0; i < b.components.size() && i < wanted.size(); ++i) {
    if (resolved(catalog, b.components[i].active) != wanted[i].active)
      error(b.components[i].at,
            trf("component {} is \"{}\" here but \"{}\" in the protocol", i + 1, b.components[i].active,
                wanted[i].active),
            tr("list one [[component]] per protocol component, in the protocol's order"));
  }
  if (b.components.size() != wanted.size())
    error(b.components.size() > wanted.size() ? b.components[wanted.size()].at : b.at,
          trf("the batch lists {} components, the protocol {}", b.components.size(), wanted.size()),
          tr("list one [[component]] per protocol component, in the protocol's order"));
  const bool diluent_used = dose.protocol.diluent && dose.diluent_volume > millilitres(0);
  if (diluent_used && !b.diluent)
    error(b.at, trf("the protocol dilutes with \"{}\", but the batch has no [diluent]", dose.protocol.diluent->name),
          tr("add [diluent] with product, manufacturer, lot and expiry"));
  if (!diluent_used && b.diluent)
    error(b.diluent->at, tr("the batch has a [diluent] the protocol does not use"), tr("remove [diluent]"));
  return errors;
}

void date_stops(const Batch& b, Diagnostics& stops) {
  auto stop = [&](std::string message, std::string hint, SourcePos at) {
    stops.push_back({b.file, at, Severity::stop, std::move(message), std::move(hint)});
  };
  auto check = [&](const std::string& lot, const Date& expiry, SourcePos expiry_at, const std::string& what) {
    if (expiry < b.prepared.date)
      stop(trf("{} lot {} expired on {}, before the preparation on {}", what, lot, to_iso(expiry),
               to_iso(b.prepared.date)),
           tr("use an unexpired lot"), expiry_at);
    else if (b.bud.date > expiry)
      stop(
          trf("the beyond-use date {} is after the expiry of {} lot {} ({})", to_iso(b.bud), what, lot, to_iso(expiry)),
          tr("set the beyond-use date on or before the earliest expiry"), b.bud_at);
  };
  for (const auto& c : b.components)
    for (const auto& l : c.lots) check(l.lot, l.expiry, l.expiry_at, c.product);
  if (b.diluent)
    for (const auto& l : b.diluent->lots) check(l.lot, l.expiry, l.expiry_at, b.diluent->product);
  for (const auto& a : b.adjuncts) check(a.lot, a.expiry, a.expiry_at, a.name + tr(" kit"));
  if (b.bud <= b.prepared)
    stop(trf("the beyond-use date {} is not after the preparation {}", to_iso(b.bud), to_iso(b.prepared)),
         tr("the beyond-use date comes after the preparation"), b.bud_at);
  // names compared as a reader compares them: "A. Okafor", "A.\u00a0Okafor" and a Cyrillic А are one person
  if (same_name(b.preparer, b.verifier))
    stop(trf("the verifier \"{}\" is the preparer \"{}\" (names compared ignoring case, accents, spacing "
             "and look-alike letters)",
             b.verifier, b.preparer),
         tr("a second person verifies the preparation"), b.verifier_at);
}

std::optional<LotExpiry> earliest_expiry(const Batch& b) {
  std::optional<LotExpiry> out;
  // a lot is good to the end of its expiry day
  auto consider = [&](const std::string& lot, const Date& expiry, const std::string& what) {
    const DateTime end{add_days(expiry, 1), 0, 0, 0};
    const std::int64_t left = seconds_since_epoch(end) - seconds_since_epoch(b.prepared);
    if (left <= 0) return;  // expired: a stop of its own
    if (!out || seconds(Exact(left)) < out->remaining)
      out = LotExpiry{seconds(Exact(left)), trf("{} lot {}, expiring {}", what, lot, to_iso(expiry))};
  };
  // of an item's lots, the earliest decides; a kit (PRP) used at the bedside expires like a stock
  for (const auto& c : b.components) consider(c.earliest().lot, c.earliest().expiry, c.product);
  if (b.diluent) consider(b.diluent->earliest().lot, b.diluent->earliest().expiry, b.diluent->product);
  for (const auto& a : b.adjuncts) consider(a.lot, a.expiry, a.name + tr(" kit"));
  return out;
}

DateTime one_year_after(const DateTime& t) {
  Date d{t.date.year + 1, t.date.month, t.date.day};
  if (!valid_date(d)) d = {t.date.year + 1, 3, 1};  // 29 February
  return {d, t.hour, t.minute, t.second};
}

void bud_stops(const Batch& b, const RecordResult& r, Diagnostics& stops) {
  auto stop = [&](std::string message, std::string hint, SourcePos at) {
    stops.push_back({b.file, at, Severity::stop, std::move(message), std::move(hint)});
  };
  if (b.prepared.date.year < 2000 || b.bud.date.year < 2000) {
    const bool prep = b.prepared.date.year < 2000;
    stop(trf("the {} {} is not a date of the present era", prep ? tr("preparation") : tr("beyond-use date"),
             to_iso(prep ? b.prepared : b.bud)),
         tr("check the year"), prep ? b.prepared_at : b.bud_at);
    return;
  }
  if (b.bud > one_year_after(b.prepared)) {
    stop(trf("the beyond-use date {} is more than a year after the preparation {}", to_iso(b.bud), to_iso(b.prepared)),
         tr("check the year: no compounded syringe keeps that long"), b.bud_at);
    return;
  }
  const std::int64_t given = seconds_since_epoch(b.bud) - seconds_since_epoch(b.prepared);
  if (given > 0 && seconds(Exact(given)) > r.bud.limit) {
    const DateTime latest = add_seconds(b.prepared, floor_to_int64(in_seconds(r.bud.limit)));
    stop(trf("the beyond-use date {} is {} after the preparation, past the limit of {} ({})", to_iso(b.bud),
             format_duration(seconds(Exact(given))), format_duration(r.bud.limit), r.bud.basis_text),
         trf("set bud no later than {}", to_iso(latest)), b.bud_at);
  }
  const auto& units = r.mix.units;
  if (units.empty()) return;
  for (std::size_t i = 1; i < units.size(); ++i) {
    if (!units[i].day || !units.front().day) {
      stop(trf("session {} has no day: the protocol gives no schedule, so a preparation covers "
               "one session",
               units[i].session),
           tr("record one session per preparation (sessions = 1)"), b.first_session_at);
      return;
    }
    const DateTime starts = add_seconds(b.prepared, (*units[i].day - *units.front().day) * 86400);
    if (starts >= b.bud) {
      stop(trf("session {} (day {}, about {}) falls after the beyond-use date {}", units[i].session, *units[i].day,
               to_iso(starts.date), to_iso(b.bud)),
           tr("cover only the sessions before the BUD; plan the rest with mesomix mix --plan"), b.at);
      return;
    }
  }
}

// The lots as used: a labelled strength must be the protocol's stock, and the volumes drawn
// from several lots must add up to the draw (preparation.md, "Safety stops").
void lot_stops(const Batch& b, const MixResult& m, Diagnostics& stops) {
  auto stop = [&](std::string message, std::string hint, SourcePos at) {
    stops.push_back({b.file, at, Severity::stop, std::move(message), std::move(hint)});
  };
  for (std::size_t i = 0; i < m.draws.size(); ++i) {
    const Draw& d = m.draws[i];
    const SourcedItem* item = nullptr;
    if (d.kind == DrawKind::component && i < b.components.size())
      item = &b.components[i];
    else if (d.kind == DrawKind::diluent && b.diluent)
      item = &*b.diluent;
    if (item == nullptr) continue;
    if (item->strength && d.stock && *item->strength != *d.stock)
      stop(trf("{} lot {} is labelled {}, but the protocol's stock is {}", item->product, item->lot_numbers(),
               format_strength(*item->strength, Precision::exact), format_strength(*d.stock, Precision::exact)),
           tr("use a lot of the protocol's stock strength, or correct the protocol"), item->strength_at);
    bool all_given = true;
    Volume sum = millilitres(0);
    for (const auto& l : item->lots) {
      if (l.volume)
        sum = sum + *l.volume;
      else
        all_given = false;
    }
    if (item->lots.size() > 1 && !all_given)
      stop(trf("{}: {} lots are listed, but not the volume drawn from each", item->product, item->lots.size()),
           tr("give each [[component.lot]] its volume"), item->at);
    else if (all_given && sum != d.drawn)
      stop(trf("the volumes drawn from the lots of {} add up to {}, but the draw is {}", item->product,
               format_volume(sum, Precision::exact), format_volume(d.drawn, Precision::exact)),
           tr("the lots' volumes add up to the volume drawn"), item->lots.front().at);
  }
}

}  // namespace

Expected<RecordResult, Diagnostics> compute_record(const DoseResult& dose, const Batch& batch, const Devices& devices,
                                                   const Catalog& catalog, std::string mesomix_version,
                                                   std::vector<InputDigest> inputs, const BudRules& bud_rules,
                                                   const std::optional<CompoundingConditions>& conditions) {
  if (dose.protocol.mechanical() || !dose.session)
    return unexpected(Diagnostics{{dose.protocol.file,
                                   {},
                                   Severity::error,
                                   tr("a mechanical protocol has no preparation to record"),
                                   tr("record is for protocols with a cocktail")}});
  Diagnostics errors = match_protocol(batch, dose, catalog);
  if (!errors.empty()) return unexpected(std::move(errors));
  const CompoundingConditions used = batch.compounding.value_or(conditions.value_or(default_conditions()));
  auto limit = bud_limit(bud_rules, used, dose.protocol, sterile_products(dose), earliest_expiry(batch));
  if (!limit) {
    Diagnostics ds = std::move(limit).error();
    if (batch.compounding)
      for (auto& d : ds) {
        d.file = batch.file;
        d.pos = batch.compounding_at;
      }
    return unexpected(std::move(ds));
  }
  MixOptions options;
  options.sessions = batch.sessions;
  options.batch_volume = batch.volume;
  options.from_session = batch.first_session;
  options.bud = *limit;
  options.prepared = batch.prepared;
  options.bud_at = batch.bud;
  options.lot = batch.lot;
  // a record's labels name the patient, or say that the preparation is for none in particular
  options.patient = batch.patient ? fmt::format("{} ({})", batch.patient->name, batch.patient->id)
                                  : std::string(tr("not patient-specific"));
  options.storage = batch.storage;
  options.hold_to_bud_limit = false;  // held below to the batch file's own BUD, which the limit bounds
  auto mix = compute_mix(dose, devices, options);
  if (!mix) return unexpected(std::move(mix).error());
  RecordResult r{std::move(mix).value(), {}, batch, *limit, std::move(mesomix_version), std::nullopt, true,
                 std::move(inputs),      {}, {}};
  // match_protocol has checked that the batch lists the protocol's components, in its order
  auto lot = batch.components.begin();
  for (const Draw& d : r.mix.draws) {
    if (d.kind == DrawKind::component)
      r.draws.push_back({d, *lot++});
    else if (d.kind == DrawKind::diluent)
      r.draws.push_back({d, batch.diluent});
    else
      r.draws.push_back({d, std::nullopt});
  }
  date_stops(batch, r.stops);
  bud_stops(batch, r, r.stops);
  if (r.mix.stops.empty()) lot_stops(batch, r.mix, r.stops);
  return r;
}

}  // namespace mesomix
