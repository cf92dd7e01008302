#include "core/diffusion/detail/unet.h"

#include "core/common/error.h"
#include "core/nn/runtime.h"

#include <algorithm>

namespace emote::diffusion {

namespace F = torch::nn::functional;
using nn::makeConv2d;
using nn::makeGroupNorm;

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s)
{
    return std::find(v.begin(), v.end(), s) != v.end();
}

bool contains(const std::vector<std::int64_t>& v, std::int64_t x)
{
    return std::find(v.begin(), v.end(), x) != v.end();
}

// [B·F, C, H, W] (b-major) ↔ [B, C, F, H, W]
torch::Tensor toVideo(const torch::Tensor& x, std::int64_t frames)
{
    const auto BF = x.size(0);
    return x.reshape({BF / frames, frames, x.size(1), x.size(2), x.size(3)}).permute({0, 2, 1, 3, 4});
}

torch::Tensor toFrames(const torch::Tensor& x)
{
    return x.permute({0, 2, 1, 3, 4}).reshape({x.size(0) * x.size(2), x.size(1), x.size(3), x.size(4)});
}

} // namespace

// One down, mid or up block: resnets, optional spatial transformers, audio and motion modules, resampler.
class UNetBlock : public torch::nn::Module {
public:
    enum class Role { Down, Mid, Up };

    struct Spec {
        Role role = Role::Down;
        std::string path;          // "down_blocks.0"
        std::int64_t in_channels = 0;
        std::int64_t out_channels = 0;
        std::int64_t prev_channels = 0; // up blocks: width arriving from below
        std::int64_t layers = 1;
        bool cross_attention = true;
        bool resample = false;
        bool motion = false;
        bool audio = false;
        std::int64_t heads = 8;
        std::int64_t transformer_layers = 1;
        std::int64_t depth = 0; // Hallo's level for the audio masks
        std::string block_name; // "down" | "mid" | "up"
    };

    UNetBlock(const UNetConfig& c, const Spec& s, std::int64_t temb_channels) : m_spec(s)
    {
        const auto groups = c.norm_num_groups;
        const auto eps = c.norm_eps;
        const bool masked_audio = contains(c.stack_enable_blocks_name, s.block_name) &&
                                  contains(c.stack_enable_blocks_depth, s.depth);
        if (s.role == Role::Mid)
            resnets.push_back(std::make_shared<nn::ResnetBlock2D>(s.in_channels, s.in_channels, temb_channels, groups, eps));
        for (std::int64_t i = 0; i < s.layers; ++i) {
            std::int64_t res_in = 0, audio_in = 0;
            if (s.role == Role::Down) {
                res_in = i == 0 ? s.in_channels : s.out_channels;
                audio_in = res_in;
            } else if (s.role == Role::Up) {
                const std::int64_t skip = i == s.layers - 1 ? s.in_channels : s.out_channels;
                res_in = (i == 0 ? s.prev_channels : s.out_channels) + skip;
                audio_in = s.in_channels;
            } else {
                res_in = s.in_channels;
                audio_in = s.in_channels;
            }
            const std::int64_t width = s.role == Role::Mid ? s.in_channels : s.out_channels;
            if (s.role != Role::Mid)
                resnets.push_back(std::make_shared<nn::ResnetBlock2D>(res_in, width, temb_channels, groups, eps));
            if (s.cross_attention) {
                attentions.push_back(std::make_shared<SpatialTransformer>(
                    s.path + ".attentions." + std::to_string(i), width, s.heads, s.transformer_layers,
                    c.cross_attention_dim, groups, c.use_linear_projection));
                if (s.audio) {
                    const std::int64_t inner = s.heads * (audio_in / s.heads);
                    audio_modules.push_back(std::make_shared<AudioModule>(width, inner, s.heads, c.audio_attention_dim,
                                                                          groups, masked_audio, s.depth));
                }
            }
            if (s.motion)
                motion_modules.push_back(std::make_shared<MotionModule>(
                    width, c.motion_heads, c.motion_transformer_blocks, c.motion_attention_blocks,
                    c.motion_position_encoding, c.motion_position_encoding_max_len,
                    c.speed_layers.appliesTo(s.block_name) ? &c.speed_layers : nullptr));
            if (s.role == Role::Mid)
                resnets.push_back(std::make_shared<nn::ResnetBlock2D>(width, width, temb_channels, groups, eps));
        }
        nn::registerList(*this, "resnets", resnets);
        if (!attentions.empty())
            nn::registerList(*this, "attentions", attentions);
        if (!audio_modules.empty())
            nn::registerList(*this, "audio_modules", audio_modules);
        if (!motion_modules.empty())
            nn::registerList(*this, "motion_modules", motion_modules);
        if (s.resample && s.role == Role::Down) {
            downsampler = std::make_shared<nn::Downsample2D>(s.out_channels, c.downsample_padding);
            nn::registerList(*this, "downsamplers", std::vector<std::shared_ptr<nn::Downsample2D>>{downsampler});
        } else if (s.resample && s.role == Role::Up) {
            upsampler = std::make_shared<nn::Upsample2D>(s.out_channels);
            nn::registerList(*this, "upsamplers", std::vector<std::shared_ptr<nn::Upsample2D>>{upsampler});
        }
    }

