#include "worker/statistics.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <string>

namespace winnow::worker {

std::optional<client_statistics> parse_statistics(std::string_view json) {
    boost::system::error_code ec;
    const boost::json::value doc = boost::json::parse(json, ec);
    if (ec || !doc.is_object()) return std::nullopt;
    client_statistics out;
    const auto& root = doc.get_object();
    if (const auto* brokers = root.if_contains("brokers"); brokers && brokers->is_object()) {
        for (const auto& [name, broker] : brokers->get_object()) {
            const auto* b = broker.if_object();
            if (!b) continue;
            const auto* state = b->if_contains("state");
            if (state && state->is_string() && state->get_string() == "UP") out.broker_up = true;
        }
    }
    if (const auto* topics = root.if_contains("topics"); topics && topics->is_object()) {
        for (const auto& [topic, t] : topics->get_object()) {
            const auto* partitions = t.is_object() ? t.get_object().if_contains("partitions") : nullptr;
            if (!partitions || !partitions->is_object()) continue;
            for (const auto& [id, p] : partitions->get_object()) {
                const auto* po = p.if_object();
                if (!po) continue;
                std::int32_t partition = -1;
                const std::string_view key(id.data(), id.size());
                std::from_chars(key.data(), key.data() + key.size(), partition);
                if (partition < 0) continue;   // the internal unassigned partition, -1
                const topic_partition tp{std::string(topic.data(), topic.size()), partition};
                const auto number = [&](std::string_view field, std::int64_t fallback) {
                    const auto* v = po->if_contains(field);
                    return v && v->is_int64() ? v->get_int64() : fallback;
                };
                if (po->contains("next_offset"))
                    out.fetch[tp] = {number("next_offset", -1), number("hi_offset", -1), number("fetchq_cnt", 0)};
                const auto* lag = po->if_contains("consumer_lag");
                if (!lag || !lag->is_int64() || lag->get_int64() < 0) continue;
                out.lag[tp] = lag->get_int64();
            }
        }
    }
    return out;
}

}  // namespace winnow::worker
