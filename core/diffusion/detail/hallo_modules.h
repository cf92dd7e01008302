// INTERNAL (torch types): Hallo's small modules — AudioProjModel (with the ±2-frame windows), FaceLocator and
// ImageProjModel — and wav2vec2 with Hallo's per-frame feature path. Registration names are checkpoint keys
// (`audioproj.proj1.weight` loads into AudioProj under prefix "audioproj."). Not a public API.
//
//   auto windows = audioWindows(audio_emb_TBC);                 // [T, 5, blocks, channels]
//   auto tokens = audio_proj->forward(windows.unsqueeze(0));    // [1, T, context_tokens, output_dim]
//   auto features = face_locator->forward(face_region_BCFHW);   // [B, C, F, H/2^(n-1), W/2^(n-1)]
//   auto face_tokens = image_proj->forward(face_emb);           // [N, tokens, cross_dim]
#pragma once

#include "core/diffusion/configs.h"
#include "core/nn/detail/layers.h"

namespace emote::diffusion {

// process_audio_emb (scripts/inference.py): frame i stacks frames i−2 … i+2, indices clamped to [0, T−1].
torch::Tensor audioWindows(const torch::Tensor& audio_emb_TBC);

class AudioProj : public torch::nn::Module {
public:
    explicit AudioProj(const AudioProjConfig& c);
    // [B, F, window, blocks, channels] → [B, F, context_tokens, output_dim]
    torch::Tensor forward(const torch::Tensor& windows);

    nn::Linear proj1{nullptr}, proj2{nullptr}, proj3{nullptr};
    torch::nn::LayerNorm norm{nullptr};

private:
    AudioProjConfig m_config;
};

class FaceLocator : public torch::nn::Module {
public:
    explicit FaceLocator(const FaceLocatorConfig& c);
    // [B, 3, F, H, W] → [B, C, F, H/2^(n−1), W/2^(n−1)], applied per frame.
    torch::Tensor forward(const torch::Tensor& x_BCFHW);

    torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
    std::vector<torch::nn::Conv2d> blocks;
};

class ImageProj : public torch::nn::Module {
public:
    explicit ImageProj(const ImageProjConfig& c);
    // [N, clip_dim] → [N, tokens, cross_dim]
    torch::Tensor forward(const torch::Tensor& embeds);

    nn::Linear proj{nullptr};
    torch::nn::LayerNorm norm{nullptr};

private:
    ImageProjConfig m_config;
};

// Hugging Face Wav2Vec2Model (feat_extract_norm "group", post-LN encoder) with Hallo's frame-rate path.
class Wav2Vec2 : public torch::nn::Module {
public:
    explicit Wav2Vec2(const Wav2Vec2Config& c);

    struct Output {
        torch::Tensor conv_features_raw; // [T_conv, C]
        torch::Tensor conv_features;     // [seq_len, C] after linear interpolation
        torch::Tensor hidden_states;     // [layers, seq_len, hidden]
    };
    // INPUT_VALUES [N] (normalised, padded); the conv features are resampled to SEQ_LEN frames before the
    // projection, so the transformer runs at the video frame rate.
    Output forward(const torch::Tensor& input_values, std::int64_t seq_len);

private:
    struct EncoderLayer;
    Wav2Vec2Config m_config;
    std::vector<torch::nn::Conv1d> m_convs;
    torch::nn::GroupNorm m_conv0_norm{nullptr};
    torch::nn::LayerNorm m_projection_norm{nullptr};
    nn::Linear m_projection{nullptr};
    torch::Tensor m_pos_weight_g, m_pos_weight_v, m_pos_bias;
    torch::nn::LayerNorm m_encoder_norm{nullptr};
    std::vector<std::shared_ptr<EncoderLayer>> m_layers;
};

// Hallo's audio preprocessing (audio_processor.py + Wav2Vec2FeatureExtractor do_normalize): zero-mean unit-variance
// over the raw samples, then zero padding so that the frame count is a multiple of CLIP_LENGTH.
struct HalloAudioInput {
    torch::Tensor input_values; // [N]
    std::int64_t seq_len = 0;   // frames after padding
    std::int64_t audio_length = 0; // frames before padding
};
HalloAudioInput prepareHalloAudio(const torch::Tensor& raw_samples, std::int64_t sample_rate_hz, std::int64_t fps,
                                  std::int64_t clip_length);

} // namespace emote::diffusion
