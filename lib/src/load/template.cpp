// `mesomix new`: a commented template that passes `mesomix check` as it stands (a test
// proves it), so an author starts from something valid and edits one value at a time.
#include <string_view>

namespace mesomix {

std::string_view template_protocol() {
  return R"toml(# A mesomix protocol (schema 1). Check it with: mesomix check this-file.toml
# Every quantity is a string with its unit: "0.05 mL", "5 mg/mL", "0.5 % w/v", "1:1000".
# Counts (points, sessions) are plain whole numbers.
schema = 1

[protocol]
id = "my-protocol"                      # lower-case letters, digits and hyphens
title = "My hair mesotherapy protocol"
version = "0.1.0"                       # this protocol's own revision
indication = "Androgenetic alopecia"
authors = ["Your name"]
references = ["Where the figures come from"]

# One [[component]] per stock solution drawn into the mix.
# Parts mode: the stock's volume in one batch. Target mode: final = the strength wanted
# in the cocktail (needs [batch] volume; the volume to draw is then computed).
[[component]]
active = "minoxidil"                    # a catalog id or synonym: see `mesomix catalog`
stock = "0.5 % w/v"                     # the strength as supplied
volume = "1 mL"
# final = "0.2 % w/v"                   # target mode instead of volume
product = "Minoxidil 0.5 % w/v ampoule"

[[component]]
active = "biotin"
stock = "5 mg/mL"
volume = "0.5 mL"

# [[adjunct]]                           # a volume with no dose of its own (PRP, ...)
# name = "Autologous platelet-rich plasma"
# volume = "1 mL"

[diluent]
name = "Sodium chloride 0.9 %"          # fills the batch up to [batch] volume (q.s. ad)

[batch]
volume = "5 mL"

[injection]
technique = "point-by-point"
volume_per_point = "0.05 mL"
points_per_session = 40                 # or session_volume = "2 mL"
dead_volume_per_session = "0.1 mL"      # hub, needle and vial losses
needle = "32G 4 mm"
depth = "2 mm"

[course]
sessions = 10
session_minutes = 15

[[course.phase]]                        # the phases' sessions add up to [course] sessions
sessions = 4
every = "1 week"

[[course.phase]]
sessions = 6
every = "2 weeks"

# [limits.minoxidil]                    # caps stricter than the catalog's, per active
# max_per_session = "5 mg"              # also max_per_injection, max_per_course

[instructions]
before = ["No aspirin or NSAIDs for 7 days before a session."]
after = ["Do not wash the hair for 24 hours."]
contraindications = ["Pregnancy and breastfeeding", "Scalp infection"]
)toml";
}

}  // namespace mesomix
