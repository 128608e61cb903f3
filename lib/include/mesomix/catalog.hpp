// The actives mesomix knows: names, synonyms, stock presentations, published limits and
// the facts every sheet that uses them must print. Format: docs/catalog.md.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mesomix/diagnostic.hpp"
#include "mesomix/expected.hpp"
#include "mesomix/units.hpp"

namespace mesomix {

struct MassLimits {
  std::optional<Mass> per_injection;
  std::optional<Mass> per_session;
  std::optional<Mass> per_course;
  // Per kilogram of the patient's weight: the dose allowed for 1 kg ("4.5 mg/kg" is 4.5 mg).
  std::optional<Mass> per_injection_per_kg;
  std::optional<Mass> per_session_per_kg;

  bool per_kg() const { return per_injection_per_kg || per_session_per_kg; }
  bool any() const { return per_injection || per_session || per_course || per_kg(); }
  bool operator==(const MassLimits&) const = default;
};

// What a sheet must say about an active, and where it goes among the warnings read first.
enum class NoteKind {
  pregnancy,  // who must not receive or handle it
  handling,   // hazardous-drug handling (NIOSH list, USP <800>)
  fact,       // anything else the reader must know
};

struct CatalogNote {
  std::string code;  // stable, for JSON and tests: "biotin-immunoassay"
  std::string text;
  std::string source;
  NoteKind kind = NoteKind::fact;

  bool operator==(const CatalogNote&) const = default;
};

struct Presentation {
  Strength stock;
  std::string stock_written;  // as the catalog wrote it, e.g. "0.5 % w/v"
  std::string description;
  std::string source;  // where this presentation is published
  // The salt or hydrate the strength is of, as the box says it ("lidocaine hydrochloride");
  // empty for the base. Kept as written, never converted: it is what the label says.
  std::string form;

  bool operator==(const Presentation&) const = default;
};

// A molar mass, exact as the catalog writes it: "270.80 g/mol" is 27080/100 g/mol.
struct MolarMass {
  Exact g_per_mol;
  std::string written;  // "270.80 g/mol", printed where the conversion is shown

  bool operator==(const MolarMass&) const = default;
};

// A salt or hydrate an active's stocks come as (protocol-format.md, "Salt forms"): a strength
// of the form times base_per_form is the strength of the base.
struct SaltForm {
  std::string name;  // canonical, printed as the catalog writes it: "Lidocaine hydrochloride"
  std::vector<std::string> synonyms;
  MolarMass molar_mass;
  std::string source;   // where the molar mass is published
  Exact base_per_form;  // M_base / M_form, exact: 234.34 / 270.80 for lidocaine hydrochloride

  bool operator==(const SaltForm&) const = default;
};

// A plausible span for one figure: outside the soft bounds a warning, outside the hard bounds
// a safety stop. Each side has its source; a bound no source supports is left out.
template <class Q>
struct PlausibleRange {
  std::optional<Q> soft_min;
  std::optional<Q> soft_max;
  std::string soft_source;
  std::optional<Q> hard_min;
  std::optional<Q> hard_max;
  std::string hard_source;

  bool any() const { return soft_min || soft_max || hard_min || hard_max; }
  bool operator==(const PlausibleRange&) const = default;
};

struct Plausibility {
  PlausibleRange<Strength> stock;           // the strength as supplied
  PlausibleRange<Strength> final_strength;  // in the cocktail
  PlausibleRange<Mass> per_session;
  std::string note;  // what is (not) published

  bool any() const { return stock.any() || final_strength.any() || per_session.any(); }
  bool operator==(const Plausibility&) const = default;
};

// Marketing authorisation: a suspended or withdrawn active needs an acknowledgement in every
// protocol that uses it, and its status is printed first on every sheet.
enum class MarketStatus { authorised, suspended, withdrawn };

struct ActiveStatus {
  MarketStatus state = MarketStatus::authorised;
  std::string text;
  std::string source;

