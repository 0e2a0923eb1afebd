// One token stream for two sinks: the tokenizer feeds one sink, and extraction needs the block builder
// and the metadata collector to see every token (extract.cpp; extract_bench builds the classifier's inputs
// the same way).
//
//     detail::fan_out sink(builder, metadata);
//     tokenizer tok(sink, options);
#pragma once

#include "winnow/tokenizer.hpp"

namespace winnow::detail {

class fan_out final : public token_sink {
public:
    fan_out(token_sink& first, token_sink& second) : first_(&first), second_(&second) {}
    void on_token(const token& t) override {
        first_->on_token(t);
        second_->on_token(t);
    }

private:
    token_sink* first_;
    token_sink* second_;
};

}  // namespace winnow::detail
