// Hostile .pth files (code-running globals, disallowed opcodes, self-references, huge or out-of-bounds sizes, broken
// or bomb-like zips, dtype/size mismatches), each with a phrase its refusal must contain. Shared by the reader's
// unit test and the CLI's hostile-input corpus (tests/reliability).
//
//   for (const auto& c : emote::test::hostilePthCases()) writeFile(c.name, c.bytes);
#pragma once

#include "pth_writer.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace emote::test {

namespace pth_cases {

inline std::vector<float> iota(int n, float scale = 1.0f)
{
    std::vector<float> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        v[std::size_t(i)] = float(i) * scale - 3.5f;
    return v;
}

// A one-tensor state_dict whose pickle is PKL (the storage "0" holds 4 floats).
inline std::string withPickle(const std::string& pkl)
{
    test::PthWriter w;
    w.addStorage("0", "FloatStorage", test::bytesOf(iota(4)), 4);
    return test::buildZip(w.items(pkl));
}

// The storage/tensor prologue torch.save writes, for hand-made pickles: leaves [OrderedDict, MARK] open.
inline Pickle stateDictStart()
{
    Pickle p;
    p.proto(2).global("collections", "OrderedDict").op(')').op('R').mark();
    return p;
}

inline Pickle& storagePid(Pickle& p, const std::string& type, const std::string& key, std::int64_t numel)
{
    return p.mark().str("storage").global("torch", type).str(key).str("cpu").integer(numel).op('t').op('Q');
}

// One tensor NAME = _rebuild_tensor_v2(storage, OFFSET, SHAPE, STRIDES, False, OrderedDict()), then SETITEMS, STOP.
inline std::string oneTensor(const std::string& type, std::int64_t numel, std::int64_t offset, std::vector<std::int64_t> shape,
                      std::vector<std::int64_t> strides)
{
    Pickle p = stateDictStart();
    p.str("w").global("torch._utils", "_rebuild_tensor_v2").mark();
    storagePid(p, type, "0", numel);
    p.integer(offset).intTuple(shape).intTuple(strides).op(char(0x89));
    p.global("collections", "OrderedDict").op(')').op('R').op('t').op('R').op('u').stop();
    return p.bytes;
}

} // namespace pth_cases

struct PthHostileCase {
    std::string name;
    std::string bytes;
    std::string needle; // a phrase the refusal must contain
};

