#include "app/cli/cmd_diffusion.h"

#include "app/cli/cli_args.h"
#include "core/common/error.h"
#include "core/diffusion/hallo_import.h"

#include <cstdio>

namespace emote::cli {

const char* const kImportHalloUsage = R"(  emote import-hallo DIR -o PACKAGE [--name NAME] [--license TEXT] [--config FILE.json] [--overwrite]

import-hallo: DIR is Hallo's pretrained_models folder:
      DIR/hallo/net.pth (or net.safetensors)              reference/denoising UNets, face locator, projections
      DIR/sd-vae-ft-mse/config.json + diffusion_pytorch_model.safetensors (or .bin)
      DIR/stable-diffusion-v1-5/unet/config.json
      DIR/wav2vec/wav2vec2-base-960h/config.json + model.safetensors (or pytorch_model.bin)
  -o, --output PACKAGE     the package folder to create
      --name NAME          package name (default: hallo)
      --license TEXT       license note stored in the manifest
      --config FILE.json   module configs that replace the defaults ({"denoising_unet": {...}, ...})
      --overwrite          replace PACKAGE if it exists
  PyTorch files (.pth, .bin, .pt, .ckpt) are read by a restricted reader that accepts only plain state_dicts
  (tensors in dicts) and never runs anything in them; the package holds .safetensors only.
)";

int cmdImportHallo(const std::vector<std::string>& argv)
{
    const Args args(argv, {{"output", 'o'}, {"name"}, {"license"}, {"config"}, {"overwrite", 0, false}});
    if (args.positional().size() != 1 || !args.has("output"))
        throwUsage("import-hallo needs the Hallo release folder and -o PACKAGE.\n" + std::string(kImportHalloUsage));
    diffusion::HalloImportParams p;
    p.release = args.positional()[0];
    p.output = *args.get("output");
    p.name = args.get("name", "hallo");
    p.license = args.get("license", "");
    p.config_file = args.get("config", "");
    p.overwrite = args.has("overwrite");
    const auto out = diffusion::importHallo(p);
    std::printf("wrote model package %s\n", out.string().c_str());
    return 0;
}

} // namespace emote::cli
