#include "core/diffusion/configs.h"

#include "core/common/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace emote::diffusion {

namespace {

using Json = nlohmann::json;

[[noreturn]] void badKey(const std::string& key, const std::string& what)
{
    throwInput("model config key '" + key + "' " + what);
}

bool isAbsent(const Json& json, const std::string& key)
{
    auto it = json.find(key);
    return it == json.end() || it->is_null();
}

const Json& at(const Json& json, const std::string& key) { return *json.find(key); }

// A JSON number that is a whole number (written as 3 or 3.0), like QJsonValue's double semantics.
bool wholeNumber(const Json& v, double* out)
{
    if (!v.is_number())
        return false;
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d))
        return false;
    *out = d;
    return true;
}

std::int64_t getInt(const Json& json, const std::string& key, std::int64_t fallback)
{
    if (isAbsent(json, key))
        return fallback;
    double d = 0;
    if (!wholeNumber(at(json, key), &d))
        badKey(key, "must be an integer");
    return std::int64_t(d);
}

double getDouble(const Json& json, const std::string& key, double fallback)
{
    if (isAbsent(json, key))
        return fallback;
    const Json& v = at(json, key);
    if (!v.is_number())
        badKey(key, "must be a number");
    return v.get<double>();
}

bool getBool(const Json& json, const std::string& key, bool fallback)
{
    if (isAbsent(json, key))
        return fallback;
    const Json& v = at(json, key);
    if (!v.is_boolean())
        badKey(key, "must be true or false");
    return v.get<bool>();
}

std::string getString(const Json& json, const std::string& key, const std::string& fallback)
{
    if (isAbsent(json, key))
        return fallback;
    const Json& v = at(json, key);
    if (!v.is_string())
        badKey(key, "must be a string");
    return v.get<std::string>();
}

// An int, or a list of ints; an int is broadcast to COUNT entries.
std::vector<std::int64_t> getInts(const Json& json, const std::string& key, std::vector<std::int64_t> fallback,
                                  std::size_t count = 0)
{
    if (isAbsent(json, key))
        return fallback;
    const Json& v = at(json, key);
    if (v.is_number() && count > 0)
        return std::vector<std::int64_t>(count, getInt(json, key, 0));
    if (!v.is_array())
        badKey(key, "must be a list of integers");
    std::vector<std::int64_t> out;
    for (const Json& e : v) {
        double d = 0;
        if (!wholeNumber(e, &d))
            badKey(key, "must be a list of integers");
        out.push_back(std::int64_t(d));
    }
    if (count > 0 && out.size() != count)
        badKey(key, "must have " + std::to_string(count) + " entries");
    return out;
}

std::vector<std::string> getStrings(const Json& json, const std::string& key)
{
    std::vector<std::string> out;
    if (isAbsent(json, key))
        return out;
    if (!at(json, key).is_array())
        badKey(key, "must be a list of strings");
    for (const Json& e : at(json, key)) {
        if (!e.is_string())
            badKey(key, "must be a list of strings");
        out.push_back(e.get<std::string>());
    }
    return out;
}

// An object-valued key; absent or null is an empty object.
Json getObject(const Json& json, const std::string& key)
{
    if (isAbsent(json, key))
        return Json::object();
    if (!at(json, key).is_object())
        badKey(key, "must be an object");
    return at(json, key);
}

void requireObject(const Json& json, const char* what)
{
    if (!json.is_object())
        throwInput(std::string("model config: the ") + what + " config must be a JSON object");
}

void requireOneOf(const std::string& key, const std::string& value, std::initializer_list<const char*> allowed)
{
    for (const char* a : allowed)
        if (value == a)
            return;
    std::string list;
    for (const char* a : allowed)
        list += std::string(list.empty() ? "" : ", ") + a;
    badKey(key, "is '" + value + "'; supported: " + list);
}

UNetConfig::BlockType blockType(const std::string& key, const std::string& name)
{
    if (name == "CrossAttnDownBlock2D" || name == "CrossAttnDownBlock3D")
        return UNetConfig::BlockType::CrossAttnDown;
    if (name == "DownBlock2D" || name == "DownBlock3D")
        return UNetConfig::BlockType::Down;
    if (name == "CrossAttnUpBlock2D" || name == "CrossAttnUpBlock3D")
        return UNetConfig::BlockType::CrossAttnUp;
    if (name == "UpBlock2D" || name == "UpBlock3D")
        return UNetConfig::BlockType::Up;
    badKey(key, "names an unsupported block type '" + name + "'");
}

} // namespace

