#include "core/jobs/generation_context.h"

#include "core/common/error.h"
#include "core/jobs/engine_factory.h"

#include <new>

namespace emote {

GenerationContext::GenerationContext() : GenerationContext(EngineFactory(&createEngine)) {}

GenerationContext::GenerationContext(EngineFactory factory) : m_factory(std::move(factory)) {}

GenerationContext::~GenerationContext() = default;

std::string GenerationContext::modelKey(const GenerationSettings& s)
{
    std::string key = engineName(s.engine);
    if (s.engine == EngineKind::Diffusion) // the engine's defaults (createEngine): cpu, float32
        key += '\n' + s.model_path + '\n' + (s.device.empty() ? "cpu" : s.device) + '\n' +
               (s.dtype.empty() ? "float32" : s.dtype);
    return key;
}

int64_t GenerationContext::modelLoads() const
{
    return m_released_loads + (m_engine ? m_engine->modelLoads() : 0);
}

void GenerationContext::release()
{
    if (m_engine)
        m_released_loads += m_engine->modelLoads();
    m_engine.reset();
    m_key.clear();
}

void GenerationContext::keepOnlyFor(const GenerationSettings& settings)
{
    if (m_engine && m_key != modelKey(settings))
        release();
}

Engine& GenerationContext::loadFor(const GenerationSettings& settings, const ProgressFn& progress,
                                   const CancelToken& cancel)
{
    keepOnlyFor(settings);
    if (!m_engine) {
        m_engine = m_factory(settings.engine);
        ++m_engines_made;
        m_key = modelKey(settings);
    }
    m_engine->load(settings, progress, cancel);
    return *m_engine;
}

Engine& GenerationContext::prepare(const GenerationSettings& settings, const ProgressFn& progress,
                                   const CancelToken& cancel)
{
    try {
        return loadFor(settings, progress, cancel);
    } catch (const std::bad_alloc&) {
        release(); // whatever this context held, and the half-loaded model
    }
    try {
        return loadFor(settings, progress, cancel);
    } catch (const std::bad_alloc&) {
        release();
        throw Error(ErrorKind::Internal,
                    {MessageCode::NotEnoughMemory, {engineName(settings.engine)},
                     "not enough memory to load the models of the " + engineName(settings.engine) +
                         " engine, even after releasing every model loaded before. Close other programs" +
                         (settings.engine == EngineKind::Diffusion ? ", or use --dtype bfloat16 (half the memory)"
                                                                   : std::string()) +
                         ", and try again."});
    }
}

} // namespace emote
