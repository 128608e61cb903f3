// Pieces more than one sheet prints the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mesomix/bud.hpp"
#include "mesomix/dose.hpp"
#include "mesomix/mix.hpp"
#include "mesomix/sheet.hpp"

namespace mesomix::detail {

// Where the compounding conditions came from ("batch file", "default", ...), translated.
std::string origin_of(const CompoundingConditions& c);

// "Biotin: text", with the colon of the output language ("Biotine : text" in French).
std::string labelled(const std::string& label, const std::string& text);

// A course's interval: as the protocol writes it in English ("2 weeks"), else in weeks or days
// in the output language.
std::string interval_text(const Duration& every, const std::string& written);

// The words renderers print themselves, in the output language.
SheetWords sheet_words();

std::string plural(std::int64_t n, const char* one, const char* many);  // "1 session", "2 sessions"

// A deviation with its sign: "+1.2 %", "-0.8 %", "0 %".
std::string signed_pct(const Exact& pct);

// "Read first": every warning in the order of docs/safety.md (overrides, status, implausible
// figures, unchecked caps, pregnancy, handling, facts), or "nothing": a sheet never leaves the
// reader to wonder. Sheets put it first.
Section read_first_section(const std::vector<Warning>& warnings, const DoseResult& dose);

// The name a clinician reads for a component's active: the catalog's name ("Organic
// silicium"), or the name as written when the catalog lacks it; never the catalog's id.
std::string clinical_name(const DoseResult& r, const std::string& active);

// The name on a stock's label: its form when it is a salt or hydrate ("Lidocaine
// hydrochloride"), its active's clinical name otherwise.
std::string stock_name(const DoseResult& r, const Component& c);

// An active's strength as the labels give it: "Lidocaine 8.65 mg/mL (0.865 % w/v)", and for
// stocks of a salt the form's figure beside it (", as Lidocaine hydrochloride 10 mg/mL").
std::string strength_with_form(const std::string& name, const Strength& base, const std::optional<std::string>& form,
                               const Strength& labelled);

// The label's common lines: the preparation, each active's prescribed strength, the volume,
// the route and the sessions it covers.
std::vector<std::string> label_lines(const MixResult& m);

}  // namespace mesomix::detail
