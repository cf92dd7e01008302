// Cooperative cancellation: the owner calls cancel(), workers poll cancelled() at every step.
//
//   emote::CancelToken token;
//   worker(token);            // another thread
//   token.cancel();           // from the UI or a signal handler (lock-free, async-signal-safe)
#pragma once

#include "core/common/error.h"

#include <atomic>

namespace emote {

class CancelToken {
public:
    void cancel() noexcept { m_cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const noexcept { return m_cancelled.load(std::memory_order_relaxed); }
    void reset() noexcept { m_cancelled.store(false, std::memory_order_relaxed); }
    void throwIfCancelled() const
    {
        if (cancelled())
            throw Error(ErrorKind::Cancelled, "cancelled");
    }

private:
    std::atomic<bool> m_cancelled{false};
    static_assert(std::atomic<bool>::is_always_lock_free);
};

} // namespace emote
