#include "kafka/kafka.hpp"

#include <algorithm>
#include <charconv>

namespace winnow::kafka {

ptr<rd_kafka_conf_t> make_conf(const properties& settings, std::string& error) {
    ptr<rd_kafka_conf_t> conf(rd_kafka_conf_new());
    char buffer[512];
    for (const auto& [k, v] : settings) {
        if (rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), buffer, sizeof buffer) != RD_KAFKA_CONF_OK) {
            error = k + ": " + buffer;
            return nullptr;
        }
    }
    return conf;
}

std::size_t message_copy::size() const noexcept {
    std::size_t n = (key ? key->size() : 0) + (value ? value->size() : 0);
    for (const auto& h : headers) n += h.name.size() + (h.value ? h.value->size() : 0);
    return n;
}

message_copy copy_message(const rd_kafka_message_t& m) {
    message_copy c;
    c.topic = m.rkt ? rd_kafka_topic_name(m.rkt) : "";
    c.partition = m.partition;
    c.offset = m.offset;
    if (m.key) c.key.emplace(static_cast<const char*>(m.key), m.key_len);
    if (m.payload) c.value.emplace(static_cast<const char*>(m.payload), m.len);
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(&m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers) {
        const char* name = nullptr;
        const void* value = nullptr;
        std::size_t size = 0;
        for (std::size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
            header h{name, std::nullopt};
            if (value) h.value.emplace(static_cast<const char*>(value), size);
            c.headers.push_back(std::move(h));
        }
    }
    return c;
}

ptr<rd_kafka_error_t> produce(rd_kafka_t* rk, const outgoing& message) {
    std::vector<rd_kafka_vu_t> fields;
    fields.reserve(5 + (message.headers ? message.headers->size() : 0));
    rd_kafka_vu_t f{};
    f.vtype = RD_KAFKA_VTYPE_TOPIC;
    f.u.cstr = message.topic.data();   // callers pass NUL-terminated topic names (std::string)
    fields.push_back(f);
    if (message.key && *message.key) {
        f = {};
        f.vtype = RD_KAFKA_VTYPE_KEY;
        f.u.mem = {const_cast<char*>((**message.key).data()), (**message.key).size()};
        fields.push_back(f);
    }
    f = {};
    f.vtype = RD_KAFKA_VTYPE_VALUE;
    f.u.mem = {message.null_value ? nullptr : const_cast<char*>(message.value.data()), message.null_value ? 0 : message.value.size()};
    fields.push_back(f);
    f = {};
    f.vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    f.u.i = RD_KAFKA_MSG_F_COPY;
    fields.push_back(f);
    f = {};
    f.vtype = RD_KAFKA_VTYPE_OPAQUE;
    f.u.ptr = message.opaque;
    fields.push_back(f);
    if (message.headers) {
        for (const auto& h : *message.headers) {
            f = {};
            f.vtype = RD_KAFKA_VTYPE_HEADER;
            f.u.header.name = h.name.c_str();
            f.u.header.val = h.value ? h.value->data() : nullptr;
            f.u.header.size = h.value ? static_cast<ssize_t>(h.value->size()) : 0;
            fields.push_back(f);
        }
    }
    return ptr<rd_kafka_error_t>(rd_kafka_produceva(rk, fields.data(), fields.size()));
}

ptr<rd_kafka_topic_partition_list_t> partition_list(const std::vector<std::pair<topic_partition, std::int64_t>>& entries) {
    ptr<rd_kafka_topic_partition_list_t> list(rd_kafka_topic_partition_list_new(static_cast<int>(entries.size())));
    for (const auto& [tp, offset] : entries)
        rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = offset;
    return list;
}

std::map<std::string, std::size_t> max_message_bytes(rd_kafka_t* rk, const std::vector<std::string>& topics,
                                                     int timeout_ms, std::string& error) {
    std::vector<ptr<rd_kafka_ConfigResource_t>> owned;
    std::vector<rd_kafka_ConfigResource_t*> resources;
    for (const auto& t : topics) {
        owned.emplace_back(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, t.c_str()));
        resources.push_back(owned.back().get());
    }
    ptr<rd_kafka_queue_t> queue(rd_kafka_queue_new(rk));
    ptr<rd_kafka_AdminOptions_t> options(rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS));
    char errstr[256];
    (void)rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms, errstr, sizeof errstr);
    rd_kafka_DescribeConfigs(rk, resources.data(), resources.size(), options.get(), queue.get());
    const ptr<rd_kafka_event_t> event(rd_kafka_queue_poll(queue.get(), timeout_ms + 1000));
    if (!event) {
        error = "no answer within " + std::to_string(timeout_ms) + " ms";
        return {};
    }
    if (rd_kafka_event_error(event.get()) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        error = rd_kafka_event_error_string(event.get());
        return {};
    }
    const rd_kafka_DescribeConfigs_result_t* result = rd_kafka_event_DescribeConfigs_result(event.get());
    std::size_t count = 0;
    const rd_kafka_ConfigResource_t** described = result ? rd_kafka_DescribeConfigs_result_resources(result, &count) : nullptr;
    std::map<std::string, std::size_t> limits;
    for (std::size_t i = 0; i < count; ++i) {
        if (rd_kafka_ConfigResource_error(described[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
            error = std::string(rd_kafka_ConfigResource_name(described[i])) + ": " +
                    rd_kafka_ConfigResource_error_string(described[i]);
            continue;
        }
        std::size_t entries = 0;
        const rd_kafka_ConfigEntry_t** configs = rd_kafka_ConfigResource_configs(described[i], &entries);
        for (std::size_t k = 0; k < entries; ++k) {
            if (std::string_view(rd_kafka_ConfigEntry_name(configs[k])) != "max.message.bytes") continue;
            const char* value = rd_kafka_ConfigEntry_value(configs[k]);
            const std::string_view text = value ? value : "";
            std::size_t bytes = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bytes);
            if (ec == std::errc{} && end == text.data() + text.size()) limits[rd_kafka_ConfigResource_name(described[i])] = bytes;
        }
    }
    if (limits.size() < topics.size() && error.empty()) error = "no max.message.bytes in the answer for some topics";
    return limits;
}

std::vector<topic_partition> partitions_of(const rd_kafka_topic_partition_list_t* list) {
    std::vector<topic_partition> out;
    if (!list) return out;
    for (int i = 0; i < list->cnt; ++i) out.push_back({list->elems[i].topic, list->elems[i].partition});
    return out;
}

}  // namespace winnow::kafka
