// Writes the shipped catalog as C++ code, run by the build: the mesomix binary then makes its
// catalog's actives with that code at start instead of parsing formulations/catalog.toml
// (a sixth of a cold `dose`, docs/performance.md). The catalog is loaded here as any catalog
// is, with every check, and a test holds what the code makes equal to what the text loads
// (tests/test_catalog.cpp).
//
//     mesomix_prepare_catalog OUTPUT.cpp
//
// Each struct is taken apart with a structured binding, which names every member: a member
// added to the catalog's types stops this file compiling until it is written out here too.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "mesomix/catalog.hpp"
#include "mesomix/diagnostic.hpp"

namespace {

using namespace mesomix;

// A C++ string literal of any bytes: printable ASCII as it is, every other byte as a
// three-digit octal escape (an octal escape ends after three digits, a hex one does not).
std::string literal(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\')
      out += {'\\', c};
    else if (byte >= 0x20 && byte < 0x7f)
      out += c;
    else
      out += fmt::format("\\{:03o}", byte);
  }
  return out + "\"";
}

std::string strings(const std::vector<std::string>& list) {
  std::string out = "{";
  for (const auto& s : list) out += literal(s) + ", ";
  return out + "}";
}

// A 64-bit fraction as two integers; anything wider as GMP reads it ("n/d"). The smallest
// int64 has no literal of its own, so it goes the wide way too.
std::string exact(const Exact& x) {
  if (x.is_small() && x.small_numerator() != INT64_MIN)
    return fmt::format("Exact(std::int64_t{{{}}}, std::int64_t{{{}}})", x.small_numerator(), x.small_denominator());
  return fmt::format("Exact(BigRational(\"{}/{}\"))", x.numerator().str(), x.denominator().str());
}

std::string quantity(const Strength& q) { return "mg_per_ml(" + exact(in_mg_per_ml(q)) + ")"; }
std::string quantity(const Mass& q) { return "milligrams(" + exact(in_mg(q)) + ")"; }

template <class Q>
std::string optional(const std::optional<Q>& q) {
  return q ? quantity(*q) : "std::nullopt";
}

std::string note_kind(NoteKind k) {
  switch (k) {
    case NoteKind::pregnancy:
      return "NoteKind::pregnancy";
    case NoteKind::handling:
      return "NoteKind::handling";
    case NoteKind::fact:
      return "NoteKind::fact";
  }
  throw std::logic_error("a note kind without a name");
}

std::string market_status(MarketStatus s) {
  switch (s) {
    case MarketStatus::authorised:
      return "MarketStatus::authorised";
    case MarketStatus::suspended:
      return "MarketStatus::suspended";
    case MarketStatus::withdrawn:
      return "MarketStatus::withdrawn";
  }
  throw std::logic_error("a market status without a name");
}

std::string code(const MassLimits& l) {
  const auto& [per_injection, per_session, per_course, per_injection_per_kg, per_session_per_kg] = l;
  return fmt::format(
      "MassLimits{{.per_injection = {}, .per_session = {}, .per_course = {}, .per_injection_per_kg = {}, "
      ".per_session_per_kg = {}}}",
      optional(per_injection), optional(per_session), optional(per_course), optional(per_injection_per_kg),
      optional(per_session_per_kg));
}

std::string code(const CatalogNote& n) {
  const auto& [note_code, text, source, kind] = n;
  return fmt::format("CatalogNote{{.code = {}, .text = {}, .source = {}, .kind = {}}}", literal(note_code),
                     literal(text), literal(source), note_kind(kind));
}

std::string code(const Presentation& p) {
  const auto& [stock, stock_written, description, source, form] = p;
  return fmt::format("Presentation{{.stock = {}, .stock_written = {}, .description = {}, .source = {}, .form = {}}}",
                     quantity(stock), literal(stock_written), literal(description), literal(source), literal(form));
}

std::string code(const MolarMass& m) {
  const auto& [g_per_mol, written] = m;
  return fmt::format("MolarMass{{.g_per_mol = {}, .written = {}}}", exact(g_per_mol), literal(written));
}

std::string code(const SaltForm& f) {
  const auto& [name, synonyms, molar_mass, source, base_per_form] = f;
  return fmt::format("SaltForm{{.name = {}, .synonyms = {}, .molar_mass = {}, .source = {}, .base_per_form = {}}}",
                     literal(name), strings(synonyms), code(molar_mass), literal(source), exact(base_per_form));
}

