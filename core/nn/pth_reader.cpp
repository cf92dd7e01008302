#include "core/nn/pth_reader.h"

#include "core/common/error.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdio>
#include <functional>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <string_view>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace emote::nn {

static_assert(std::endian::native == std::endian::little, "the .pth reader assumes a little-endian host");

namespace {

std::string wayOut(const std::string& path)
{
    return " Only plain state_dicts saved by torch.save are read. If you trust the file, convert it once in Python: "
           "`import torch, safetensors.torch as st; st.save_file(torch.load(\"" + path +
           "\", map_location=\"cpu\", weights_only=True), \"" + path + ".safetensors\")`.";
}

bool mulOverflow(std::uint64_t a, std::uint64_t b, std::uint64_t* out) { return __builtin_mul_overflow(a, b, out); }
bool addOverflow(std::uint64_t a, std::uint64_t b, std::uint64_t* out) { return __builtin_add_overflow(a, b, out); }

std::uint32_t crc32(const std::byte* data, std::size_t n)
{
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i)
        c = table[(c ^ std::to_integer<std::uint32_t>(data[i])) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

struct StorageType {
    const char* name;
    DType dtype;
};
constexpr StorageType kStorageTypes[] = {
    {"FloatStorage", DType::F32}, {"DoubleStorage", DType::F64}, {"HalfStorage", DType::F16},
    {"BFloat16Storage", DType::BF16}, {"LongStorage", DType::I64}, {"IntStorage", DType::I32},
    {"ShortStorage", DType::I16}, {"CharStorage", DType::I8},   {"ByteStorage", DType::U8},
    {"BoolStorage", DType::Bool},
};

const char* opcodeName(std::uint8_t op)
{
    switch (op) {
    case '(': return "MARK";
    case '.': return "STOP";
    case '0': return "POP";
    case '1': return "POP_MARK";
    case '2': return "DUP";
    case 'F': return "FLOAT";
    case 'I': return "INT";
    case 'J': return "BININT";
    case 'K': return "BININT1";
    case 'L': return "LONG";
    case 'M': return "BININT2";
    case 'N': return "NONE";
    case 'P': return "PERSID";
    case 'Q': return "BINPERSID";
    case 'R': return "REDUCE";
    case 'S': return "STRING";
    case 'T': return "BINSTRING";
    case 'U': return "SHORT_BINSTRING";
    case 'V': return "UNICODE";
    case 'X': return "BINUNICODE";
    case 'a': return "APPEND";
    case 'b': return "BUILD";
    case 'c': return "GLOBAL";
    case 'd': return "DICT";
    case '}': return "EMPTY_DICT";
    case 'e': return "APPENDS";
    case 'g': return "GET";
    case 'h': return "BINGET";
    case 'i': return "INST";
    case 'j': return "LONG_BINGET";
    case 'l': return "LIST";
    case ']': return "EMPTY_LIST";
    case 'o': return "OBJ";
    case 'p': return "PUT";
    case 'q': return "BINPUT";
    case 'r': return "LONG_BINPUT";
    case 's': return "SETITEM";
    case 't': return "TUPLE";
    case ')': return "EMPTY_TUPLE";
    case 'u': return "SETITEMS";
    case 'G': return "BINFLOAT";
    case 'B': return "BINBYTES";
    case 'C': return "SHORT_BINBYTES";
    case 0x80: return "PROTO";
    case 0x81: return "NEWOBJ";
    case 0x82: return "EXT1";
    case 0x83: return "EXT2";
    case 0x84: return "EXT4";
    case 0x85: return "TUPLE1";
    case 0x86: return "TUPLE2";
    case 0x87: return "TUPLE3";
    case 0x88: return "NEWTRUE";
    case 0x89: return "NEWFALSE";
    case 0x8a: return "LONG1";
    case 0x8b: return "LONG4";
    case 0x8c: return "SHORT_BINUNICODE";
    case 0x8d: return "BINUNICODE8";
    case 0x8e: return "BINBYTES8";
    case 0x8f: return "EMPTY_SET";
    case 0x90: return "ADDITEMS";
    case 0x91: return "FROZENSET";
    case 0x92: return "NEWOBJ_EX";
    case 0x93: return "STACK_GLOBAL";
    case 0x94: return "MEMOIZE";
    case 0x95: return "FRAME";
    case 0x96: return "BYTEARRAY8";
    case 0x97: return "NEXT_BUFFER";
    case 0x98: return "READONLY_BUFFER";
    default: return nullptr;
    }
}

std::string hexByte(std::uint8_t b)
{
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", b);
    return buf;
}

// ---------------------------------------------------------------------------------------------------------
// Zip container

struct ZipEntry {
    std::string name;
    std::uint64_t header_offset = 0;
    std::uint64_t data_offset = 0;
    std::uint64_t size = 0;
    std::uint32_t crc = 0;
};

class ZipReader {
public:
    ZipReader(const std::string& path, const std::byte* data, std::uint64_t size, const PthLimits& limits)
        : m_path(path), m_data(data), m_size(size), m_limits(limits)
    {
    }

    std::vector<ZipEntry> read();

private:
    [[noreturn]] void bad(const std::string& what) const
    {
        throwInput("invalid .pth file " + m_path + ": " + what + ". The file is damaged or was not written by "
                   "torch.save; obtain it again.");
    }
    std::uint64_t u(std::uint64_t at, int bytes) const
    {
        std::uint64_t end = 0;
        if (addOverflow(at, std::uint64_t(bytes), &end) || end > m_size)
            bad("a zip record at byte " + std::to_string(at) + " runs past the end of the file");
        std::uint64_t v = 0;
        for (int i = bytes - 1; i >= 0; --i)
            v = (v << 8) | std::to_integer<std::uint64_t>(m_data[at + std::uint64_t(i)]);
        return v;
    }
    // The ZIP64 extended-information extra field: replaces the fields that hold their all-ones marker.
    void zip64Extra(std::uint64_t extra, std::uint64_t extra_len, std::uint64_t* usize, std::uint64_t* csize,
                    std::uint64_t* offset, const std::string& name) const;

    std::string m_path;
    const std::byte* m_data;
    std::uint64_t m_size;
    const PthLimits& m_limits;
};

void ZipReader::zip64Extra(std::uint64_t extra, std::uint64_t extra_len, std::uint64_t* usize, std::uint64_t* csize,
                           std::uint64_t* offset, const std::string& name) const
{
    const bool need_u = usize && *usize == 0xFFFFFFFFu;
    const bool need_c = csize && *csize == 0xFFFFFFFFu;
    const bool need_o = offset && *offset == 0xFFFFFFFFu;
    if (!need_u && !need_c && !need_o)
        return;
    std::uint64_t pos = extra;
    const std::uint64_t end = extra + extra_len;
    while (pos + 4 <= end) {
        const auto id = u(pos, 2);
        const auto len = u(pos + 2, 2);
        if (pos + 4 + len > end)
            bad("the extra field of entry '" + name + "' is truncated");
        if (id == 0x0001) {
            std::uint64_t p = pos + 4;
            const std::uint64_t stop = p + len;
            auto take = [&](std::uint64_t* v) {
                if (p + 8 > stop)
                    bad("the ZIP64 field of entry '" + name + "' is too short");
                *v = u(p, 8);
                p += 8;
            };
            if (need_u)
                take(usize);
            if (need_c)
                take(csize);
            if (need_o)
                take(offset);
            return;
        }
        pos += 4 + len;
    }
    bad("entry '" + name + "' marks its size or offset as ZIP64 but has no ZIP64 field");
}

std::vector<ZipEntry> ZipReader::read()
{
    if (m_size >= 2 && std::to_integer<char>(m_data[0]) == char(0x80))
        throwInput(".pth file " + m_path + " uses PyTorch's legacy (pre-1.6) format, which is not read. Re-save it "
                   "with a current torch.save, or convert it to .safetensors." + wayOut(m_path));
    if (m_size < 22 || u(0, 4) != 0x04034b50)
        bad("it is not a zip archive (torch.save writes one)");
    // End of central directory: the last 22+ bytes, possibly followed by a comment of up to 64 KiB.
    std::uint64_t eocd = 0;
    bool found = false;
    const std::uint64_t lowest = m_size > 22 + 65535 ? m_size - 22 - 65535 : 0;
    for (std::uint64_t p = m_size - 22 + 1; p-- > lowest;) {
        if (u(p, 4) == 0x06054b50 && p + 22 + u(p + 20, 2) == m_size) {
            eocd = p;
            found = true;
            break;
        }
    }
    if (!found)
        bad("the end-of-central-directory record is missing (truncated file?)");
    std::uint64_t disk = u(eocd + 4, 2), cd_disk = u(eocd + 6, 2);
    std::uint64_t count_disk = u(eocd + 8, 2), count = u(eocd + 10, 2);
    std::uint64_t cd_size = u(eocd + 12, 4), cd_offset = u(eocd + 16, 4);
    std::uint64_t cd_limit = eocd; // the central directory must end before this
    if (eocd >= 20 && u(eocd - 20, 4) == 0x07064b50) {
        const std::uint64_t z = u(eocd - 12, 8);
        if (u(eocd - 16, 4) != 0 || u(eocd - 4, 4) > 1)
            bad("the archive spans several disks");
        if (eocd < 76 || z > eocd - 76 || u(z, 4) != 0x06064b50)
            bad("the ZIP64 end-of-central-directory locator points to byte " + std::to_string(z) +
                ", where no ZIP64 record is");
        disk = u(z + 16, 4);
        cd_disk = u(z + 20, 4);
        count_disk = u(z + 24, 8);
        count = u(z + 32, 8);
        cd_size = u(z + 40, 8);
        cd_offset = u(z + 48, 8);
        cd_limit = z;
    }
    if (disk != 0 || cd_disk != 0 || count_disk != count)
        bad("the archive spans several disks");
    if (count > m_limits.max_entries)
        bad("it declares " + std::to_string(count) + " entries, more than the limit of " +
            std::to_string(m_limits.max_entries));
    std::uint64_t cd_end = 0;
    if (addOverflow(cd_offset, cd_size, &cd_end) || cd_end > cd_limit)
        bad("the central directory (offset " + std::to_string(cd_offset) + ", " + std::to_string(cd_size) +
            " bytes) lies outside the file");
    if (count * 46 > cd_size)
        bad("the central directory is too small for its " + std::to_string(count) + " entries");

    std::vector<ZipEntry> entries;
    entries.reserve(std::size_t(count));
    std::set<std::string> names;
    std::uint64_t p = cd_offset;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (p + 46 > cd_end || u(p, 4) != 0x02014b50)
            bad("central directory entry " + std::to_string(i) + " is malformed");
        const auto flags = u(p + 8, 2), method = u(p + 10, 2);
        const auto crc = std::uint32_t(u(p + 16, 4));
        std::uint64_t csize = u(p + 20, 4), usize = u(p + 24, 4);
        const auto name_len = u(p + 28, 2), extra_len = u(p + 30, 2), comment_len = u(p + 32, 2);
        std::uint64_t offset = u(p + 42, 4);
        if (p + 46 + name_len + extra_len + comment_len > cd_end)
            bad("central directory entry " + std::to_string(i) + " runs past the directory");
        ZipEntry e;
        e.name.assign(reinterpret_cast<const char*>(m_data + p + 46), std::size_t(name_len));
        zip64Extra(p + 46 + name_len, extra_len, &usize, &csize, &offset, e.name);
        if (flags & 0x41)
            bad("entry '" + e.name + "' is encrypted");
        if (method != 0)
            bad("entry '" + e.name + "' is compressed (method " + std::to_string(method) +
                "); torch.save stores entries uncompressed, and compressed entries are refused (zip bombs)");
        if (csize != usize)
            bad("entry '" + e.name + "' is stored but its sizes differ (" + std::to_string(csize) + " vs " +
                std::to_string(usize) + ")");
        if (e.name.empty() || e.name.front() == '/' || e.name.find("..") != std::string::npos ||
            e.name.find('\\') != std::string::npos || e.name.find('\0') != std::string::npos)
            bad("entry name '" + e.name + "' is not a plain relative path");
        if (!names.insert(e.name).second)
            bad("entry '" + e.name + "' appears twice");

        // The local header must agree with the central one.
        if (offset >= m_size || m_size - offset < 30 || u(offset, 4) != 0x04034b50)
            bad("the local header of entry '" + e.name + "' is missing at byte " + std::to_string(offset));
        const auto l_flags = u(offset + 6, 2), l_method = u(offset + 8, 2);
        const auto l_crc = std::uint32_t(u(offset + 14, 4));
        std::uint64_t l_csize = u(offset + 18, 4), l_usize = u(offset + 22, 4);
        const auto l_name_len = u(offset + 26, 2), l_extra_len = u(offset + 28, 2);
        if (offset + 30 + l_name_len + l_extra_len > m_size)
            bad("the local header of entry '" + e.name + "' runs past the end of the file");
        const std::string_view l_name(reinterpret_cast<const char*>(m_data + offset + 30), std::size_t(l_name_len));
        if (l_name != e.name)
            bad("the local header at byte " + std::to_string(offset) + " names '" + std::string(l_name) +
                "' but the central directory says '" + e.name + "'");
        zip64Extra(offset + 30 + l_name_len, l_extra_len, &l_usize, &l_csize, nullptr, e.name);
        if (l_method != method || (l_flags & 0x41) != (flags & 0x41))
            bad("the local and central headers of entry '" + e.name + "' disagree on method or flags");
        if (!(flags & 0x08) && (l_crc != crc || l_csize != csize || l_usize != usize))
            bad("the local and central headers of entry '" + e.name + "' disagree on size or CRC");
        e.header_offset = offset;
        e.data_offset = offset + 30 + l_name_len + l_extra_len;
        e.size = usize;
        e.crc = crc;
        std::uint64_t data_end = 0;
        if (addOverflow(e.data_offset, e.size, &data_end) || data_end > cd_offset)
            bad("the data of entry '" + e.name + "' (" + std::to_string(e.size) + " bytes at byte " +
                std::to_string(e.data_offset) + ") runs past the entries' area (truncated file?)");
        entries.push_back(std::move(e));
        p += 46 + name_len + extra_len + comment_len;
    }
    // No two entries may share bytes (overlapping entries are the classic zip-bomb trick).
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    for (const auto& e : entries)
        ranges.emplace_back(e.header_offset, e.data_offset + e.size);
    std::sort(ranges.begin(), ranges.end());
    for (std::size_t i = 1; i < ranges.size(); ++i)
        if (ranges[i].first < ranges[i - 1].second)
            bad("two entries overlap at byte " + std::to_string(ranges[i].first));
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION // fuzzers mutate past the CRC to reach the pickle
    for (const auto& e : entries)
        if (crc32(m_data + e.data_offset, std::size_t(e.size)) != e.crc)
            bad("entry '" + e.name + "' fails its CRC-32 check");
#endif
    return entries;
}

// ---------------------------------------------------------------------------------------------------------
// Pickle machine: plain values in an arena (indices, so self-references cannot leak or loop), never a call.

struct Storage {
    std::string key;
    DType dtype;
    std::uint64_t numel;
    const std::byte* data;
};

struct Obj {
    enum class Kind { None, Bool, Int, Float, Str, Bytes, Tuple, List, Dict, OrderedDict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    std::int64_t i = 0;
    double f = 0;
    std::string s;                    // Str, Bytes, Global ("module.name")
    std::vector<std::uint32_t> items; // Tuple, List; Dict: key, value, key, value, ...
};

const char* kindName(Obj::Kind k)
{
    switch (k) {
    case Obj::Kind::None: return "None";
    case Obj::Kind::Bool: return "bool";
    case Obj::Kind::Int: return "int";
    case Obj::Kind::Float: return "float";
    case Obj::Kind::Str: return "str";
    case Obj::Kind::Bytes: return "bytes";
    case Obj::Kind::Tuple: return "tuple";
    case Obj::Kind::List: return "list";
    case Obj::Kind::Dict: return "dict";
    case Obj::Kind::OrderedDict: return "OrderedDict";
    case Obj::Kind::Global: return "global";
    case Obj::Kind::Storage: return "storage";
    case Obj::Kind::Tensor: return "tensor";
    }
    return "?";
}

class Unpickler {
public:
    Unpickler(std::string file, std::string_view pkl, const PthLimits& limits,
              std::map<std::string, const ZipEntry*> storages_by_key, const std::byte* base)
        : m_file(std::move(file)), m_pkl(pkl), m_limits(limits), m_entries(std::move(storages_by_key)), m_base(base)
    {
    }

