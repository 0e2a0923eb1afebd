#include "worker/kafka.hpp"

namespace winnow::worker::kafka {

ptr<rd_kafka_conf_t> make_conf(const kafka_properties& properties, std::string& error) {
    ptr<rd_kafka_conf_t> conf(rd_kafka_conf_new());
    char buffer[512];
    for (const auto& [k, v] : properties) {
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

std::vector<topic_partition> partitions_of(const rd_kafka_topic_partition_list_t* list) {
    std::vector<topic_partition> out;
    if (!list) return out;
    for (int i = 0; i < list->cnt; ++i) out.push_back({list->elems[i].topic, list->elems[i].partition});
    return out;
}

}  // namespace winnow::worker::kafka
