// Extracts the article of a small page with the installed library and prints its title and first paragraph.
#include <cstdio>

#include "winnow/extract.hpp"
#include "winnow/version.hpp"

int main() {
    const char* page =
        "<html><head><title>The harbour ferry</title></head><body><nav><a href=/>Home</a></nav><article>"
        "<h1>The harbour ferry</h1><p>The harbour ferry leaves at seven every morning, and it returns at noon "
        "when the weather allows it.</p></article><footer>Copyright 2026</footer></body></html>";
    auto a = winnow::extract(page);
    if (!a || a->paragraphs.empty()) return 1;
    std::printf("winnow %s\n%s\n%s\n", WINNOW_VERSION_STRING, a->title.c_str(), a->paragraphs.front().text.c_str());
    return 0;
}