    // The per-layer body of the cross-attention blocks: spatial transformer (bank), audio, motion
    // (training branch: motion frames from the bank prepended, then dropped).
    torch::Tensor layer(std::size_t i, torch::Tensor x, const torch::Tensor& ctx, const ReferenceState& ref,
                        std::int64_t frames, const DenoiseInputs* in)
    {
        torch::Tensor motion; // [2, nm, T, C]
        x = attentions[i]->forward(x, ctx, ref, frames, ref.mode == ReferenceMode::Read ? &motion : nullptr);
        if (!in)
            return x;
        if (i < audio_modules.size()) {
            const auto audio = in->audio_embedding.reshape(
                {-1, in->audio_embedding.size(2), in->audio_embedding.size(3)}); // (b f) m d
            x = audio_modules[i]->forward(x, audio, in->masks, in->motion_scale.empty() ? nullptr : &in->motion_scale);
        }
        if (i < motion_modules.size()) {
            torch::Tensor prefix; // [B, nm, C, h, w]
            std::int64_t nm = 0;
            if (motion.defined()) {
                nm = motion.size(1);
                // "b f (d1 d2) c -> b f c d1 d2" with d1 = width (Hallo is square-only)
                const auto w = x.size(3);
                prefix = motion.reshape({motion.size(0), nm, motion.size(2) / w, w, motion.size(3)})
                             .permute({0, 1, 4, 2, 3})
                             .to(x.scalar_type());
            }
            torch::Tensor speed;
            if (motion_modules[i]->hasSpeedLayers()) {
                const auto Fr = frames + nm;
                if (!in->speed_features.defined() || in->speed_features.size(1) < Fr)
                    throw Error(ErrorKind::Internal, "speed features missing or shorter than the motion module's frames");
                speed = in->speed_features.slice(1, in->speed_features.size(1) - Fr); // the last nm + F frames
            }
            x = motion_modules[i]->forwardFrames(x, frames, prefix, speed);
        }
        return x;
    }

    torch::Tensor forwardDown(torch::Tensor x, const torch::Tensor& temb, const torch::Tensor& ctx,
                              const ReferenceState& ref, std::int64_t frames, const DenoiseInputs* in,
                              std::vector<torch::Tensor>& skips)
    {
        for (std::size_t i = 0; i < resnets.size(); ++i) {
            x = resnets[i]->forward(x, temb);
            if (!attentions.empty())
                x = layer(i, x, ctx, ref, frames, in);
            // DownBlock3D's training branch runs its resnets only: its motion modules are loaded but unused.
            skips.push_back(x);
        }
        if (downsampler) {
            x = downsampler->forward(x);
            skips.push_back(x);
        }
        return x;
    }

