// libmesomix, the shared library installed for other programs (cmake/Install.cmake): it holds
// every object of mesomix_core; this file only gives the target a source of its own.
#include "mesomix/commands.hpp"
