// Writes the seed files of tests/fuzz/corpus/pth/ (small torch.save look-alikes made with the test writer).
// Not part of the build; run by hand when the seeds need remaking:
//   g++ -std=c++20 -I. tests/fuzz/make_pth_seeds.cpp -o /tmp/make_pth_seeds && /tmp/make_pth_seeds tests/fuzz/corpus/pth
#include "tests/diffusion/pth_writer.h"

#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using emote::test::bytesOf;
using emote::test::PthWriter;

static void save(const std::string& dir, const std::string& name, const std::string& bytes)
{
    std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
    std::cout << name << ": " << bytes.size() << " bytes\n";
}

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: make_pth_seeds OUTPUT_DIR\n";
        return 2;
    }
    const std::string dir = argv[1];
    {   // One contiguous float tensor, ZIP64 end records as torch.save writes them.
        PthWriter w;
        w.addStorage("0", "FloatStorage", bytesOf(std::vector<float>{1, 2, 3, 4, 5, 6}), 4);
        w.addTensor("weight", "0", 0, {2, 3});
        save(dir, "float_2x3.pth", w.build());
    }
    {   // Shared storage with offset, transposed and strided views, a scalar and an empty tensor; classic zip.
        PthWriter w;
        std::vector<float> f(24);
        for (int i = 0; i < 24; ++i)
            f[i] = float(i) * 0.5f;
        w.addStorage("0", "FloatStorage", bytesOf(f), 4);
        w.addTensor("block.weight", "0", 0, {2, 3, 4});
        w.addTensor("block.view", "0", 6, {3, 2});
        w.addTensor("block.t", "0", 0, {4, 6}, {1, 4});
        w.addTensor("block.every_other", "0", 1, {2, 3}, {12, 2});
        w.addTensor("scalar", "0", 5, {}, {});
        w.addTensor("empty", "0", 24, {0, 3});
        save(dir, "views.pth", w.build(/*zip64*/ false));
    }
    {   // Every storage type the reader accepts, ZIP64 extra fields in the central directory.
        PthWriter w;
        w.top = "hallo";
        w.addStorage("1", "HalfStorage", bytesOf(std::vector<std::uint16_t>{0x3c00, 0x4000, 0xc000}), 2);
        w.addTensor("half", "1", 0, {3});
        w.addStorage("2", "BFloat16Storage", bytesOf(std::vector<std::uint16_t>{0x3f80, 0x4000}), 2);
        w.addTensor("bf16", "2", 0, {2});
        w.addStorage("3", "LongStorage", bytesOf(std::vector<std::int64_t>{7, 8, 9}), 8);
        w.addTensor("num_batches_tracked", "3", 2, {});
        w.addStorage("10", "ByteStorage", std::string("\x01\x02\x03", 3), 1);
        w.addTensor("bytes", "10", 0, {3});
        save(dir, "dtypes_zip64_fields.pth", w.build(/*zip64*/ true, /*zip64_fields*/ true));
    }
    return 0;
}