    torch::Tensor forwardMid(torch::Tensor x, const torch::Tensor& temb, const torch::Tensor& ctx,
                             const ReferenceState& ref, std::int64_t frames, const DenoiseInputs* in)
    {
        x = resnets[0]->forward(x, temb);
        for (std::size_t i = 0; i < attentions.size(); ++i) {
            x = layer(i, x, ctx, ref, frames, in);
            x = resnets[i + 1]->forward(x, temb);
        }
        return x;
    }

    torch::Tensor forwardUp(torch::Tensor x, const torch::Tensor& temb, const torch::Tensor& ctx,
                            const ReferenceState& ref, std::int64_t frames, const DenoiseInputs* in,
                            std::vector<torch::Tensor>& skips, std::vector<std::int64_t> upsample_size)
    {
        for (std::size_t i = 0; i < resnets.size(); ++i) {
            x = torch::cat({x, skips.back()}, 1);
            skips.pop_back();
            x = resnets[i]->forward(x, temb);
            if (!attentions.empty())
                x = layer(i, x, ctx, ref, frames, in);
        }
        if (upsampler)
            x = upsampler->forward(x, upsample_size);
        return x;
    }

    void collectWriters(std::vector<std::pair<std::string, std::int64_t>>& out) const
    {
        for (const auto& a : attentions)
            for (const auto& b : a->blocks)
                out.emplace_back(b->path(), b->width());
    }

    const Spec& spec() const { return m_spec; }

    std::vector<std::shared_ptr<nn::ResnetBlock2D>> resnets;
    std::vector<std::shared_ptr<SpatialTransformer>> attentions;
    std::vector<std::shared_ptr<AudioModule>> audio_modules;
    std::vector<std::shared_ptr<MotionModule>> motion_modules;
    std::shared_ptr<nn::Downsample2D> downsampler;
    std::shared_ptr<nn::Upsample2D> upsampler;

private:
    Spec m_spec;
};

