// A caching CPU allocator for libtorch (see runtime.h): large blocks freed by a tensor are kept by size class and
// handed to the next tensor of that class instead of going back to the kernel. A denoising step allocates the same
// sizes as the one before, so after the first step its activations reuse warm pages; without it, glibc maps every
// block above its mmap threshold afresh and the kernel clears each page on first touch (measured: half of the
// process's time in page faults on the small Diffusion configuration).
#include "core/nn/runtime.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <mutex>
#include <vector>

namespace emote::nn {

namespace {

constexpr std::size_t kAlignment = 64;       // c10's own CPU alignment (AVX-512 loads)
constexpr std::size_t kHeader = kAlignment;  // holds the block's size class in front of the data
constexpr std::size_t kMinCached = 1 << 20;  // smaller blocks go straight to malloc/free (glibc caches them well)

// Size classes above kMinCached: 16 per power of two (at most 1/16 = 6.25 % rounding).
std::size_t sizeClass(std::size_t n)
{
    if (n < kMinCached)
        return n;
    int top = 63 - __builtin_clzll(n);
    const std::size_t granule = std::size_t(1) << (top - 4);
    return (n + granule - 1) / granule * granule;
}

class CachingCpuAllocator final : public c10::Allocator {
public:
    explicit CachingCpuAllocator(std::size_t cap) : m_cap(cap) {}

    c10::DataPtr allocate(std::size_t n) const override
    {
        if (n == 0)
            return {nullptr, nullptr, &deleteBlock, c10::Device(c10::DeviceType::CPU)};
        std::size_t cls = sizeClass(n);
        void* base = nullptr;
        if (cls >= kMinCached) {
            std::lock_guard<std::mutex> lock(m_mutex);
            // Best fit among cached blocks up to 1/4 larger: a step's sizes repeat, and taking a near size keeps
            // fewer blocks alive than exact classes would.
            auto it = m_free.lower_bound(cls);
            if (it != m_free.end() && it->first <= cls + cls / 4) {
                base = it->second.back();
                it->second.pop_back();
                cls = it->first;
                if (it->second.empty())
                    m_free.erase(it);
                m_cached -= cls;
                ++m_hits;
            } else {
                ++m_misses;
            }
            m_in_use += cls;
        }
        if (!base) {
            auto fresh = [&] { return posix_memalign(&base, kAlignment, kHeader + cls) == 0 && base; };
            // Out of memory: give the cache back to the system and try once more before failing.
            if (!fresh() && !(cls >= kMinCached && (release(), fresh()))) {
                if (cls >= kMinCached) {
                    std::lock_guard<std::mutex> lock(m_mutex);
                    m_in_use -= cls;
                }
                TORCH_CHECK(false, "out of memory: could not allocate ", n, " bytes of CPU memory");
            }
        }
        std::memcpy(base, &cls, sizeof cls);
        void* data = static_cast<char*>(base) + kHeader;
        return {data, data, &deleteBlock, c10::Device(c10::DeviceType::CPU)};
    }

    c10::DeleterFnPtr raw_deleter() const override { return &deleteBlock; }

    void free(void* data) const
    {
        void* base = static_cast<char*>(data) - kHeader;
        std::size_t cls;
        std::memcpy(&cls, base, sizeof cls);
        if (cls < kMinCached) {
            std::free(base);
            return;
        }
        std::vector<void*> drop;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_in_use -= cls;
            if (cls > m_cap) {
                drop.push_back(base);
            } else {
                m_free[cls].push_back(base);
                m_cached += cls;
                // Over the cap: the largest cached blocks go first (the fewest blocks to drop to get under it).
                while (m_cached > m_cap && !m_free.empty()) {
                    auto largest = std::prev(m_free.end());
                    drop.push_back(largest->second.back());
                    largest->second.pop_back();
                    m_cached -= largest->first;
                    if (largest->second.empty())
                        m_free.erase(largest);
                }
            }
        }
        for (void* p : drop)
            std::free(p);
    }

    void release() const
    {
        std::vector<void*> drop;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            for (auto& [cls, blocks] : m_free)
                drop.insert(drop.end(), blocks.begin(), blocks.end());
            m_free.clear();
            m_cached = 0;
        }
        for (void* p : drop)
            std::free(p);
    }

    CpuCacheStats stats() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        CpuCacheStats s;
        s.enabled = true;
        s.cap_bytes = m_cap;
        s.cached_bytes = m_cached;
        s.in_use_bytes = m_in_use;
        s.hits = m_hits;
        s.misses = m_misses;
        return s;
    }

private:
    static void deleteBlock(void* data);

    const std::size_t m_cap;
    mutable std::mutex m_mutex;
    mutable std::map<std::size_t, std::vector<void*>> m_free; // size class → cached blocks
    mutable std::size_t m_cached = 0, m_in_use = 0;
    mutable std::uint64_t m_hits = 0, m_misses = 0;
};

// Never destroyed: tensors still alive at exit (static caches, Qt objects) free into it after main returns.
CachingCpuAllocator* g_allocator = nullptr;
std::once_flag g_once;

void CachingCpuAllocator::deleteBlock(void* data)
{
    if (data)
        g_allocator->free(data);
}

bool sanitizerBuild()
{
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}

} // namespace

std::size_t defaultCpuCacheCap()
{
    if (const char* env = std::getenv("EMOTE_CPU_CACHE_MB"))
        return std::size_t(std::max(0L, std::atol(env))) << 20;
    // 4 GiB, but never more than a quarter of the machine's memory (a 8 GiB laptop keeps at most 2 GiB).
    std::size_t cap = std::size_t(4) << 30;
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0)
        cap = std::min(cap, std::size_t(pages) * std::size_t(page) / 4);
    return cap;
}

bool installCachingCpuAllocator(std::size_t cap_bytes)
{
    // Under AddressSanitizer reused blocks would hide use-after-free; a zero cap means "off".
    if (sanitizerBuild() || cap_bytes == 0)
        return false;
    std::call_once(g_once, [&] {
        g_allocator = new CachingCpuAllocator(cap_bytes);
        // Priority above the default CPU allocator's registration, so nothing later replaces it silently.
        c10::SetCPUAllocator(g_allocator, /*priority=*/10);
    });
    return true;
}

void releaseCachedCpuMemory()
{
    if (g_allocator)
        g_allocator->release();
}

CpuCacheStats cpuCacheStats() { return g_allocator ? g_allocator->stats() : CpuCacheStats{}; }

} // namespace emote::nn
