// toml++'s implementation, compiled into mesomix instead of loaded from libtomlplusplus.so:
// one shared object fewer to map and relocate at every start (docs/performance.md).
// Built with NDEBUG whatever the build type: toml++ 3.3 asserts on some malformed input
// (`[.`) that its release build reports as a parse error, and mesomix relies on the latter.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
