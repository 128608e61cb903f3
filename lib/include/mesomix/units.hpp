// Quantities named after what they mean. Built on Boost.Units over exact rationals, in a
// pharmacy system whose base units are the milligram, the centimetre (so 1 mL = 1 cm^3)
// and the second: mg/mL x mL = mg with no scale factor, and nothing is ever rounded.
// Adding a Mass to a Volume, or passing a Strength where a Mass is wanted, does not compile.
#pragma once

#include <boost/units/base_unit.hpp>
#include <boost/units/make_system.hpp>
#include <boost/units/physical_dimensions/length.hpp>
#include <boost/units/physical_dimensions/mass.hpp>
#include <boost/units/physical_dimensions/mass_density.hpp>
#include <boost/units/physical_dimensions/time.hpp>
#include <boost/units/physical_dimensions/volume.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/unit.hpp>

#include "mesomix/exact.hpp"

namespace mesomix {
namespace pharmacy {

struct milligram_base_unit : boost::units::base_unit<milligram_base_unit, boost::units::mass_dimension, 17001> {
  static const char* name() { return "milligram"; }
  static const char* symbol() { return "mg"; }
};
struct centimetre_base_unit : boost::units::base_unit<centimetre_base_unit, boost::units::length_dimension, 17002> {
  static const char* name() { return "centimetre"; }
  static const char* symbol() { return "cm"; }
};
struct second_base_unit : boost::units::base_unit<second_base_unit, boost::units::time_dimension, 17003> {
  static const char* name() { return "second"; }
  static const char* symbol() { return "s"; }
};

using system = boost::units::make_system<centimetre_base_unit, milligram_base_unit, second_base_unit>::type;

using milligram_unit = boost::units::unit<boost::units::mass_dimension, system>;
using millilitre_unit = boost::units::unit<boost::units::volume_dimension, system>;
using mg_per_ml_unit = boost::units::unit<boost::units::mass_density_dimension, system>;
using centimetre_unit = boost::units::unit<boost::units::length_dimension, system>;
using second_unit = boost::units::unit<boost::units::time_dimension, system>;

}  // namespace pharmacy

using Mass = boost::units::quantity<pharmacy::milligram_unit, Exact>;
using Volume = boost::units::quantity<pharmacy::millilitre_unit, Exact>;
using Strength = boost::units::quantity<pharmacy::mg_per_ml_unit, Exact>;
using Length = boost::units::quantity<pharmacy::centimetre_unit, Exact>;
using Duration = boost::units::quantity<pharmacy::second_unit, Exact>;

// Construction from numbers in the named unit. Exact factors only.
inline Mass milligrams(const Exact& v) { return Mass::from_value(v); }
inline Mass micrograms(const Exact& v) { return Mass::from_value(v / 1000); }
inline Mass grams(const Exact& v) { return Mass::from_value(v * 1000); }
inline Volume millilitres(const Exact& v) { return Volume::from_value(v); }
inline Volume microlitres(const Exact& v) { return Volume::from_value(v / 1000); }
inline Volume litres(const Exact& v) { return Volume::from_value(v * 1000); }
inline Strength mg_per_ml(const Exact& v) { return Strength::from_value(v); }
// % w/v is grams per 100 mL: 1 % w/v = 10 mg/mL.
inline Strength percent_w_v(const Exact& v) { return Strength::from_value(v * 10); }
inline Length millimetres(const Exact& v) { return Length::from_value(v / 10); }
inline Length centimetres(const Exact& v) { return Length::from_value(v); }
inline Duration seconds(const Exact& v) { return Duration::from_value(v); }

// Reading back in a named unit.
inline Exact in_mg(const Mass& m) { return m.value(); }
inline Exact in_ml(const Volume& v) { return v.value(); }
inline Exact in_mg_per_ml(const Strength& s) { return s.value(); }
inline Exact in_percent_w_v(const Strength& s) { return s.value() / 10; }
inline Exact in_mm(const Length& l) { return l.value() * 10; }
inline Exact in_seconds(const Duration& d) { return d.value(); }

// How many times b goes into a, for two quantities of one kind: a plain number.
template <class Unit>
Exact ratio(const boost::units::quantity<Unit, Exact>& a, const boost::units::quantity<Unit, Exact>& b) {
  return a.value() / b.value();
}

}  // namespace mesomix