inline std::vector<PthHostileCase> hostilePthCases()
{
    using namespace pth_cases;
    std::vector<PthHostileCase> cases;
    auto add = [&cases](const char* name, const std::string& bytes, const char* needle) {
        cases.push_back({name, bytes, needle});
    };
    const std::string good = oneTensor("FloatStorage", 4, 0, {4}, {1});

    {
        Pickle p;
        p.proto(2).global("os", "system").str("touch /tmp/pwned").op(char(0x85)).op('R').stop();
        add("os.system", withPickle(p.bytes), "global 'os.system' is not allowed");
    }
    {
        Pickle p;
        p.proto(2).global("builtins", "eval").str("1+1").op(char(0x85)).op('R').stop();
        add("builtins.eval", withPickle(p.bytes), "global 'builtins.eval' is not allowed");
    }
    {
        Pickle p; // protocol 4 STACK_GLOBAL spelling of posix.system
        p.proto(4).str("posix").str("system").op(char(0x93)).stop();
        add("STACK_GLOBAL posix.system", withPickle(p.bytes), "global 'posix.system' is not allowed");
    }
    {
        Pickle p; // storage types are type names, never callables
        p.proto(2).global("torch", "FloatStorage").integer(10).op(char(0x85)).op('R').stop();
        add("REDUCE on a storage type", withPickle(p.bytes), "REDUCE calls 'torch.FloatStorage'");
    }
    {
        Pickle p;
        p.proto(2).str("os").op(')').op('R').stop();
        add("REDUCE on a string", withPickle(p.bytes), "REDUCE calls a str");
    }
    {
        Pickle p;
        p.proto(2).global("collections", "OrderedDict").str("x").op(char(0x85)).op('R').stop();
        add("OrderedDict with arguments", withPickle(p.bytes), "only OrderedDict() is allowed");
    }
    {
        Pickle p; // d = {}; d["self"] = d
        p.proto(2).op('}').put(0).str("self").get(0).op('s').stop();
        add("self-referencing dict", withPickle(p.bytes), "contains itself");
    }
    {
        Pickle p;
        p.proto(2).global("collections", "OrderedDict").op(')').op(char(0x81)).stop();
        add("NEWOBJ", withPickle(p.bytes), "opcode NEWOBJ (0x81) is not allowed");
    }
    {
        Pickle p;
        p.proto(2).mark().op('i').bytes += "os\nsystem\n";
        add("INST", withPickle(p.bytes), "opcode INST (0x69) is not allowed");
    }
    add("protocol 0 pickle", withPickle("(dp0\n."), "protocol 0 and 1");
    add("huge storage numel", withPickle(oneTensor("FloatStorage", 1ll << 40, 0, {4}, {1})),
        "declares 1099511627776 elements");
    add("dtype size mismatch", withPickle(oneTensor("DoubleStorage", 4, 0, {4}, {1})),
        "declares 4 elements of F64 but its entry holds 16 bytes");
    add("storage offset out of bounds", withPickle(oneTensor("FloatStorage", 4, 9, {1}, {1})),
        "storage offset 9 lies outside");
    add("view past the storage", withPickle(oneTensor("FloatStorage", 4, 1, {2, 2}, {2, 1})),
        "reads element 4 of storage '0'");
    add("overflowing shape", withPickle(oneTensor("FloatStorage", 4, 0, {1ll << 40, 1ll << 40}, {1, 1})),
        "overflows");
    add("negative stride", withPickle(oneTensor("FloatStorage", 4, 3, {2}, {-1})), "negative");
    add("complex storage", withPickle(oneTensor("ComplexFloatStorage", 2, 0, {2}, {1})),
        "'torch.ComplexFloatStorage' is not allowed");
    {
        const std::string file = withPickle(good);
        add("truncated zip", file.substr(0, file.size() / 2), "end-of-central-directory record is missing");
    }
    add("truncated pickle", withPickle(good.substr(0, good.size() - 1)), "without STOP");
    add("memo read before write", withPickle(Pickle().proto(2).get(7).stop().bytes), "memo entry 7");
    {
        Pickle p;
        p.proto(2).op(char(0x8b)).bytes += std::string("\x00\x00\x00\x01", 4);
        add("huge LONG4", withPickle(p.bytes), "too large");
    }
    {
        Pickle p;
        p.proto(2).op(']').stop();
        add("not a dict", withPickle(p.bytes), "holds a list, not a state_dict");
    }
    {
        Pickle p;
        p.proto(2).op(']').op('}').op('b').stop();
        add("BUILD on a list", withPickle(p.bytes), "BUILD sets the state of a list");
    }
    {
        Pickle p = stateDictStart();
        p.str("w").global("torch._utils", "_rebuild_tensor_v2").mark();
        storagePid(p, "FloatStorage", "7", 4);
        p.integer(0).intTuple({4}).intTuple({1}).op(char(0x89)).op('N').op('t').op('R').op('u').stop();
        add("missing storage entry", withPickle(p.bytes), "has no data/7 entry");
    }
    {
        Pickle p = stateDictStart();
        p.str("w").global("torch._utils", "_rebuild_tensor_v2").mark();
        storagePid(p, "FloatStorage", "../../etc/passwd", 4);
        p.integer(0).intTuple({4}).intTuple({1}).op(char(0x89)).op('N').op('t').op('R').op('u').stop();
        add("path in storage key", withPickle(p.bytes), "is not a plain name");
    }
    {
        // A zip bomb trick: a second entry whose bytes lie inside the first entry's data.
        std::string zip = test::buildZip({{"archive/data.pkl", good}, {"archive/data/0", test::bytesOf(iota(4))}});
        // Point data/0's central record into data.pkl's bytes: its local header check or overlap must fail.
        const auto cd = zip.rfind(std::string("\x50\x4b\x01\x02", 4));
        const std::uint32_t into = 40;
        std::memcpy(&zip[cd + 42], &into, 4);
        add("entry inside another", zip, "local header of entry 'archive/data/0' is missing");
    }
    {
        // Overlapping entries: data/0's local header copied inside data.pkl's data, the central record pointing
        // there. Every header is consistent; only the overlap check catches it.
        const std::string payload = test::bytesOf(iota(4));
        const std::string inner = test::buildZip({{"archive/data/0", payload}}, false);
        const std::string inner_entry = inner.substr(0, inner.find(std::string("\x50\x4b\x01\x02", 4)));
        std::string zip = test::buildZip({{"archive/data.pkl", good + inner_entry}, {"archive/data/0", payload}});
        const auto pkl_data = zip.find(good);
        const auto cd = zip.rfind(std::string("\x50\x4b\x01\x02", 4));
        const std::uint32_t into = std::uint32_t(pkl_data + good.size());
        std::memcpy(&zip[cd + 42], &into, 4);
        add("overlapping entries", zip, "two entries overlap");
    }
    {
        std::string zip = withPickle(good);
        const auto cd = zip.find(std::string("\x50\x4b\x01\x02", 4));
        zip[cd + 10] = 8; // deflate
        add("compressed entry", zip, "is compressed (method 8)");
    }
    {
        std::string zip = withPickle(good);
        zip[zip.find(std::string("little"))] = 'L';
        add("CRC mismatch", zip, "fails its CRC-32 check");
    }
    {
        std::string zip = withPickle(good);
        const auto local = zip.find(std::string("\x50\x4b\x03\x04", 4), 1);
        zip[local + 18] ^= 1; // local compressed size
        add("local/central disagree", zip, "disagree on size or CRC");
    }
    add("duplicate entry", test::buildZip({{"archive/data.pkl", good}, {"archive/data.pkl", good}}),
        "appears twice");
    add("two top folders", test::buildZip({{"archive/data.pkl", good}, {"other/data/0", test::bytesOf(iota(4))}}),
        "two top folders");
    add("legacy format", std::string("\x80\x02\x8a\x0a", 4) + std::string(40, '\0'), "legacy (pre-1.6) format");
    add("not a zip", "hello, this is not a zip file at all", "not a zip archive");
    return cases;
}

} // namespace emote::test