    std::uint32_t run();
    std::vector<Obj> arena;
    std::vector<PthTensor> tensors; // unnamed views; Obj::Kind::Tensor indexes here
    std::vector<Storage> storages;

private:
    [[noreturn]] void bad(const std::string& what) const
    {
        throwInput(".pth file " + m_file + ", data.pkl at byte " + std::to_string(m_op_pos) + ": " + what + "." +
                   wayOut(m_file));
    }
    std::uint64_t readUInt(int bytes)
    {
        if (m_pos + std::size_t(bytes) > m_pkl.size())
            bad("the pickle ends inside an argument (truncated)");
        std::uint64_t v = 0;
        for (int i = bytes - 1; i >= 0; --i)
            v = (v << 8) | std::uint8_t(m_pkl[m_pos + std::size_t(i)]);
        m_pos += std::size_t(bytes);
        return v;
    }
    std::string_view readBytes(std::uint64_t n)
    {
        if (n > m_pkl.size() - m_pos)
            bad("a string of " + std::to_string(n) + " bytes runs past the end of the pickle");
        auto v = m_pkl.substr(m_pos, std::size_t(n));
        m_pos += std::size_t(n);
        return v;
    }
    std::string readLine()
    {
        const auto nl = m_pkl.find('\n', m_pos);
        if (nl == std::string_view::npos || nl - m_pos > 256)
            bad("a GLOBAL name is not terminated");
        std::string s(m_pkl.substr(m_pos, nl - m_pos));
        m_pos = nl + 1;
        return s;
    }
    std::uint32_t make(Obj o)
    {
        if (arena.size() >= m_limits.max_objects)
            bad("more than " + std::to_string(m_limits.max_objects) + " values (object limit)");
        arena.push_back(std::move(o));
        return std::uint32_t(arena.size() - 1);
    }
    void push(std::uint32_t id)
    {
        if (m_stack.size() + m_marks.size() >= m_limits.max_stack)
            bad("the pickle stack exceeds " + std::to_string(m_limits.max_stack) + " entries");
        m_stack.push_back(id);
    }
    std::uint32_t pop()
    {
        if (m_stack.size() <= (m_marks.empty() ? 0 : m_marks.back()))
            bad("an opcode pops from an empty stack");
        const auto v = m_stack.back();
        m_stack.pop_back();
        return v;
    }
    std::uint32_t top()
    {
        if (m_stack.size() <= (m_marks.empty() ? 0 : m_marks.back()))
            bad("an opcode reads from an empty stack");
        return m_stack.back();
    }
    std::vector<std::uint32_t> popMark()
    {
        if (m_marks.empty())
            bad("an opcode needs a MARK that is not there");
        const std::size_t at = m_marks.back();
        m_marks.pop_back();
        std::vector<std::uint32_t> items(m_stack.begin() + std::ptrdiff_t(at), m_stack.end());
        m_stack.resize(at);
        return items;
    }
    void memoPut(std::uint64_t key)
    {
        if (m_memo.size() >= m_limits.max_memo && !m_memo.count(key))
            bad("the memo exceeds " + std::to_string(m_limits.max_memo) + " entries");
        m_memo[key] = top();
    }
    void memoGet(std::uint64_t key)
    {
        const auto it = m_memo.find(key);
        if (it == m_memo.end())
            bad("memo entry " + std::to_string(key) + " is read before it is written");
        push(it->second);
    }
    std::uint32_t global(const std::string& module, const std::string& name);
    std::uint32_t reduce(std::uint32_t callable, std::uint32_t args);
    std::uint32_t persistentLoad(std::uint32_t pid);
    std::uint32_t rebuildTensor(const std::vector<std::uint32_t>& args);
    void setItems(std::uint32_t dict, const std::vector<std::uint32_t>& kv);
    std::vector<std::int64_t> intTuple(std::uint32_t id, const char* what);
    std::uint32_t makeInt(std::int64_t v) { return make(Obj{Obj::Kind::Int, v, 0, {}, {}}); }