  bool operator==(const ActiveStatus&) const = default;
};

struct CatalogActive {
  std::string id;
  std::string name;
  std::vector<std::string> synonyms;
  std::vector<Presentation> presentations;
  // Above this strength in the cocktail the active may come out of solution.
  std::optional<Strength> water_solubility;
  std::string water_solubility_source;
  MassLimits limits;
  std::string limits_source;
  std::string limits_note;  // what is (not) published, said rather than invented
  std::vector<CatalogNote> warnings;
  Plausibility plausible;
  ActiveStatus status;
  // The base's molar mass and its source; needed by every form (the factor is a ratio of two).
  std::optional<MolarMass> molar_mass;
  std::string molar_mass_source;
  std::vector<SaltForm> forms;
  // id, name, synonyms, and each form's name and synonyms, and each as folded_name gives it
  // (names.hpp); filled by load_catalog
  std::vector<std::string> names;
  std::vector<std::string> lookup_keys;

  bool withdrawn_or_suspended() const { return status.state != MarketStatus::authorised; }
  // The form a name denotes ("Lidocaine HCl" if a synonym says so), compared as folded_name
  // does; nullptr for a name of the base or a name this active does not have.
  const SaltForm* form_named(std::string_view name) const;
  // Whether a name is the base's own: its id, name or one of its synonyms.
  bool is_base_name(std::string_view name) const;
  bool operator==(const CatalogActive&) const = default;
};

// How a name written in a protocol stands to the catalog (protocol-format.md, "Text and names").
struct NameMatch {
  enum class Kind {
    exact,      // the same name, once case, accents and spacing are set aside
    lookalike,  // looks like a catalog name but is written with other letters (a Cyrillic о)
    near,       // a likely slip for a catalog name ("finasterid")
    unknown,    // far from every name
  };
  Kind kind = Kind::unknown;
  const struct CatalogActive* active = nullptr;
  std::string name;                    // the catalog name or synonym it is, looks like, or is near
  std::optional<std::string> foreign;  // lookalike: the character that differs, described
};

// What each catalog name looks like (name_key, one list per active, in the order of its
// `names`), worked out on the first question that needs it: ICU's spoof checker takes a third
// of a millisecond to open, and a run whose names are all exact never asks. A copy of a catalog
// works its own out, so that a changed copy is never answered from the original's.
class LookalikeKeys {
 public:
  LookalikeKeys();
  LookalikeKeys(const LookalikeKeys&);
  LookalikeKeys(LookalikeKeys&&) noexcept;
  LookalikeKeys& operator=(const LookalikeKeys&);
  LookalikeKeys& operator=(LookalikeKeys&&) noexcept;
  ~LookalikeKeys();
  // safe from several threads at once; `actives` must not change once it has been asked
  const std::vector<std::vector<std::string>>& of(const std::vector<CatalogActive>& actives) const;
  // load_catalog has them already when it checked the names: they are kept
  void set(std::vector<std::vector<std::string>> keys);

 private:
  struct State;
  std::unique_ptr<State> state_;  // never null but after a move (a moved-from catalog is not asked)
};

struct Catalog {
  std::vector<CatalogActive> actives;
  // lookup key -> position in `actives`, filled by load_catalog (find is then one hash lookup)
  std::unordered_map<std::string, std::size_t> index;
  LookalikeKeys lookalikes;

  // By id, name, synonym or the name of one of its forms, compared as folded_name does (case,
  // accents, spacing aside).
  const CatalogActive* find(std::string_view name) const;
  // The same, and when nothing matches, whether the name looks like or nearly is a catalog name.
  NameMatch match(std::string_view name) const;
  // Every id, name and synonym, for "did you mean" hints.
  std::vector<std::string> all_names() const;
};

// `file` names the source in diagnostics; the text is the file's bytes.
Expected<Catalog, Diagnostics> load_catalog(std::string_view text, const std::string& file);

// A catalog of actives whose `names` and `lookup_keys` are filled (as load_catalog fills
// them): its index is built from their lookup keys, the first active to give a key keeping it.
Catalog catalog_of(std::vector<CatalogActive> actives);

// The shipped catalog's actives made by code the build wrote from the loaded catalog
// (app/prepare_catalog.cpp), so that a program does not parse the catalog's TOML at each
// start. Called before the first shipped_catalog(); without it, shipped_catalog() parses.
void use_prepared_shipped_catalog(std::vector<CatalogActive> (*prepared)());

// The catalog compiled into mesomix from formulations/catalog.toml.
const Catalog& shipped_catalog();
std::string_view shipped_catalog_text();

}  // namespace mesomix