DdimConfig DdimConfig::fromJson(const Json& json)
{
    requireObject(json, "scheduler");
    DdimConfig c;
    c.num_train_timesteps = getInt(json, "num_train_timesteps", c.num_train_timesteps);
    c.beta_start = getDouble(json, "beta_start", c.beta_start);
    c.beta_end = getDouble(json, "beta_end", c.beta_end);
    c.beta_schedule = getString(json, "beta_schedule", c.beta_schedule);
    if (!isAbsent(json, "trained_betas")) {
        if (!at(json, "trained_betas").is_array())
            badKey("trained_betas", "must be a list of numbers");
        for (const Json& v : at(json, "trained_betas")) {
            if (!v.is_number())
                badKey("trained_betas", "must be a list of numbers");
            c.trained_betas.push_back(v.get<double>());
        }
    }
    c.clip_sample = getBool(json, "clip_sample", c.clip_sample);
    c.clip_sample_range = getDouble(json, "clip_sample_range", c.clip_sample_range);
    c.set_alpha_to_one = getBool(json, "set_alpha_to_one", c.set_alpha_to_one);
    c.steps_offset = getInt(json, "steps_offset", c.steps_offset);
    c.prediction_type = getString(json, "prediction_type", c.prediction_type);
    c.thresholding = getBool(json, "thresholding", c.thresholding);
    c.timestep_spacing = getString(json, "timestep_spacing", c.timestep_spacing);
    c.rescale_betas_zero_snr = getBool(json, "rescale_betas_zero_snr", c.rescale_betas_zero_snr);

    if (c.num_train_timesteps < 1 || c.num_train_timesteps > 100000)
        badKey("num_train_timesteps", "must be in 1..100000");
    if (c.trained_betas.empty())
        requireOneOf("beta_schedule", c.beta_schedule, {"linear", "scaled_linear", "squaredcos_cap_v2"});
    else if (std::int64_t(c.trained_betas.size()) != c.num_train_timesteps)
        badKey("trained_betas", "must have num_train_timesteps entries");
    requireOneOf("prediction_type", c.prediction_type, {"epsilon", "sample", "v_prediction"});
    requireOneOf("timestep_spacing", c.timestep_spacing, {"leading", "trailing", "linspace"});
    if (c.thresholding)
        badKey("thresholding", "is true; dynamic thresholding is not supported");
    return c;
}

AutoencoderKLConfig AutoencoderKLConfig::fromJson(const Json& json)
{
    requireObject(json, "VAE");
    AutoencoderKLConfig c;
    c.in_channels = getInt(json, "in_channels", c.in_channels);
    c.out_channels = getInt(json, "out_channels", c.out_channels);
    c.block_out_channels = getInts(json, "block_out_channels", c.block_out_channels);
    c.layers_per_block = getInt(json, "layers_per_block", c.layers_per_block);
    c.latent_channels = getInt(json, "latent_channels", c.latent_channels);
    c.norm_num_groups = getInt(json, "norm_num_groups", c.norm_num_groups);
    c.scaling_factor = getDouble(json, "scaling_factor", c.scaling_factor);
    for (const std::string& t : getStrings(json, "down_block_types"))
        requireOneOf("down_block_types", t, {"DownEncoderBlock2D"});
    for (const std::string& t : getStrings(json, "up_block_types"))
        requireOneOf("up_block_types", t, {"UpDecoderBlock2D"});
    if (getStrings(json, "down_block_types").size() != c.block_out_channels.size() ||
        (!isAbsent(json, "up_block_types") &&
         getStrings(json, "up_block_types").size() != c.block_out_channels.size()))
        badKey("down_block_types", "must have one entry per block_out_channels entry");
    requireOneOf("act_fn", getString(json, "act_fn", "silu"), {"silu"});
    if (c.block_out_channels.empty())
        badKey("block_out_channels", "must not be empty");
    return c;
}

