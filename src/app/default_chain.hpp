#pragma once
// The stage order of this release. Built by the composition root for each worker.

#include "llmgw/pipeline/chain.hpp"

namespace llmgw::app {

/// request_id → auth → models → parse_body → router. Auth runs before the body is parsed
/// (an unauthenticated caller cannot make the gateway parse a large body) and before the
/// models endpoints answer (a key sees only the models it may use).
pipeline::Chain make_default_chain(pipeline::Chain::FailureReporter report = {});

}  // namespace llmgw::app
