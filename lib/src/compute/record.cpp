#include "mesomix/record.hpp"

#include <algorithm>

#include <fmt/format.h>

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
            fmt::format("component {} is \"{}\" here but \"{}\" in the protocol", i + 1, b.components[i].active,
                        wanted[i].active),
            "list one [[component]] per protocol component, in the protocol's order");
  }
  if (b.components.size() != wanted.size())
    error(b.components.size() > wanted.size() ? b.components[wanted.size()].at : b.at,
          fmt::format("the batch lists {} components, the protocol {}", b.components.size(), wanted.size()),
          "list one [[component]] per protocol component, in the protocol's order");
  const bool diluent_used = dose.protocol.diluent && dose.diluent_volume > millilitres(0);
  if (diluent_used && !b.diluent)
    error(b.at,
          fmt::format("the protocol dilutes with \"{}\", but the batch has no [diluent]", dose.protocol.diluent->name),
          "add [diluent] with product, manufacturer, lot and expiry");
  if (!diluent_used && b.diluent)
    error(b.diluent->at, "the batch has a [diluent] the protocol does not use", "remove [diluent]");
  return errors;
}

void date_stops(const Batch& b, Diagnostics& stops) {
  auto stop = [&](std::string message, std::string hint, SourcePos at) {
    stops.push_back({b.file, at, Severity::stop, std::move(message), std::move(hint)});
  };
  auto check = [&](const SourcedItem& item, const std::string& what) {
    if (item.expiry < b.prepared.date)
      stop(fmt::format("{} lot {} expired on {}, before the preparation on {}", what, item.lot, to_iso(item.expiry),
                       to_iso(b.prepared.date)),
           "use an unexpired lot", item.expiry_at);
    else if (b.bud.date > item.expiry)
      stop(fmt::format("the beyond-use date {} is after the expiry of {} lot {} ({})", to_iso(b.bud), what, item.lot,
                       to_iso(item.expiry)),
           "set the beyond-use date on or before the earliest expiry", b.bud_at);
  };
  for (const auto& c : b.components) check(c, c.product);
  if (b.diluent) check(*b.diluent, b.diluent->product);
  if (b.bud <= b.prepared)
    stop(fmt::format("the beyond-use date {} is not after the preparation {}", to_iso(b.bud), to_iso(b.prepared)),
         "the beyond-use date comes after the preparation", b.bud_at);
  // names compared as a reader compares them: "A. Okafor", "A.\u00a0Okafor" and a Cyrillic А are one person
  if (same_name(b.preparer, b.verifier))
    stop(fmt::format("the verifier \"{}\" is the preparer \"{}\" (names compared ignoring case, accents, spacing "
                     "and look-alike letters)",
                     b.verifier, b.preparer),
         "a second person verifies the preparation", b.verifier_at);
}

}  // namespace

Expected<RecordResult, Diagnostics> compute_record(const DoseResult& dose, const Batch& batch, const Devices& devices,
                                                   const Catalog& catalog, std::string mesomix_version,
                                                   bool replaces_earlier, std::vector<InputDigest> inputs) {
  if (dose.protocol.mechanical() || !dose.session)
    return unexpected(Diagnostics{{dose.protocol.file,
                                   {},
                                   Severity::error,
                                   "a mechanical protocol has no preparation to record",
                                   "record is for protocols with a cocktail"}});
  Diagnostics errors = match_protocol(batch, dose, catalog);
  if (!errors.empty()) return unexpected(std::move(errors));
  MixOptions options;
  options.sessions = batch.sessions;
  options.batch_volume = batch.volume;
  auto mix = compute_mix(dose, devices, options);
  if (!mix) return unexpected(std::move(mix).error());
  RecordResult r{std::move(mix).value(), {}, batch, std::move(mesomix_version), replaces_earlier,
                 std::move(inputs),      {}};
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
  return r;
}

}  // namespace mesomix