UNetConfig UNetConfig::fromJson(const Json& json)
{
    requireObject(json, "UNet");
    UNetConfig c;
    c.in_channels = getInt(json, "in_channels", c.in_channels);
    c.out_channels = getInt(json, "out_channels", c.out_channels);
    c.flip_sin_to_cos = getBool(json, "flip_sin_to_cos", c.flip_sin_to_cos);
    c.freq_shift = getDouble(json, "freq_shift", c.freq_shift);
    for (const std::string& t : getStrings(json, "down_block_types"))
        c.down_block_types.push_back(blockType("down_block_types", t));
    for (const std::string& t : getStrings(json, "up_block_types"))
        c.up_block_types.push_back(blockType("up_block_types", t));
    c.block_out_channels = getInts(json, "block_out_channels", {320, 640, 1280, 1280});
    const std::size_t n = c.block_out_channels.size();
    if (c.down_block_types.size() != n || c.up_block_types.size() != n)
        badKey("down_block_types", "and up_block_types must have one entry per block_out_channels entry");
    for (auto t : c.down_block_types)
        if (t == BlockType::CrossAttnUp || t == BlockType::Up)
            badKey("down_block_types", "lists an up block");
    for (auto t : c.up_block_types)
        if (t == BlockType::CrossAttnDown || t == BlockType::Down)
            badKey("up_block_types", "lists a down block");
    c.layers_per_block = getInt(json, "layers_per_block", c.layers_per_block);
    c.downsample_padding = getInt(json, "downsample_padding", c.downsample_padding);
    c.norm_num_groups = getInt(json, "norm_num_groups", c.norm_num_groups);
    c.norm_eps = getDouble(json, "norm_eps", c.norm_eps);
    c.cross_attention_dim = getInt(json, "cross_attention_dim", c.cross_attention_dim);
    // diffusers: num_attention_heads = num_attention_heads or attention_head_dim.
    c.heads = isAbsent(json, "num_attention_heads") ? getInts(json, "attention_head_dim", std::vector<std::int64_t>(n, 8), n)
                                                    : getInts(json, "num_attention_heads", {}, n);
    c.transformer_layers_per_block = getInts(json, "transformer_layers_per_block", std::vector<std::int64_t>(n, 1), n);
    c.use_linear_projection = getBool(json, "use_linear_projection", c.use_linear_projection);
    const std::string mid = getString(json, "mid_block_type", "UNetMidBlock2DCrossAttn");
    requireOneOf("mid_block_type", mid, {"UNetMidBlock2DCrossAttn", "UNetMidBlock3DCrossAttn"});
    requireOneOf("act_fn", getString(json, "act_fn", "silu"), {"silu"});
    requireOneOf("resnet_time_scale_shift", getString(json, "resnet_time_scale_shift", "default"), {"default"});
    requireOneOf("time_embedding_type", getString(json, "time_embedding_type", "positional"), {"positional"});
    if (getBool(json, "only_cross_attention", false))
        badKey("only_cross_attention", "is true; not supported");
    if (getBool(json, "dual_cross_attention", false))
        badKey("dual_cross_attention", "is true; not supported");
    if (getBool(json, "center_input_sample", false))
        badKey("center_input_sample", "is true; not supported");
    for (const char* key : {"class_embed_type", "addition_embed_type", "encoder_hid_dim_type", "time_cond_proj_dim",
                            "num_class_embeds", "timestep_post_act"})
        if (!isAbsent(json, key))
            badKey(key, "is set; not supported");

    c.use_inflated_groupnorm = getBool(json, "use_inflated_groupnorm", c.use_inflated_groupnorm);
    c.use_motion_module = getBool(json, "use_motion_module", c.use_motion_module);
    c.motion_module_resolutions = getInts(json, "motion_module_resolutions", c.motion_module_resolutions);
    c.motion_module_mid_block = getBool(json, "motion_module_mid_block", c.motion_module_mid_block);
    c.motion_module_decoder_only = getBool(json, "motion_module_decoder_only", c.motion_module_decoder_only);
    if (c.use_motion_module) {
        requireOneOf("motion_module_type", getString(json, "motion_module_type", "Vanilla"), {"Vanilla"});
        const Json mm = getObject(json, "motion_module_kwargs");
        c.motion_heads = getInt(mm, "num_attention_heads", c.motion_heads);
        c.motion_transformer_blocks = getInt(mm, "num_transformer_block", c.motion_transformer_blocks);
        const auto types = getStrings(mm, "attention_block_types");
        if (!types.empty())
            c.motion_attention_blocks = std::int64_t(types.size());
        for (const std::string& t : types)
            requireOneOf("attention_block_types", t, {"Temporal_Self"});
        c.motion_position_encoding = getBool(mm, "temporal_position_encoding", false);
        c.motion_position_encoding_max_len =
            getInt(mm, "temporal_position_encoding_max_len", c.motion_position_encoding_max_len);
        if (getInt(mm, "temporal_attention_dim_div", 1) != 1)
            badKey("temporal_attention_dim_div", "must be 1");
    }
    if (getBool(json, "unet_use_cross_frame_attention", false) || getBool(json, "unet_use_temporal_attention", false))
        badKey("unet_use_cross_frame_attention", "and unet_use_temporal_attention must be false");
    c.use_audio_module = getBool(json, "use_audio_module", c.use_audio_module);
    c.audio_attention_dim = getInt(json, "audio_attention_dim", c.audio_attention_dim);
    c.stack_enable_blocks_name = getStrings(json, "stack_enable_blocks_name");
    c.stack_enable_blocks_depth = getInts(json, "stack_enable_blocks_depth", {});
    if (!isAbsent(json, "speed_layers")) {
        if (!at(json, "speed_layers").is_object())
            badKey("speed_layers", "must be an object (bucket_centers, bucket_radii, window, mlp_hidden, "
                                   "embedding_dim, attention_heads, motion_blocks)");
        c.speed_layers = SpeedLayersConfig::fromJson(at(json, "speed_layers"));
        if (!c.use_motion_module)
            badKey("speed_layers", "needs use_motion_module = true (the speed cross-attention sits in the motion modules)");
    }
    for (std::size_t i = 0; i < n; ++i)
        if (c.heads[i] <= 0 || c.block_out_channels[i] % c.heads[i] != 0)
            badKey("attention_head_dim", "must divide block_out_channels");
    return c;
}