HalloUNet::HalloUNet(const UNetConfig& c, Kind kind) : m_config(c), m_kind(kind)
{
    const auto& ch = c.block_out_channels;
    const auto n = std::int64_t(ch.size());
    const bool denoising = kind == Kind::Denoising;
    if (denoising && !c.use_inflated_groupnorm)
        throwInput("model config: the denoising UNet needs use_inflated_groupnorm = true (per-frame GroupNorm)");
    const std::int64_t temb_channels = ch[0] * 4;
    conv_in = register_module("conv_in", makeConv2d(c.in_channels, ch[0], 3, 1, 1));
    time_embedding = register_module("time_embedding", std::make_shared<nn::TimestepEmbedding>(ch[0], temb_channels));

    if (c.speed_layers.enabled && denoising)
        speed_encoder = register_module("speed_encoder", std::make_shared<SpeedEncoder>(c.speed_layers));

    std::int64_t out = ch[0];
    for (std::int64_t i = 0; i < n; ++i) {
        UNetBlock::Spec s;
        s.role = UNetBlock::Role::Down;
        s.path = "down_blocks." + std::to_string(i);
        s.in_channels = out;
        s.out_channels = out = ch[std::size_t(i)];
        s.layers = c.layers_per_block;
        s.cross_attention = c.down_block_types[std::size_t(i)] == UNetConfig::BlockType::CrossAttnDown;
        s.resample = i != n - 1;
        s.heads = c.heads[std::size_t(i)];
        s.transformer_layers = denoising ? 1 : c.transformer_layers_per_block[std::size_t(i)];
        s.depth = i;
        s.block_name = "down";
        s.motion = denoising && c.use_motion_module && contains(c.motion_module_resolutions, std::int64_t(1) << i) &&
                   !c.motion_module_decoder_only;
        s.audio = denoising && c.use_audio_module;
        down_blocks.push_back(std::make_shared<UNetBlock>(c, s, temb_channels));
    }
    {
        UNetBlock::Spec s;
        s.role = UNetBlock::Role::Mid;
        s.path = "mid_block";
        s.in_channels = s.out_channels = ch.back();
        s.layers = 1;
        s.heads = c.heads.back();
        s.transformer_layers = denoising ? 1 : c.transformer_layers_per_block.back();
        s.depth = 3; // hard-coded upstream (unet_3d.py)
        s.block_name = "mid";
        s.motion = denoising && c.use_motion_module && c.motion_module_mid_block;
        s.audio = denoising && c.use_audio_module;
        mid_block = std::make_shared<UNetBlock>(c, s, temb_channels);
    }
    const std::vector<std::int64_t> rev(ch.rbegin(), ch.rend());
    std::vector<std::int64_t> rev_heads(c.heads.rbegin(), c.heads.rend());
    out = rev[0];
    for (std::int64_t i = 0; i < n; ++i) {
        UNetBlock::Spec s;
        s.role = UNetBlock::Role::Up;
        s.path = "up_blocks." + std::to_string(i);
        s.prev_channels = out;
        s.out_channels = out = rev[std::size_t(i)];
        s.in_channels = rev[std::size_t(std::min(i + 1, n - 1))];
        s.layers = c.layers_per_block + 1;
        s.cross_attention = c.up_block_types[std::size_t(i)] == UNetConfig::BlockType::CrossAttnUp;
        s.resample = i != n - 1;
        s.heads = rev_heads[std::size_t(i)];
        s.transformer_layers = denoising ? 1 : c.transformer_layers_per_block[std::size_t(n - 1 - i)];
        s.depth = 3 - i; // hard-coded upstream (unet_3d.py)
        s.block_name = "up";
        s.motion = denoising && c.use_motion_module && contains(c.motion_module_resolutions, std::int64_t(1) << std::max<std::int64_t>(0, 3 - i)) &&
                   3 - i >= 0;
        s.audio = denoising && c.use_audio_module;
        up_blocks.push_back(std::make_shared<UNetBlock>(c, s, temb_channels));
    }
    // Registration order as upstream's named_modules(): down_blocks, up_blocks, mid_block.
    nn::registerList(*this, "down_blocks", down_blocks);
    nn::registerList(*this, "up_blocks", up_blocks);
    register_module("mid_block", mid_block);
    if (denoising) {
        conv_norm_out = register_module("conv_norm_out", makeGroupNorm(c.norm_num_groups, ch[0], c.norm_eps));
        conv_out = register_module("conv_out", makeConv2d(ch[0], c.out_channels, 3, 1, 1));
    }
}

std::vector<std::string> HalloUNet::bankPaths() const
{
    std::vector<std::pair<std::string, std::int64_t>> dfs;
    for (const auto& b : down_blocks)
        b->collectWriters(dfs);
    for (const auto& b : up_blocks)
        b->collectWriters(dfs);
    mid_block->collectWriters(dfs);
    return bankOrder(dfs);
}

torch::Tensor HalloUNet::run(torch::Tensor x, const torch::Tensor& temb, const torch::Tensor& ctx,
                             const ReferenceState& ref, std::int64_t frames, const DenoiseInputs* in)
{
    std::vector<torch::Tensor> skips{x};
    for (auto& b : down_blocks)
        x = b->forwardDown(x, temb, ctx, ref, frames, in, skips);
    x = mid_block->forwardMid(x, temb, ctx, ref, frames, in);
    for (std::size_t i = 0; i < up_blocks.size(); ++i) {
        auto& b = up_blocks[i];
        const auto consumed = b->resnets.size();
        std::vector<std::int64_t> size;
        if (i + 1 < up_blocks.size() && skips.size() > consumed) {
            const auto& next = skips[skips.size() - consumed - 1];
            size = {next.size(2), next.size(3)};
        }
        x = b->forwardUp(x, temb, ctx, ref, frames, in, skips, size);
    }
    return x;
}

