#include "core/nn/safetensors.h"

#include "core/common/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <set>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace emote::nn {

namespace {

// ---- A small strict JSON parser: exactly what a safetensors header needs, duplicate keys rejected. ----

struct JsonMember;

struct Json {
    enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
    bool boolean = false;
    bool is_integer = false;
    std::int64_t integer = 0;
    std::string string;
    std::vector<Json> array;
    std::vector<JsonMember> object; // in file order, keys unique
};

// A named struct rather than std::pair: clang rejects std::pair<std::string, Json> inside Json itself.
struct JsonMember {
    std::string key;
    Json value;
};

class JsonParser {
public:
    JsonParser(std::string_view text, const std::string& path) : m_text(text), m_path(path) {}

    Json parseDocument()
    {
        Json v = parseValue(0);
        skipSpace();
        if (m_pos != m_text.size())
            fail("unexpected data after the JSON header");
        return v;
    }

private:
    static constexpr int kMaxDepth = 16;

    [[noreturn]] void fail(const std::string& what) const
    {
        throwInput("invalid safetensors header in " + m_path + ": " + what + " (at header byte " +
                   std::to_string(m_pos) + ")");
    }

    void skipSpace()
    {
        while (m_pos < m_text.size() &&
               (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }

    char peek()
    {
        skipSpace();
        if (m_pos >= m_text.size())
            fail("unexpected end of the JSON header");
        return m_text[m_pos];
    }

    void expect(char c)
    {
        if (peek() != c)
            fail(std::string("expected '") + c + "'");
        ++m_pos;
    }

    Json parseValue(int depth)
    {
        if (depth > kMaxDepth)
            fail("JSON nested too deeply");
        const char c = peek();
        if (c == '{')
            return parseObject(depth);
        if (c == '[')
            return parseArray(depth);
        if (c == '"') {
            Json v;
            v.type = Json::Type::String;
            v.string = parseString();
            return v;
        }
        if (c == '-' || (c >= '0' && c <= '9'))
            return parseNumber();
        if (m_text.substr(m_pos, 4) == "true" || m_text.substr(m_pos, 5) == "false") {
            Json v;
            v.type = Json::Type::Bool;
            v.boolean = m_text[m_pos] == 't';
            m_pos += v.boolean ? 4 : 5;
            return v;
        }
        if (m_text.substr(m_pos, 4) == "null") {
            m_pos += 4;
            return Json{};
        }
        fail("unexpected character");
    }

    Json parseObject(int depth)
    {
        Json v;
        v.type = Json::Type::Object;
        expect('{');
        std::set<std::string> seen;
        if (peek() == '}') {
            ++m_pos;
            return v;
        }
        for (;;) {
            if (peek() != '"')
                fail("expected a string key");
            std::string key = parseString();
            if (!seen.insert(key).second)
                fail("duplicate key '" + key + "'");
            expect(':');
            Json value = parseValue(depth + 1);
            v.object.push_back(JsonMember{std::move(key), std::move(value)});
            const char c = peek();
            ++m_pos;
            if (c == '}')
                return v;
            if (c != ',')
                fail("expected ',' or '}'");
        }
    }

    Json parseArray(int depth)
    {
        Json v;
        v.type = Json::Type::Array;
        expect('[');
        if (peek() == ']') {
            ++m_pos;
            return v;
        }
        for (;;) {
            v.array.push_back(parseValue(depth + 1));
            const char c = peek();
            ++m_pos;
            if (c == ']')
                return v;
            if (c != ',')
                fail("expected ',' or ']'");
        }
    }

    Json parseNumber()
    {
        const std::size_t start = m_pos;
        bool negative = false;
        if (m_text[m_pos] == '-') {
            negative = true;
            ++m_pos;
        }
        bool integral = true;
        std::uint64_t magnitude = 0;
        bool overflow = false;
        std::size_t digits = 0;
        while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
            const unsigned d = unsigned(m_text[m_pos] - '0');
            if (magnitude > (std::numeric_limits<std::uint64_t>::max() - d) / 10)
                overflow = true;
            else
                magnitude = magnitude * 10 + d;
            ++m_pos;
            ++digits;
        }
        if (digits == 0)
            fail("malformed number");
        while (m_pos < m_text.size() && std::strchr(".eE+-0123456789", m_text[m_pos])) {
            integral = false;
            ++m_pos;
        }
        Json v;
        v.type = Json::Type::Number;
        v.is_integer = integral && !overflow &&
                       magnitude <= std::uint64_t(std::numeric_limits<std::int64_t>::max());
        if (v.is_integer)
            v.integer = negative ? -std::int64_t(magnitude) : std::int64_t(magnitude);
        if (integral && overflow)
            fail("integer " + std::string(m_text.substr(start, m_pos - start)) + " does not fit in 64 bits");
        return v;
    }

    std::string parseString()
    {
        expect('"');
        std::string out;
        for (;;) {
            if (m_pos >= m_text.size())
                fail("unterminated string");
            const char c = m_text[m_pos++];
            if (c == '"')
                return out;
            if (static_cast<unsigned char>(c) < 0x20)
                fail("control character in a string");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_text.size())
                fail("unterminated escape");
            const char e = m_text[m_pos++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': appendUtf8(out, parseHex4()); break;
            default: fail("bad escape in a string");
            }
        }
    }

