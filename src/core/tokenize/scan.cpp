// The scanners of scan.hpp. Highway compiles the vector functions below once per instruction set
// (foreach_target re-includes this file), and HWY_DYNAMIC_DISPATCH picks the best set for the running CPU.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "tokenize/scan.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <hwy/highway.h>

#include <cstdint>

#include "tokenize/scan.hpp"

HWY_BEFORE_NAMESPACE();
namespace winnow::detail::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

/// The first byte of [p, end) that `is_needle` (a vector predicate) marks. Most runs are short, so the first
/// bytes are read 16 at a time; a long run then goes a full vector at a time (64 bytes with AVX-512), its
/// end 16 at a time, and the last few bytes one by one. No byte outside [p, end) is ever read.
template <class is_needle_vector, class is_needle_byte>
HWY_INLINE const char* find_first(const char* p, const char* end, is_needle_vector is_needle,
                                  is_needle_byte is_needle_byte_) noexcept {
    const hn::CappedTag<std::uint8_t, 16> narrow;
    const hn::ScalableTag<std::uint8_t> wide;
    const auto narrow_lanes = static_cast<std::ptrdiff_t>(hn::Lanes(narrow));
    const auto wide_lanes = static_cast<std::ptrdiff_t>(hn::Lanes(wide));
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(p);
    const auto* const bytes_end = reinterpret_cast<const std::uint8_t*>(end);
    const auto found = [](const std::uint8_t* at) { return reinterpret_cast<const char*>(at); };
    constexpr int narrow_steps_first = 4;
    for (int step = 0; step < narrow_steps_first && bytes_end - bytes >= narrow_lanes; ++step, bytes += narrow_lanes)
        if (const intptr_t hit = hn::FindFirstTrue(narrow, is_needle(narrow, hn::LoadU(narrow, bytes))); hit >= 0)
            return found(bytes + hit);
    for (; bytes_end - bytes >= wide_lanes; bytes += wide_lanes)
        if (const intptr_t hit = hn::FindFirstTrue(wide, is_needle(wide, hn::LoadU(wide, bytes))); hit >= 0)
            return found(bytes + hit);
    for (; bytes_end - bytes >= narrow_lanes; bytes += narrow_lanes)
        if (const intptr_t hit = hn::FindFirstTrue(narrow, is_needle(narrow, hn::LoadU(narrow, bytes))); hit >= 0)
            return found(bytes + hit);
    for (; bytes < bytes_end; ++bytes)
        if (is_needle_byte_(static_cast<char>(*bytes))) return found(bytes);
    return end;
}

const char* find1(const char* p, const char* end, char a) noexcept {
    const auto va = static_cast<std::uint8_t>(a);
    return find_first(
        p, end, [va](auto d, auto v) { return hn::Eq(v, hn::Set(d, va)); }, [a](char c) { return c == a; });
}

const char* find2(const char* p, const char* end, char a, char b) noexcept {
    const auto va = static_cast<std::uint8_t>(a);
    const auto vb = static_cast<std::uint8_t>(b);
    return find_first(
        p, end, [va, vb](auto d, auto v) { return hn::Or(hn::Eq(v, hn::Set(d, va)), hn::Eq(v, hn::Set(d, vb))); },
        [a, b](char c) { return c == a || c == b; });
}

const char* find3(const char* p, const char* end, char a, char b, char c) noexcept {
    const auto va = static_cast<std::uint8_t>(a);
    const auto vb = static_cast<std::uint8_t>(b);
    const auto vc = static_cast<std::uint8_t>(c);
    return find_first(
        p, end,
        [va, vb, vc](auto d, auto v) {
            return hn::Or(hn::Or(hn::Eq(v, hn::Set(d, va)), hn::Eq(v, hn::Set(d, vb))), hn::Eq(v, hn::Set(d, vc)));
        },
        [a, b, c](char x) { return x == a || x == b || x == c; });
}

/// This instruction set's scanner: called through HWY_DYNAMIC_DISPATCH once, it hands out the functions
/// of the set chosen, so that later scans pay no dispatch. (Not noexcept: Highway's dispatch table holds
/// plain function pointers.)
scanner vector_scanner() { return {&find1, &find2, &find3}; }

const char* target_name() { return hwy::TargetName(HWY_TARGET); }

}  // namespace winnow::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace winnow::detail {

HWY_EXPORT(vector_scanner);
HWY_EXPORT(target_name);

namespace {

const char* scalar_find1(const char* p, const char* end, char a) noexcept {
    for (; p < end; ++p)
        if (*p == a) return p;
    return end;
}

const char* scalar_find2(const char* p, const char* end, char a, char b) noexcept {
    for (; p < end; ++p)
        if (*p == a || *p == b) return p;
    return end;
}

const char* scalar_find3(const char* p, const char* end, char a, char b, char c) noexcept {
    for (; p < end; ++p)
        if (*p == a || *p == b || *p == c) return p;
    return end;
}

}  // namespace

scanner make_scanner(scan_path path) noexcept {
    if (path == scan_path::scalar) return {&scalar_find1, &scalar_find2, &scalar_find3};
    return HWY_DYNAMIC_DISPATCH(vector_scanner)();
}

const char* vector_scanner_target() noexcept { return HWY_DYNAMIC_DISPATCH(target_name)(); }

}  // namespace winnow::detail
#endif  // HWY_ONCE
