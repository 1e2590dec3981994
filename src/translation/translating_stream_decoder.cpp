#include "translation/translating_stream_decoder.hpp"

namespace llmgw::translation {

TranslatingStreamDecoder::TranslatingStreamDecoder(std::unique_ptr<canonical::EventDecoder> decoder,
                                                   std::unique_ptr<dialects::StreamEncoder> encoder)
    : decoder_(std::move(decoder)), encoder_(std::move(encoder)) {}

void TranslatingStreamDecoder::feed(std::string_view bytes, providers::StreamOutput& out) {
  encoder_->bind(out);
  decoder_->feed(bytes, front());
}

void TranslatingStreamDecoder::finish(providers::StreamOutput& out) {
  encoder_->bind(out);
  decoder_->finish(front());
}

}  // namespace llmgw::translation
