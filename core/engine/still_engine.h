// The still engine: the portrait, cropped to the output aspect around its centre, for every frame.
// The reference output of the pipeline and the fallback when no animation is wanted.
#pragma once

#include "core/engine/engine.h"

namespace emote {

class StillEngine final : public Engine {
public:
    std::string name() const override { return "still"; }
    void generate(const EngineInput& input, FrameSink& sink, const CancelToken& cancel) override;
};

} // namespace emote