    std::string m_file;
    std::string_view m_pkl;
    const PthLimits& m_limits;
    std::map<std::string, const ZipEntry*> m_entries;
    const std::byte* m_base;
    std::size_t m_pos = 0;
    std::size_t m_op_pos = 0;
    std::vector<std::uint32_t> m_stack;
    std::vector<std::size_t> m_marks;
    std::map<std::uint64_t, std::uint32_t> m_memo;
    std::map<std::string, std::uint32_t> m_storage_ids;
    std::uint64_t m_tensor_bytes = 0;
};

std::uint32_t Unpickler::global(const std::string& module, const std::string& name)
{
    const std::string full = module + "." + name;
    bool ok = full == "collections.OrderedDict" || full == "torch._utils._rebuild_tensor_v2" ||
              full == "torch._utils._rebuild_parameter";
    if (module == "torch")
        for (const auto& st : kStorageTypes)
            ok = ok || name == st.name;
    if (!ok)
        bad("the global '" + full + "' is not allowed (a state_dict only needs collections.OrderedDict, "
            "torch._utils._rebuild_tensor_v2 and torch.*Storage); the file may try to run code");
    return make(Obj{Obj::Kind::Global, 0, 0, full, {}});
}

std::vector<std::int64_t> Unpickler::intTuple(std::uint32_t id, const char* what)
{
    const Obj& o = arena[id];
    if (o.kind != Obj::Kind::Tuple)
        bad(std::string("_rebuild_tensor_v2 expects a tuple for ") + what + ", got " + kindName(o.kind));
    if (o.items.size() > std::size_t(m_limits.max_rank))
        bad(std::string("a tensor ") + what + " has " + std::to_string(o.items.size()) + " dimensions (limit " +
            std::to_string(m_limits.max_rank) + ")");
    std::vector<std::int64_t> v;
    for (auto i : o.items) {
        if (arena[i].kind != Obj::Kind::Int)
            bad(std::string("a tensor ") + what + " holds a " + kindName(arena[i].kind) + " instead of an int");
        v.push_back(arena[i].i);
    }
    return v;
}

std::uint32_t Unpickler::rebuildTensor(const std::vector<std::uint32_t>& a)
{
    if (a.size() < 6 || a.size() > 7)
        bad("_rebuild_tensor_v2 called with " + std::to_string(a.size()) + " arguments instead of 6 or 7");
    if (arena[a[0]].kind != Obj::Kind::Storage)
        bad(std::string("_rebuild_tensor_v2 called on a ") + kindName(arena[a[0]].kind) + " instead of a storage");
    if (arena[a[1]].kind != Obj::Kind::Int)
        bad("_rebuild_tensor_v2's storage offset is not an int");
    const Storage& st = storages[std::size_t(arena[a[0]].i)];
    PthTensor t;
    t.dtype = st.dtype;
    t.storage_key = st.key;
    t.storage_offset = arena[a[1]].i;
    t.shape = intTuple(a[2], "size");
    t.strides = intTuple(a[3], "stride");
    if (t.shape.size() != t.strides.size())
        bad("a tensor has " + std::to_string(t.shape.size()) + " sizes but " + std::to_string(t.strides.size()) +
            " strides");
    const auto hooks = arena[a[5]].kind;
    if (hooks != Obj::Kind::OrderedDict && hooks != Obj::Kind::None)
        bad("a tensor has backward hooks, which a state_dict never holds");
    if (!arena[a[5]].items.empty())
        bad("a tensor has backward hooks, which a state_dict never holds");
    if (t.storage_offset < 0 || std::uint64_t(t.storage_offset) > st.numel)
        bad("a tensor's storage offset " + std::to_string(t.storage_offset) + " lies outside its storage '" +
            st.key + "' of " + std::to_string(st.numel) + " elements");
    std::uint64_t numel = 1, last = std::uint64_t(t.storage_offset);
    for (std::size_t d = 0; d < t.shape.size(); ++d) {
        if (t.shape[d] < 0 || t.strides[d] < 0)
            bad("a tensor has a negative size or stride " + shapeString(t.shape));
        if (mulOverflow(numel, std::uint64_t(t.shape[d]), &numel))
            bad("a tensor's element count overflows " + shapeString(t.shape));
    }
    if (numel > 0) {
        for (std::size_t d = 0; d < t.shape.size(); ++d) {
            std::uint64_t reach = 0;
            if (mulOverflow(std::uint64_t(t.shape[d] - 1), std::uint64_t(t.strides[d]), &reach) ||
                addOverflow(last, reach, &last))
                bad("a tensor's extent overflows " + shapeString(t.shape));
        }
        if (last >= st.numel)
            bad("a tensor of shape " + shapeString(t.shape) + " at offset " + std::to_string(t.storage_offset) +
                " reads element " + std::to_string(last) + " of storage '" + st.key + "', which has only " +
                std::to_string(st.numel));
    }
    std::uint64_t bytes = 0;
    if (mulOverflow(numel, dtypeSizeBytes(t.dtype), &bytes) || addOverflow(m_tensor_bytes, bytes, &m_tensor_bytes) ||
        m_tensor_bytes > m_limits.max_tensor_bytes)
        bad("the tensors exceed the limit of " + std::to_string(m_limits.max_tensor_bytes) + " bytes");
    tensors.push_back(std::move(t));
    return make(Obj{Obj::Kind::Tensor, std::int64_t(tensors.size() - 1), 0, {}, {}});
}

std::uint32_t Unpickler::reduce(std::uint32_t callable, std::uint32_t args_id)
{
    const Obj& fn = arena[callable];
    if (fn.kind != Obj::Kind::Global)
        bad(std::string("REDUCE calls a ") + kindName(fn.kind) + ", which is not callable");
    if (arena[args_id].kind != Obj::Kind::Tuple)
        bad("REDUCE arguments are not a tuple");
    const std::vector<std::uint32_t> args = arena[args_id].items;
    if (fn.s == "collections.OrderedDict") {
        if (!args.empty())
            bad("OrderedDict is called with arguments; only OrderedDict() is allowed");
        return make(Obj{Obj::Kind::OrderedDict, 0, 0, {}, {}});
    }
    if (fn.s == "torch._utils._rebuild_tensor_v2")
        return rebuildTensor(args);
    if (fn.s == "torch._utils._rebuild_parameter") {
        if (args.size() != 3 || arena[args[0]].kind != Obj::Kind::Tensor)
            bad("_rebuild_parameter expects (tensor, requires_grad, hooks)");
        return args[0];
    }
    bad("REDUCE calls '" + fn.s + "', which is only allowed as a storage type inside a persistent id");
}

std::uint32_t Unpickler::persistentLoad(std::uint32_t pid_id)
{
    const Obj& pid = arena[pid_id];
    if (pid.kind != Obj::Kind::Tuple || pid.items.size() != 5 || arena[pid.items[0]].kind != Obj::Kind::Str ||
        arena[pid.items[0]].s != "storage")
        bad("a persistent id is not ('storage', type, key, location, numel)");
    const Obj& type = arena[pid.items[1]];
    const Obj& key = arena[pid.items[2]];
    const Obj& location = arena[pid.items[3]];
    const Obj& numel = arena[pid.items[4]];
    if (type.kind != Obj::Kind::Global || key.kind != Obj::Kind::Str || location.kind != Obj::Kind::Str ||
        numel.kind != Obj::Kind::Int)
        bad("a persistent id has the wrong field types");
    const StorageType* st = nullptr;
    for (const auto& s : kStorageTypes)
        if (type.s == std::string("torch.") + s.name)
            st = &s;
    if (!st)
        bad("a persistent id names '" + type.s + "', which is not a storage type");
    if (key.s.empty() || key.s.size() > 64 ||
        !std::all_of(key.s.begin(), key.s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }))
        bad("storage key '" + key.s + "' is not a plain name");
    if (numel.i < 0)
        bad("storage '" + key.s + "' has a negative element count");
    if (const auto it = m_storage_ids.find(key.s); it != m_storage_ids.end()) {
        const Storage& prev = storages[std::size_t(arena[it->second].i)];
        if (prev.dtype != st->dtype || prev.numel != std::uint64_t(numel.i))
            bad("storage '" + key.s + "' is referenced with two different types or sizes");
        return it->second;
    }
    const auto entry = m_entries.find(key.s);
    if (entry == m_entries.end())
        bad("storage '" + key.s + "' has no data/" + key.s + " entry in the archive");
    std::uint64_t bytes = 0;
    if (mulOverflow(std::uint64_t(numel.i), dtypeSizeBytes(st->dtype), &bytes) || bytes != entry->second->size)
        bad("storage '" + key.s + "' declares " + std::to_string(numel.i) + " elements of " +
            dtypeName(st->dtype) + " but its entry holds " + std::to_string(entry->second->size) + " bytes");
    const std::string key_name = key.s; // make() below may move the arena
    storages.push_back(Storage{key_name, st->dtype, std::uint64_t(numel.i), m_base + entry->second->data_offset});
    const auto id = make(Obj{Obj::Kind::Storage, std::int64_t(storages.size() - 1), 0, {}, {}});
    m_storage_ids[key_name] = id;
    return id;
}

void Unpickler::setItems(std::uint32_t dict, const std::vector<std::uint32_t>& kv)
{
    if (kv.size() % 2)
        bad("SETITEMS has an odd number of items");
    const auto kind = arena[dict].kind;
    if (kind != Obj::Kind::Dict && kind != Obj::Kind::OrderedDict)
        bad(std::string("SETITEM(S) on a ") + kindName(kind) + " instead of a dict");
    auto& items = arena[dict].items;
    items.insert(items.end(), kv.begin(), kv.end());
}

std::uint32_t Unpickler::run()
{
    using K = Obj::Kind;
    bool have_proto = false;
    while (true) {
        m_op_pos = m_pos;
        if (m_pos >= m_pkl.size())
            bad("the pickle ends without STOP (truncated)");
        const auto op = std::uint8_t(m_pkl[m_pos++]);
        if (!have_proto && op != 0x80)
            bad("the pickle does not start with PROTO; protocol 0 and 1 pickles are not read");
        switch (op) {
        case 0x80: {
            const auto proto = readUInt(1);
            if (have_proto || proto < 2 || proto > 5)
                bad("pickle protocol " + std::to_string(proto) + " is not supported (2 to 5 are)");
            have_proto = true;
            break;
        }
        case 0x95: readUInt(8); break; // FRAME: a length hint only
        case '.': {
            const auto result = pop();
            if (!m_marks.empty() || !m_stack.empty())
                bad("values are left on the stack at STOP");
            return result;
        }
        case '(':
            if (m_stack.size() + m_marks.size() >= m_limits.max_stack)
                bad("the pickle stack exceeds " + std::to_string(m_limits.max_stack) + " entries");
            m_marks.push_back(m_stack.size());
            break;
        case '0': pop(); break;
        case '1': popMark(); break;
        case '2': push(top()); break;
        case 'N': push(make(Obj{K::None, 0, 0, {}, {}})); break;
        case 0x88: push(make(Obj{K::Bool, 1, 0, {}, {}})); break;
        case 0x89: push(make(Obj{K::Bool, 0, 0, {}, {}})); break;
        case 'J': push(makeInt(std::int32_t(std::uint32_t(readUInt(4))))); break;
        case 'K': push(makeInt(std::int64_t(readUInt(1)))); break;
        case 'M': push(makeInt(std::int64_t(readUInt(2)))); break;
        case 0x8a:
        case 0x8b: {
            const auto n = readUInt(op == 0x8a ? 1 : 4);
            if (n > 8)
                bad("an integer of " + std::to_string(n) + " bytes is too large (at most 8 are read)");
            const auto bytes = readBytes(n);
            std::uint64_t v = 0;
            for (std::size_t i = bytes.size(); i-- > 0;)
                v = (v << 8) | std::uint8_t(bytes[i]);
            if (n > 0 && n < 8 && (std::uint8_t(bytes[n - 1]) & 0x80))
                v |= ~std::uint64_t(0) << (8 * n); // sign-extend
            push(makeInt(std::int64_t(v)));
            break;
        }
        case 'G': {
            const auto bits = readUInt(8);
            // Big-endian on the wire; readUInt assembled it little-endian, so swap.
            push(make(Obj{K::Float, 0, std::bit_cast<double>(__builtin_bswap64(bits)), {}, {}}));
            break;
        }
        case 'X':
        case 0x8c:
        case 0x8d:
        case 'B':
        case 'C':
        case 0x8e: {
            const int len_bytes = (op == 0x8c || op == 'C') ? 1 : (op == 0x8d || op == 0x8e) ? 8 : 4;
            const auto n = readUInt(len_bytes);
            const bool is_str = op == 'X' || op == 0x8c || op == 0x8d;
            push(make(Obj{is_str ? K::Str : K::Bytes, 0, 0, std::string(readBytes(n)), {}}));
            break;
        }
        case ')': push(make(Obj{K::Tuple, 0, 0, {}, {}})); break;
        case 0x85:
        case 0x86:
        case 0x87: {
            const std::size_t n = std::size_t(op - 0x84);
            std::vector<std::uint32_t> items(n);
            for (std::size_t i = n; i-- > 0;)
                items[i] = pop();
            push(make(Obj{K::Tuple, 0, 0, {}, std::move(items)}));
            break;
        }
        case 't': push(make(Obj{K::Tuple, 0, 0, {}, popMark()})); break;
        case ']': push(make(Obj{K::List, 0, 0, {}, {}})); break;
        case 'l': push(make(Obj{K::List, 0, 0, {}, popMark()})); break;
        case 'a':
        case 'e': {
            std::vector<std::uint32_t> items = op == 'a' ? std::vector<std::uint32_t>{pop()} : popMark();
            const auto list = top();
            if (arena[list].kind != K::List)
                bad(std::string(opcodeName(op)) + " on a " + kindName(arena[list].kind) + " instead of a list");
            arena[list].items.insert(arena[list].items.end(), items.begin(), items.end());
            break;
        }
        case '}': push(make(Obj{K::Dict, 0, 0, {}, {}})); break;
        case 'd': {
            const auto items = popMark();
            const auto d = make(Obj{K::Dict, 0, 0, {}, {}});
            setItems(d, items);
            push(d);
            break;
        }
        case 's': {
            const auto v = pop();
            const auto k = pop();
            setItems(top(), {k, v});
            break;
        }
        case 'u': {
            const auto items = popMark();
            setItems(top(), items);
            break;
        }
        case 'q': memoPut(readUInt(1)); break;
        case 'r': memoPut(readUInt(4)); break;
        case 0x94: memoPut(m_memo.size()); break;
        case 'h': memoGet(readUInt(1)); break;
        case 'j': memoGet(readUInt(4)); break;
        case 'c': {
            const auto module = readLine();
            const auto name = readLine();
            push(global(module, name));
            break;
        }
        case 0x93: {
            const auto name = pop();
            const auto module = pop();
            if (arena[module].kind != K::Str || arena[name].kind != K::Str)
                bad("STACK_GLOBAL needs two strings");
            push(global(arena[module].s, arena[name].s));
            break;
        }
        case 'R': {
            const auto args = pop();
            const auto fn = pop();
            push(reduce(fn, args));
            break;
        }
        case 'Q': push(persistentLoad(pop())); break;
        case 'b': {
            // OrderedDict.__reduce__ hands the instance dict (torch's `_metadata`) to BUILD; it is not needed.
            const auto state = pop();
            const auto target = arena[top()].kind;
            const auto sk = arena[state].kind;
            if ((target != K::OrderedDict && target != K::Dict) || (sk != K::Dict && sk != K::None))
                bad(std::string("BUILD sets the state of a ") + kindName(target) +
                    "; only a dict's attributes may be set");
            break;
        }
        default: {
            const char* name = opcodeName(op);
            if (name)
                bad(std::string("opcode ") + name + " (" + hexByte(op) + ") is not allowed in a state_dict pickle");
            bad("byte " + hexByte(op) + " is not a pickle opcode");
        }
        }
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------------------

std::int64_t PthTensor::numel() const
{
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return n;
}

bool PthTensor::isContiguous() const
{
    std::int64_t expected = 1;
    for (std::size_t d = shape.size(); d-- > 0;) {
        if (shape[d] != 1 && strides[d] != expected)
            return false;
        expected *= shape[d];
    }
    return true;
}

struct PthFile::Impl {
    void* address = nullptr; // the mapping, or null with `owned`
    std::size_t size_bytes = 0;
    std::vector<std::byte> owned;
    std::map<std::string, const std::byte*> storage_data;
    ~Impl()
    {
        if (address && size_bytes)
            ::munmap(address, size_bytes);
    }
    const std::byte* bytes() const { return address ? static_cast<const std::byte*>(address) : owned.data(); }
};

PthFile::PthFile(PthFile&&) noexcept = default;
PthFile& PthFile::operator=(PthFile&&) noexcept = default;
PthFile::~PthFile() = default;

namespace {

void parseInto(const std::string& path, const std::byte* data, std::uint64_t size, const PthLimits& limits,
               std::vector<PthTensor>* out, std::size_t* skipped, std::map<std::string, const std::byte*>* storage_data)
{
    ZipReader zip(path, data, size, limits);
    const auto entries = zip.read();
    // One top folder (torch.save names it after the file or "archive") holding data.pkl and data/<key>.
    const ZipEntry* pkl = nullptr;
    std::string top;
    for (const auto& e : entries) {
        const auto slash = e.name.find('/');
        if (slash == std::string::npos || slash == 0)
            throwInput(".pth file " + path + ": entry '" + e.name + "' is not inside the archive's top folder; the "
                       "file was not written by torch.save.");
        const std::string folder = e.name.substr(0, slash);
        if (top.empty())
            top = folder;
        else if (folder != top)
            throwInput(".pth file " + path + " has two top folders ('" + top + "' and '" + folder +
                       "'); the file was not written by torch.save.");
        if (e.name == top + "/data.pkl")
            pkl = &e;
    }
    if (!pkl)
        throwInput(".pth file " + path + " has no data.pkl entry; it is not a torch.save file.");
    if (pkl->size > limits.max_pickle_bytes)
        throwInput(".pth file " + path + ": data.pkl is " + std::to_string(pkl->size) + " bytes, more than the limit of " +
                   std::to_string(limits.max_pickle_bytes) + ".");
    std::map<std::string, const ZipEntry*> by_key;
    for (const auto& e : entries) {
        if (e.name.rfind(top + "/data/", 0) == 0)
            by_key[e.name.substr(top.size() + 6)] = &e;
        if (e.name == top + "/byteorder") {
            const std::string_view order(reinterpret_cast<const char*>(data + e.data_offset), std::size_t(e.size));
            if (order != "little")
                throwInput(".pth file " + path + " was saved on a '" + std::string(order.substr(0, 16)) +
                           "'-endian machine; only little-endian files are read.");
        }
    }
    Unpickler up(path, std::string_view(reinterpret_cast<const char*>(data + pkl->data_offset), std::size_t(pkl->size)),
                 limits, by_key, data);
    const auto root = up.run();

    // Flatten the dict tree into names; a dict reached twice (self-reference, cycle) is refused.
    using K = Obj::Kind;
    std::set<std::uint32_t> on_path;
    std::map<std::string, std::size_t> seen;
    std::function<void(std::uint32_t, const std::string&, int)> walk = [&](std::uint32_t id, const std::string& prefix,
                                                                          int depth) {
        if (depth > limits.max_nesting)
            throwInput(".pth file " + path + ": dicts are nested more than " + std::to_string(limits.max_nesting) +
                       " deep under '" + prefix + "'.");
        if (!on_path.insert(id).second)
            throwInput(".pth file " + path + ": the dict under '" + prefix + "' contains itself (a self-referencing "
                       "structure); a state_dict never does.");
        const auto& items = up.arena[id].items;
        for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
            const Obj& key = up.arena[items[i]];
            const Obj& value = up.arena[items[i + 1]];
            if (key.kind != K::Str) {
                ++*skipped;
                continue;
            }
            const std::string name = prefix.empty() ? key.s : prefix + "." + key.s;
            if (value.kind == K::Tensor) {
                if (seen.count(name))
                    throwInput(".pth file " + path + " holds the tensor '" + name + "' twice.");
                PthTensor t = up.tensors[std::size_t(value.i)];
                t.name = name;
                seen[name] = out->size();
                out->push_back(std::move(t));
            } else if (value.kind == K::Dict || value.kind == K::OrderedDict) {
                walk(items[i + 1], name, depth + 1);
            } else {
                ++*skipped;
            }
        }
        on_path.erase(id);
    };
    if (up.arena[root].kind != K::Dict && up.arena[root].kind != K::OrderedDict)
        throwInput(".pth file " + path + " holds a " + kindName(up.arena[root].kind) +
                   ", not a state_dict (a dict of tensors).");
    walk(root, "", 0);
    if (out->empty())
        throwInput(".pth file " + path + " holds no tensors.");
    std::sort(out->begin(), out->end(), [](const PthTensor& a, const PthTensor& b) { return a.name < b.name; });
    for (const auto& s : up.storages)
        (*storage_data)[s.key] = s.data;
}

} // namespace

PthFile PthFile::open(const std::string& path, const PthLimits& limits)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throwInput("cannot open .pth file " + path + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throwInput("cannot read .pth file " + path + ": not a regular file");
    }
    PthFile file;
    file.m_path = path;
    file.m_impl = std::make_unique<Impl>();
    if (st.st_size > 0) {
        void* address = ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (address == MAP_FAILED) {
            ::close(fd);
            throwInput("cannot map .pth file " + path + ": " + std::strerror(errno));
        }
        file.m_impl->address = address;
        file.m_impl->size_bytes = std::size_t(st.st_size);
    }
    ::close(fd);
    parseInto(path, file.m_impl->bytes(), file.m_impl->size_bytes, limits, &file.m_tensors, &file.m_skipped,
              &file.m_impl->storage_data);
    return file;
}

PthFile PthFile::fromBytes(std::string name, std::vector<std::byte> bytes, const PthLimits& limits)
{
    PthFile file;
    file.m_path = std::move(name);
    file.m_impl = std::make_unique<Impl>();
    file.m_impl->owned = std::move(bytes);
    file.m_impl->size_bytes = file.m_impl->owned.size();
    parseInto(file.m_path, file.m_impl->bytes(), file.m_impl->size_bytes, limits, &file.m_tensors, &file.m_skipped,
              &file.m_impl->storage_data);
    return file;
}

const PthTensor* PthFile::find(const std::string& name) const
{
    const auto it = std::lower_bound(m_tensors.begin(), m_tensors.end(), name,
                                     [](const PthTensor& t, const std::string& n) { return t.name < n; });
    return it != m_tensors.end() && it->name == name ? &*it : nullptr;
}

std::uint64_t PthFile::sizeBytes(const PthTensor& t) const
{
    return std::uint64_t(t.numel()) * dtypeSizeBytes(t.dtype);
}

void PthFile::copyContiguous(const PthTensor& t, std::byte* out) const
{
    const auto it = m_impl->storage_data.find(t.storage_key);
    if (it == m_impl->storage_data.end())
        throwUsage("PthFile::copyContiguous: tensor '" + t.name + "' is not from " + m_path);
    const std::size_t es = dtypeSizeBytes(t.dtype);
    const std::byte* base = it->second + std::size_t(t.storage_offset) * es;
    const auto n = t.numel();
    if (n == 0)
        return;
    if (t.isContiguous()) {
        std::memcpy(out, base, std::size_t(n) * es);
        return;
    }
    // Gather the view: the innermost dimension is copied as a run when its stride is 1.
    const std::size_t rank = t.shape.size();
    const bool inner_run = t.strides[rank - 1] == 1;
    const std::int64_t run = inner_run ? t.shape[rank - 1] : 1;
    const std::size_t outer_rank = inner_run ? rank - 1 : rank;
    std::vector<std::int64_t> idx(outer_rank, 0);
    std::int64_t runs = n / run;
    for (std::int64_t r = 0; r < runs; ++r) {
        std::int64_t off = 0;
        for (std::size_t d = 0; d < outer_rank; ++d)
            off += idx[d] * t.strides[d];
        std::memcpy(out, base + std::size_t(off) * es, std::size_t(run) * es);
        out += std::size_t(run) * es;
        for (std::size_t d = outer_rank; d-- > 0;) {
            if (++idx[d] < t.shape[d])
                break;
            idx[d] = 0;
        }
    }
}

} // namespace emote::nn
