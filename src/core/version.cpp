#include "winnow/version.hpp"

namespace winnow {
std::string_view library_version() noexcept { return WINNOW_VERSION_STRING; }
}  // namespace winnow
