// fuzz_config — the worker's configuration loader (src/worker/config.hpp) on arbitrary YAML.
//
// Input: a configuration file. It is merged over the four required settings and validated, as
// `winnow run --check-config` does.
// Invariants: merging and validating either succeed or throw config_error (never another exception, a
// crash, a hang or unbounded memory: anchors, aliases and deep nesting are refused); a configuration that
// validates renders, and no secret librdkafka property shows its value in the rendering.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "worker/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace winnow::worker;
    const std::string_view yaml(reinterpret_cast<const char*>(data), size);
    setting_map settings;
    settings["brokers"] = {"127.0.0.1:1", origin::default_value};
    settings["input.topic"] = {"in", origin::default_value};
    settings["output.topic"] = {"out", origin::default_value};
    settings["dlq.topic"] = {"dlq", origin::default_value};
    try {
        merge_yaml(settings, yaml, "fuzz.yaml");
        const worker_config c = build_config(settings);
        const std::string rendered = render_config(c);
        for (const auto& [key, value] : settings) {
            const auto dot = key.find('.');
            if (dot == std::string::npos) continue;
            const std::string section = key.substr(0, dot), property = key.substr(dot + 1);
            const bool plain_name = property.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._") == std::string::npos;
            if ((section != "kafka" && section != "consumer" && section != "producer") || !plain_name ||
                !is_secret(property) || value.first.empty())
                continue;
            // The property's own line shows the mask, never the value.
            const std::string line = "  \"" + property + "\": \"" + std::string(masked_value) + "\"";
            WINNOW_FUZZ_CHECK_MSG(rendered.find(line) != std::string::npos, "secret " << property << " not masked");
        }
    } catch (const config_error&) {
        // Refused, with a message: fine.
    } catch (const std::exception& e) {
        WINNOW_FUZZ_CHECK_MSG(false, "an exception other than config_error: " << e.what());
    }
    return 0;
}