bool SpeedLayersConfig::appliesTo(const std::string& block_name) const
{
    return enabled && std::find(motion_blocks.begin(), motion_blocks.end(), block_name) != motion_blocks.end();
}

SpeedLayersConfig SpeedLayersConfig::fromJson(const Json& json)
{
    static const char* const known[] = {"bucket_centers", "bucket_radii", "window",        "mlp_hidden",
                                        "embedding_dim",  "attention_heads", "motion_blocks"};
    requireObject(json, "speed_layers");
    for (const auto& item : json.items()) {
        const std::string& key = item.key();
        bool ok = false;
        for (const char* k : known)
            ok = ok || key == k;
        if (!ok)
            throwInput("model config key 'speed_layers." + key +
                       "' is unknown; speed_layers takes bucket_centers, bucket_radii, window, mlp_hidden, "
                       "embedding_dim, attention_heads and motion_blocks");
    }
    auto numbers = [&](const char* key) {
        const std::string k = key;
        const std::string full = "speed_layers." + k;
        if (isAbsent(json, k))
            badKey(full, "is missing");
        if (!at(json, k).is_array() || at(json, k).empty())
            badKey(full, "must be a non-empty list of numbers");
        std::vector<double> out;
        for (const Json& v : at(json, k)) {
            if (!v.is_number() || !std::isfinite(v.get<double>()))
                badKey(full, "must be a non-empty list of numbers");
            out.push_back(v.get<double>());
        }
        return out;
    };
    auto integer = [&](const char* key, std::int64_t fallback) {
        const std::string k = key;
        if (isAbsent(json, k))
            return fallback;
        double d = 0;
        if (!wholeNumber(at(json, k), &d) || std::abs(d) > 1e9)
            badKey("speed_layers." + k, "must be an integer");
        return std::int64_t(d);
    };
    SpeedLayersConfig c;
    c.enabled = true;
    c.bucket_centers = numbers("bucket_centers");
    c.bucket_radii = numbers("bucket_radii");
    if (c.bucket_radii.size() != c.bucket_centers.size())
        badKey("speed_layers.bucket_radii", "must have one entry per bucket_centers entry (" +
                                                std::to_string(c.bucket_centers.size()) + ")");
    for (double r : c.bucket_radii)
        if (!(r > 0))
            badKey("speed_layers.bucket_radii", "must all be greater than 0");
    c.window = integer("window", c.window);
    if (c.window < 0 || c.window > 64)
        badKey("speed_layers.window", "must be in 0..64");
    if (!isAbsent(json, "mlp_hidden") && !at(json, "mlp_hidden").is_array())
        badKey("speed_layers.mlp_hidden", "must be a list of integers (may be empty)");
    c.mlp_hidden = getInts(json, "mlp_hidden", {});
    for (auto w : c.mlp_hidden)
        if (w <= 0)
            badKey("speed_layers.mlp_hidden", "must hold positive widths");
    if (isAbsent(json, "embedding_dim"))
        badKey("speed_layers.embedding_dim", "is missing");
    c.embedding_dim = integer("embedding_dim", 0);
    if (c.embedding_dim <= 0)
        badKey("speed_layers.embedding_dim", "must be a positive integer");
    c.attention_heads = integer("attention_heads", c.attention_heads);
    if (c.attention_heads <= 0)
        badKey("speed_layers.attention_heads", "must be a positive integer");
    if (!isAbsent(json, "motion_blocks")) {
        c.motion_blocks = getStrings(json, "motion_blocks");
        if (c.motion_blocks.empty())
            badKey("speed_layers.motion_blocks", "must name at least one of down, mid, up");
        for (const auto& b : c.motion_blocks)
            requireOneOf("speed_layers.motion_blocks", b, {"down", "mid", "up"});
    }
    return c;
}

