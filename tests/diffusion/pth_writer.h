// A small torch.save look-alike for tests: builds `.pth` files (zip of stored entries + pickle protocol 2) the way
// torch.save lays them out (<top>/data.pkl, <top>/byteorder, <top>/data/<key>, <top>/version, 64-byte aligned data,
// ZIP64 end records), plus the low-level pieces hostile files are assembled from.
//
//   test::PthWriter w;
//   w.addStorage("0", "FloatStorage", bytesOf(values));
//   w.addTensor("conv.weight", "0", /*offset*/ 0, {2, 3}, {3, 1});
//   std::string bytes = w.build();
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace emote::test {

inline std::uint32_t crc32Of(const std::string& data)
{
    std::uint32_t table[256];
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char ch : data)
        c = table[(c ^ ch) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

inline void putLe(std::string& out, std::uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out += char((v >> (8 * i)) & 0xFF);
}

// Pickle opcodes, emitted one by one.
class Pickle {
public:
    std::string bytes;
    Pickle& op(char c) { bytes += c; return *this; }
    Pickle& proto(int v) { bytes += char(0x80); bytes += char(v); return *this; }
    Pickle& mark() { return op('('); }
    Pickle& stop() { return op('.'); }
    Pickle& str(const std::string& s)
    {
        op('X');
        putLe(bytes, s.size(), 4);
        bytes += s;
        return *this;
    }
    Pickle& integer(std::int64_t v)
    {
        if (v >= 0 && v < 256) {
            op('K');
            bytes += char(v);
        } else if (v >= 0 && v < 65536) {
            op('M');
            putLe(bytes, std::uint64_t(v), 2);
        } else if (v >= INT32_MIN && v <= INT32_MAX) {
            op('J');
            putLe(bytes, std::uint64_t(std::uint32_t(std::int32_t(v))), 4);
        } else {
            bytes += char(0x8a);
            bytes += char(8);
            putLe(bytes, std::uint64_t(v), 8);
        }
        return *this;
    }
    Pickle& global(const std::string& module, const std::string& name)
    {
        op('c');
        bytes += module + "\n" + name + "\n";
        return *this;
    }
    Pickle& put(int memo) { op('q'); bytes += char(memo); return *this; }
    Pickle& get(int memo) { op('h'); bytes += char(memo); return *this; }
    Pickle& intTuple(const std::vector<std::int64_t>& v)
    {
        mark();
        for (auto x : v)
            integer(x);
        return op('t');
    }
};

struct ZipItem {
    std::string name;
    std::string data;
};

// Stored entries with data aligned to 64 bytes (torch pads with an extra field), ZIP64 end records when ZIP64.
inline std::string buildZip(const std::vector<ZipItem>& items, bool zip64 = true, bool zip64_fields = false)
{
    std::string out, central;
    for (const auto& it : items) {
        const std::uint64_t offset = out.size();
        const std::uint32_t crc = crc32Of(it.data);
        std::size_t pad = (64 - (offset + 30 + it.name.size() + 4) % 64) % 64;
        std::string local;
        putLe(local, 0x04034b50, 4);
        putLe(local, zip64 ? 45 : 20, 2);
        putLe(local, 0, 2); // flags
        putLe(local, 0, 2); // stored
        putLe(local, 0, 4); // time, date
        putLe(local, crc, 4);
        putLe(local, it.data.size(), 4);
        putLe(local, it.data.size(), 4);
        putLe(local, it.name.size(), 2);
        putLe(local, 4 + pad, 2);
        local += it.name;
        putLe(local, 0x4246, 2); // torch's padding field "FB"
        putLe(local, pad, 2);
        local += std::string(pad, 'Z');
        out += local + it.data;

        std::string extra;
        if (zip64_fields) {
            putLe(extra, 0x0001, 2);
            putLe(extra, 24, 2);
            putLe(extra, it.data.size(), 8);
            putLe(extra, it.data.size(), 8);
            putLe(extra, offset, 8);
        }
        putLe(central, 0x02014b50, 4);
        putLe(central, 45, 2);
        putLe(central, zip64 ? 45 : 20, 2);
        putLe(central, 0, 2);
        putLe(central, 0, 2);
        putLe(central, 0, 4);
        putLe(central, crc, 4);
        putLe(central, zip64_fields ? 0xFFFFFFFFu : it.data.size(), 4);
        putLe(central, zip64_fields ? 0xFFFFFFFFu : it.data.size(), 4);
        putLe(central, it.name.size(), 2);
        putLe(central, extra.size(), 2);
        putLe(central, 0, 2);
        putLe(central, 0, 2);
        putLe(central, 0, 2);
        putLe(central, 0, 4);
        putLe(central, zip64_fields ? 0xFFFFFFFFu : offset, 4);
        central += it.name + extra;
    }
    const std::uint64_t cd_offset = out.size();
    out += central;
    if (zip64) {
        const std::uint64_t z = out.size();
        putLe(out, 0x06064b50, 4);
        putLe(out, 44, 8);
        putLe(out, 45, 2);
        putLe(out, 45, 2);
        putLe(out, 0, 4);
        putLe(out, 0, 4);
        putLe(out, items.size(), 8);
        putLe(out, items.size(), 8);
        putLe(out, central.size(), 8);
        putLe(out, cd_offset, 8);
        putLe(out, 0x07064b50, 4);
        putLe(out, 0, 4);
        putLe(out, z, 8);
        putLe(out, 1, 4);
    }
    putLe(out, 0x06054b50, 4);
    putLe(out, 0, 2);
    putLe(out, 0, 2);
    putLe(out, zip64 ? 0xFFFF : items.size(), 2);
    putLe(out, zip64 ? 0xFFFF : items.size(), 2);
    putLe(out, zip64 ? 0xFFFFFFFFu : central.size(), 4);
    putLe(out, zip64 ? 0xFFFFFFFFu : cd_offset, 4);
    putLe(out, 0, 2);
    return out;
}

// A state_dict as torch.save (protocol 2) pickles it: OrderedDict of _rebuild_tensor_v2 calls on persistent-id
// storages, with the `_metadata` attribute set by BUILD.
class PthWriter {
public:
    struct Tensor {
        std::string name, key;
        std::int64_t offset;
        std::vector<std::int64_t> shape, strides;
    };
    struct Storage {
        std::string type;
        std::string bytes;
        std::int64_t numel;
    };
    std::string top = "archive";
    std::vector<Tensor> tensors;
    std::map<std::string, Storage> storages;

    void addStorage(const std::string& key, const std::string& type, const std::string& bytes, std::int64_t elem_size)
    {
        storages[key] = Storage{type, bytes, std::int64_t(bytes.size()) / elem_size};
    }
    void addTensor(const std::string& name, const std::string& key, std::int64_t offset,
                   std::vector<std::int64_t> shape, std::vector<std::int64_t> strides = {})
    {
        if (strides.empty()) {
            strides.assign(shape.size(), 1);
            for (std::size_t d = shape.size(); d-- > 1;)
                strides[d - 1] = strides[d] * shape[d];
        }
        tensors.push_back(Tensor{name, key, offset, std::move(shape), std::move(strides)});
    }

    std::string pickle() const
    {
        Pickle p;
        int memo = 0;
        p.proto(2).global("collections", "OrderedDict").put(0).op(')').op('R').put(1);
        memo = 2;
        p.mark();
        std::map<std::string, int> storage_memo;
        for (const auto& t : tensors) {
            p.str(t.name).put(memo++);
            p.global("torch._utils", "_rebuild_tensor_v2").put(memo++);
            p.mark();
            if (auto it = storage_memo.find(t.key); it != storage_memo.end()) {
                p.get(it->second);
            } else {
                const auto& s = storages.at(t.key);
                p.mark().str("storage").global("torch", s.type).str(t.key).str("cpu").integer(s.numel).op('t');
                p.op('Q').put(memo);
                storage_memo[t.key] = memo++;
            }
            p.integer(t.offset).intTuple(t.shape).intTuple(t.strides).op(char(0x89));
            p.global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R').put(memo++);
        }
        p.op('u');
        // state = {'_metadata': OrderedDict({'': {'version': 1}})}
        p.op('}').str("_metadata").global("collections", "OrderedDict").op(')').op('R');
        p.str("").op('}').str("version").integer(1).op('s').op('s');
        p.op('s').op('b').stop();
        return p.bytes;
    }

    std::vector<ZipItem> items(const std::string& pkl) const
    {
        std::vector<ZipItem> v{{top + "/data.pkl", pkl}, {top + "/byteorder", "little"}};
        for (const auto& [key, s] : storages)
            v.push_back({top + "/data/" + key, s.bytes});
        v.push_back({top + "/version", "3\n"});
        return v;
    }
    std::string build(bool zip64 = true, bool zip64_fields = false) const
    {
        return buildZip(items(pickle()), zip64, zip64_fields);
    }
};

template <typename T>
std::string bytesOf(const std::vector<T>& values)
{
    std::string s(values.size() * sizeof(T), '\0');
    std::memcpy(s.data(), values.data(), s.size());
    return s;
}

} // namespace emote::test