template <class Q>
std::string code(const PlausibleRange<Q>& r) {
  const auto& [soft_min, soft_max, soft_source, hard_min, hard_max, hard_source] = r;
  return fmt::format(
      "{{.soft_min = {}, .soft_max = {}, .soft_source = {}, .hard_min = {}, .hard_max = {}, .hard_source = {}}}",
      optional(soft_min), optional(soft_max), literal(soft_source), optional(hard_min), optional(hard_max),
      literal(hard_source));
}

std::string code(const Plausibility& p) {
  const auto& [stock, final_strength, per_session, note] = p;
  return fmt::format("Plausibility{{.stock = {}, .final_strength = {}, .per_session = {}, .note = {}}}", code(stock),
                     code(final_strength), code(per_session), literal(note));
}

std::string code(const ActiveStatus& s) {
  const auto& [state, text, source] = s;
  return fmt::format("ActiveStatus{{.state = {}, .text = {}, .source = {}}}", market_status(state), literal(text),
                     literal(source));
}

template <class T>
std::string list(const std::vector<T>& items) {
  std::string out = "{";
  for (const auto& item : items) out += "\n      " + code(item) + ",";
  return out + "}";
}

// One function per active: each is small for the compiler, and the list of calls reads as
// the catalog's order.
std::string code(const CatalogActive& a, std::size_t n) {
  const auto& [id, name, synonyms, presentations, water_solubility, water_solubility_source, limits, limits_source,
               limits_note, warnings, plausible, status, molar_mass, molar_mass_source, forms, names, lookup_keys] = a;
  std::string out = fmt::format("CatalogActive active_{}() {{\n  return CatalogActive{{\n", n);
  const auto field = [&out](std::string_view member, const std::string& value) {
    out += fmt::format("    .{} = {},\n", member, value);
  };
  field("id", literal(id));
  field("name", literal(name));
  field("synonyms", strings(synonyms));
  field("presentations", list(presentations));
  field("water_solubility", optional(water_solubility));
  field("water_solubility_source", literal(water_solubility_source));
  field("limits", code(limits));
  field("limits_source", literal(limits_source));
  field("limits_note", literal(limits_note));
  field("warnings", list(warnings));
  field("plausible", code(plausible));
  field("status", code(status));
  field("molar_mass", molar_mass ? code(*molar_mass) : "std::nullopt");
  field("molar_mass_source", literal(molar_mass_source));
  field("forms", list(forms));
  field("names", strings(names));
  field("lookup_keys", strings(lookup_keys));
  return out + "  };\n}\n\n";
}

std::string source_of(const Catalog& catalog) {
  std::string out =
      "// Written by mesomix_prepare_catalog (app/prepare_catalog.cpp) from formulations/catalog.toml\n"
      "// at build time: not to be edited, and not kept in the repository.\n"
      "#include <cstdint>\n#include <optional>\n\n"
      "#include \"mesomix/catalog.hpp\"\n#include \"prepared_catalog.hpp\"\n\n"
      "namespace mesomix {\nnamespace {\n\n";
  for (std::size_t i = 0; i < catalog.actives.size(); ++i) out += code(catalog.actives[i], i);
  out += "}  // namespace\n\nstd::vector<CatalogActive> prepared_shipped_actives() {\n";
  out += fmt::format("  std::vector<CatalogActive> actives;\n  actives.reserve({});\n", catalog.actives.size());
  for (std::size_t i = 0; i < catalog.actives.size(); ++i) out += fmt::format("  actives.push_back(active_{}());\n", i);
  return out + "  return actives;\n}\n\n}  // namespace mesomix\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fputs("usage: mesomix_prepare_catalog OUTPUT.cpp\n", stderr);
    return 2;
  }
  // with every check, as a user's --catalog is loaded
  auto catalog = load_catalog(shipped_catalog_text(), "formulations/catalog.toml");
  if (!catalog) {
    for (const auto& d : catalog.error()) std::fputs(to_string(d).c_str(), stderr);
    return 1;
  }
  // written beside, then renamed: a failed run leaves no half file for the build to compile
  const std::filesystem::path output = argv[1];
  const std::filesystem::path partial = output.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << source_of(*catalog);
    out.close();
    if (!out) {
      std::fprintf(stderr, "mesomix_prepare_catalog: cannot write %s\n", partial.c_str());
      return 1;
    }
  }
  std::filesystem::rename(partial, output);
  return 0;
}