    unsigned parseHex4()
    {
        if (m_pos + 4 > m_text.size())
            fail("truncated \\u escape");
        unsigned cp = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_pos++];
            cp <<= 4;
            if (h >= '0' && h <= '9')
                cp |= unsigned(h - '0');
            else if (h >= 'a' && h <= 'f')
                cp |= unsigned(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                cp |= unsigned(h - 'A' + 10);
            else
                fail("bad \\u escape");
        }
        return cp;
    }

    void appendUtf8(std::string& out, unsigned cp)
    {
        if (cp >= 0xD800 && cp <= 0xDBFF) { // surrogate pair
            if (m_text.substr(m_pos, 2) != "\\u")
                fail("unpaired surrogate");
            m_pos += 2;
            const unsigned lo = parseHex4();
            if (lo < 0xDC00 || lo > 0xDFFF)
                fail("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("unpaired surrogate");
        }
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    std::string_view m_text;
    const std::string& m_path;
    std::size_t m_pos = 0;
};

bool parseDType(const std::string& s, DType* out)
{
    static const std::pair<const char*, DType> table[] = {
        {"F64", DType::F64}, {"F32", DType::F32}, {"F16", DType::F16}, {"BF16", DType::BF16},
        {"I64", DType::I64}, {"I32", DType::I32}, {"I16", DType::I16}, {"I8", DType::I8},
        {"U8", DType::U8},   {"BOOL", DType::Bool},
    };
    for (const auto& [name, dtype] : table) {
        if (s == name) {
            *out = dtype;
            return true;
        }
    }
    return false;
}

bool mulOverflows(std::uint64_t a, std::uint64_t b, std::uint64_t* out)
{
    return __builtin_mul_overflow(a, b, out);
}

} // namespace

struct SafetensorsFile::Mapping {
    void* address = nullptr;
    std::size_t size_bytes = 0;
    ~Mapping()
    {
        if (address && size_bytes)
            ::munmap(address, size_bytes);
    }
};

SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;
SafetensorsFile::~SafetensorsFile() = default;

SafetensorsFile SafetensorsFile::open(const std::string& path)
{
    auto bad = [&](const std::string& what) -> void { throwInput("invalid safetensors file " + path + ": " + what); };

    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throwInput("cannot open safetensors file " + path + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throwInput("cannot read safetensors file " + path + ": not a regular file");
    }
    const std::uint64_t file_size = std::uint64_t(st.st_size);
    if (file_size < 8) {
        ::close(fd);
        bad("the file is " + std::to_string(file_size) + " bytes long, shorter than the 8-byte header length");
    }

    SafetensorsFile file;
    file.m_path = path;
    file.m_mapping = std::make_unique<Mapping>();
    void* address = ::mmap(nullptr, std::size_t(file_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (address == MAP_FAILED)
        throwInput("cannot map safetensors file " + path + ": " + std::strerror(errno));
    file.m_mapping->address = address;
    file.m_mapping->size_bytes = std::size_t(file_size);
    const auto* bytes = static_cast<const std::byte*>(address);

    std::uint64_t header_bytes = 0;
    for (int i = 7; i >= 0; --i)
        header_bytes = (header_bytes << 8) | std::uint64_t(std::to_integer<unsigned>(bytes[i]));
    if (header_bytes > kMaxHeaderBytes)
        bad("the header length " + std::to_string(header_bytes) + " exceeds the 100 MB limit");
    if (header_bytes > file_size - 8)
        bad("the header length " + std::to_string(header_bytes) + " runs past the end of the " +
            std::to_string(file_size) + "-byte file");
    if (header_bytes < 2 || std::to_integer<char>(bytes[8]) != '{')
        bad("the header does not start with '{'");

    const std::string_view header(reinterpret_cast<const char*>(bytes + 8), std::size_t(header_bytes));
    Json root;
    {
        JsonParser parser(header, path);
        root = parser.parseDocument();
    }
    if (root.type != Json::Type::Object)
        bad("the header is not a JSON object");

    const std::uint64_t data_bytes = file_size - 8 - header_bytes;
    const std::byte* data = bytes + 8 + header_bytes;

    for (auto& [key, value] : root.object) {
        if (key == "__metadata__") {
            if (value.type != Json::Type::Object)
                bad("__metadata__ is not an object");
            for (auto& [mk, mv] : value.object) {
                if (mv.type != Json::Type::String)
                    bad("__metadata__ value '" + mk + "' is not a string");
                file.m_metadata[mk] = mv.string;
            }
            continue;
        }
        if (value.type != Json::Type::Object)
            bad("tensor '" + key + "' is not described by an object");
        TensorView t;
        t.name = key;
        bool have_dtype = false, have_shape = false, have_offsets = false;
        for (auto& [field, fv] : value.object) {
            if (field == "dtype") {
                if (fv.type != Json::Type::String || !parseDType(fv.string, &t.dtype))
                    bad("tensor '" + key + "' has unsupported dtype '" + fv.string + "'");
                have_dtype = true;
            } else if (field == "shape") {
                if (fv.type != Json::Type::Array)
                    bad("tensor '" + key + "' has a shape that is not an array");
                if (fv.array.size() > 16)
                    bad("tensor '" + key + "' has more than 16 dimensions");
                for (const Json& d : fv.array) {
                    if (d.type != Json::Type::Number || !d.is_integer || d.integer < 0)
                        bad("tensor '" + key + "' has a shape entry that is not a non-negative integer");
                    t.shape.push_back(d.integer);
                }
                have_shape = true;
            } else if (field == "data_offsets") {
                if (fv.type != Json::Type::Array || fv.array.size() != 2)
                    bad("tensor '" + key + "' needs data_offsets [begin, end]");
                for (const Json& d : fv.array)
                    if (d.type != Json::Type::Number || !d.is_integer || d.integer < 0)
                        bad("tensor '" + key + "' has a data offset that is not a non-negative integer");
                t.begin_byte = std::uint64_t(fv.array[0].integer);
                t.end_byte = std::uint64_t(fv.array[1].integer);
                have_offsets = true;
            } else {
                bad("tensor '" + key + "' has unknown field '" + field + "'");
            }
        }
        if (!have_dtype || !have_shape || !have_offsets)
            bad("tensor '" + key + "' lacks dtype, shape or data_offsets");
        if (t.end_byte < t.begin_byte)
            bad("tensor '" + key + "' has data_offsets that end before they begin");
        if (t.end_byte > data_bytes)
            bad("tensor '" + key + "' ends at byte " + std::to_string(t.end_byte) + ", past the " +
                std::to_string(data_bytes) + "-byte data section");
        // numel() multiplies in int64: every partial product must fit, even when a later dimension is 0.
        std::uint64_t elements = 1;
        for (std::int64_t d : t.shape)
            if (mulOverflows(elements, std::uint64_t(d), &elements) ||
                elements > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
                bad("tensor '" + key + "' has a shape " + shapeString(t.shape) + " whose element count overflows");
        std::uint64_t expected = dtypeSizeBytes(t.dtype);
        for (std::int64_t d : t.shape)
            if (mulOverflows(expected, std::uint64_t(d), &expected))
                bad("tensor '" + key + "' has a shape " + shapeString(t.shape) + " whose size overflows");
        if (expected != t.end_byte - t.begin_byte)
            bad("tensor '" + key + "' is " + std::to_string(t.end_byte - t.begin_byte) + " bytes, but " +
                dtypeName(t.dtype) + " " + shapeString(t.shape) + " needs " + std::to_string(expected));
        t.data = data + t.begin_byte;
        file.m_tensors.push_back(std::move(t));
    }

    // The data section must be covered exactly once: contiguous, no overlap, no gap, nothing left over.
    std::vector<const TensorView*> by_offset;
    for (const TensorView& t : file.m_tensors)
        by_offset.push_back(&t);
    std::stable_sort(by_offset.begin(), by_offset.end(), [](const TensorView* a, const TensorView* b) {
        return a->begin_byte != b->begin_byte ? a->begin_byte < b->begin_byte : a->end_byte < b->end_byte;
    });
    std::uint64_t cursor = 0;
    for (const TensorView* t : by_offset) {
        if (t->begin_byte != cursor)
            bad("tensor '" + t->name + "' starts at byte " + std::to_string(t->begin_byte) + ", expected " +
                std::to_string(cursor) + " (offsets must be contiguous, without gaps or overlaps)");
        cursor = t->end_byte;
    }
    if (cursor != data_bytes)
        bad("the tensors cover " + std::to_string(cursor) + " bytes of the " + std::to_string(data_bytes) +
            "-byte data section");

    std::sort(file.m_tensors.begin(), file.m_tensors.end(),
              [](const TensorView& a, const TensorView& b) { return a.name < b.name; });
    return file;
}

const TensorView* SafetensorsFile::find(std::string_view name) const
{
    auto it = std::lower_bound(m_tensors.begin(), m_tensors.end(), name,
                               [](const TensorView& t, std::string_view n) { return t.name < n; });
    if (it != m_tensors.end() && it->name == name)
        return &*it;
    return nullptr;
}

const TensorView& SafetensorsFile::require(std::string_view name) const
{
    if (const TensorView* t = find(name))
        return *t;
    throwInput("tensor '" + std::string(name) + "' is missing in " + m_path);
}

} // namespace emote::nn