Wav2Vec2Config Wav2Vec2Config::fromJson(const Json& json)
{
    requireObject(json, "wav2vec2");
    Wav2Vec2Config c;
    c.conv_dim = getInts(json, "conv_dim", {512, 512, 512, 512, 512, 512, 512});
    c.conv_kernel = getInts(json, "conv_kernel", {10, 3, 3, 3, 3, 2, 2});
    c.conv_stride = getInts(json, "conv_stride", {5, 2, 2, 2, 2, 2, 2});
    if (c.conv_dim.size() != c.conv_kernel.size() || c.conv_dim.size() != c.conv_stride.size() || c.conv_dim.empty())
        badKey("conv_dim", "conv_kernel and conv_stride must have the same non-zero length");
    c.conv_bias = getBool(json, "conv_bias", c.conv_bias);
    c.hidden_size = getInt(json, "hidden_size", c.hidden_size);
    c.num_hidden_layers = getInt(json, "num_hidden_layers", c.num_hidden_layers);
    c.num_attention_heads = getInt(json, "num_attention_heads", c.num_attention_heads);
    c.intermediate_size = getInt(json, "intermediate_size", c.intermediate_size);
    c.num_conv_pos_embeddings = getInt(json, "num_conv_pos_embeddings", c.num_conv_pos_embeddings);
    c.num_conv_pos_embedding_groups = getInt(json, "num_conv_pos_embedding_groups", c.num_conv_pos_embedding_groups);
    c.layer_norm_eps = getDouble(json, "layer_norm_eps", c.layer_norm_eps);
    requireOneOf("feat_extract_norm", getString(json, "feat_extract_norm", "group"), {"group"});
    requireOneOf("feat_extract_activation", getString(json, "feat_extract_activation", "gelu"), {"gelu"});
    requireOneOf("hidden_act", getString(json, "hidden_act", "gelu"), {"gelu"});
    if (getBool(json, "do_stable_layer_norm", false))
        badKey("do_stable_layer_norm", "is true; only the wav2vec2-base layout is supported");
    if (c.hidden_size % c.num_attention_heads != 0 || c.hidden_size % c.num_conv_pos_embedding_groups != 0)
        badKey("hidden_size", "must be divisible by num_attention_heads and num_conv_pos_embedding_groups");
    return c;
}

AudioProjConfig AudioProjConfig::fromJson(const Json& json)
{
    requireObject(json, "audioproj");
    AudioProjConfig c;
    c.seq_len = getInt(json, "seq_len", c.seq_len);
    c.blocks = getInt(json, "blocks", c.blocks);
    c.channels = getInt(json, "channels", c.channels);
    c.intermediate_dim = getInt(json, "intermediate_dim", c.intermediate_dim);
    c.output_dim = getInt(json, "output_dim", c.output_dim);
    c.context_tokens = getInt(json, "context_tokens", c.context_tokens);
    return c;
}

FaceLocatorConfig FaceLocatorConfig::fromJson(const Json& json)
{
    requireObject(json, "face_locator");
    FaceLocatorConfig c;
    c.conditioning_embedding_channels = getInt(json, "conditioning_embedding_channels", c.conditioning_embedding_channels);
    c.conditioning_channels = getInt(json, "conditioning_channels", c.conditioning_channels);
    c.block_out_channels = getInts(json, "block_out_channels", c.block_out_channels);
    if (c.block_out_channels.empty())
        badKey("block_out_channels", "must not be empty");
    return c;
}

ImageProjConfig ImageProjConfig::fromJson(const Json& json)
{
    requireObject(json, "imageproj");
    ImageProjConfig c;
    c.cross_attention_dim = getInt(json, "cross_attention_dim", c.cross_attention_dim);
    c.clip_embeddings_dim = getInt(json, "clip_embeddings_dim", c.clip_embeddings_dim);
    c.clip_extra_context_tokens = getInt(json, "clip_extra_context_tokens", c.clip_extra_context_tokens);
    return c;
}

Json parseConfigJson(const std::string& text, const std::string& what)
{
    Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded())
        throwInput(what + " is not valid JSON");
    return json;
}

} // namespace emote::diffusion