void HalloUNet::writeBank(const torch::Tensor& ref_latents, const torch::Tensor& ehs, ReferenceBank& bank)
{
    if (m_kind != Kind::Reference)
        throw Error(ErrorKind::Internal, "writeBank called on the denoising UNet");
    const auto sample = ref_latents.repeat({2, 1, 1, 1});
    const auto N = sample.size(0);
    const auto t = torch::zeros({N}, torch::kInt64); // timestep features are made on the CPU, then moved
    const auto temb = time_embedding->forward(
        nn::timestepFeatures(t, m_config.block_out_channels[0], m_config.flip_sin_to_cos, m_config.freq_shift)
            .to(sample.device(), sample.scalar_type()));
    bank.clear();
    run(conv_in(sample), temb, ehs, {ReferenceMode::Write, &bank}, 1, nullptr);
}

namespace {

// Half I (0 uncond, 1 cond) of a CFG batch: every batch-2 input sliced to that row, the masks to its F rows.
DenoiseInputs cfgHalf(const DenoiseInputs& in, std::int64_t i)
{
    auto row = [&](const torch::Tensor& t) { return t.defined() ? t.slice(0, i, i + 1) : t; };
    const auto frames = in.sample_BCFHW.size(2);
    auto rows = [&](const std::vector<torch::Tensor>& level) {
        std::vector<torch::Tensor> out;
        for (const auto& m : level)
            out.push_back(m.slice(0, i * frames, (i + 1) * frames));
        return out;
    };
    DenoiseInputs h = in;
    h.sample_BCFHW = row(in.sample_BCFHW);
    h.encoder_hidden_states = row(in.encoder_hidden_states);
    h.mask_cond_fea = row(in.mask_cond_fea);
    h.audio_embedding = row(in.audio_embedding);
    h.speed_features = row(in.speed_features);
    h.masks = {rows(in.masks.full), rows(in.masks.face), rows(in.masks.lip)};
    return h;
}

} // namespace

torch::Tensor HalloUNet::denoise(const DenoiseInputs& in, const ReferenceBank& bank)
{
    if (m_kind != Kind::Denoising)
        throw Error(ErrorKind::Internal, "denoise called on the reference UNet");
    // The two CFG halves never meet inside the UNet (every layer works per video or per frame; the reader pairs
    // each half with bank rows of its own), so on the CPU they run side by side, each on its share of the
    // intra-op threads: no OpenMP barrier after every operator (nn::runSideBySide).
    if (in.sample_BCFHW.size(0) == 2 && in.sample_BCFHW.device().is_cpu() && at::get_num_threads() >= 2) {
        torch::Tensor out[2];
        nn::runSideBySide([&] { out[0] = denoiseRows(cfgHalf(in, 0), bank, CfgRows::Uncond); },
                          [&] { out[1] = denoiseRows(cfgHalf(in, 1), bank, CfgRows::Cond); });
        return torch::cat({out[0], out[1]});
    }
    return denoiseRows(in, bank, CfgRows::Both);
}

torch::Tensor HalloUNet::denoiseRows(const DenoiseInputs& in, const ReferenceBank& bank, CfgRows rows)
{
    const auto& s = in.sample_BCFHW;
    const auto B = s.size(0), frames = s.size(2);
    auto x = conv_in(toFrames(s));
    if (in.mask_cond_fea.defined())
        x = x + toFrames(in.mask_cond_fea);
    const auto t = torch::full({B}, in.timestep, torch::kInt64);
    auto temb = time_embedding->forward(
        nn::timestepFeatures(t, m_config.block_out_channels[0], m_config.flip_sin_to_cos, m_config.freq_shift)
            .to(s.device(), s.scalar_type()));
    temb = temb.repeat_interleave(frames, 0);                               // per frame
    const auto ctx = in.encoder_hidden_states.repeat_interleave(frames, 0); // rows [0,F) uncond, [F,2F) cond
    auto& mutable_bank = const_cast<ReferenceBank&>(bank);                  // read-only in Read mode
    x = run(x, temb, ctx, {ReferenceMode::Read, &mutable_bank, rows}, frames, &in);
    x = conv_out(F::silu(conv_norm_out(x)));
    return toVideo(x, frames);
}

} // namespace emote::diffusion
