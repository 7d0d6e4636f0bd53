#!/usr/bin/env python3
"""Independent float64 reference for the Hugging Face LlamaForCausalLM / Qwen2ForCausalLM forward pass.

Written for clarity, not speed: numpy only, float64 everywhere, no KV cache, one sequence at a time.
It follows transformers' modeling_llama.py / modeling_qwen2.py (eager attention path) and
modeling_rope_utils.py ("default", "linear" and "llama3" RoPE):

    h = embed_tokens[ids]
    for each layer:
        a = input_layernorm(h)
        q, k, v = q_proj(a), k_proj(a), v_proj(a)            (split into heads)
        q, k = q*cos + rotate_half(q)*sin, k*cos + rotate_half(k)*sin   (positions 0..T-1)
        k, v = repeat_kv(k), repeat_kv(v)                      (grouped-query attention)
        h = h + o_proj(softmax(q k^T / sqrt(head_dim) + causal_mask) v)
        m = post_attention_layernorm(h)
        h = h + down_proj(silu(gate_proj(m)) * up_proj(m))
    h = norm(h); logits = h @ lm_head^T; logprobs = log_softmax(logits)
    values = h @ score^T (+ score bias)                        (only if the checkpoint has score.weight)

CLI:
    python3 reference_decoder.py --model DIR --ids 3,17,5
    python3 reference_decoder.py --model DIR --batch-file seqs.json     ({"sequences": [[ids...], ...]})
    python3 reference_decoder.py --model DIR --loss-file batch.json     (packed rows, a per-token loss and
        central differences of it for chosen parameters: see token_loss and loss_derivatives)
Errors (missing file/tensor, bad shape, unsupported config) go to stderr with exit code 2.
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np


class ModelError(Exception):
    """A problem with the model directory, its config or its tensors (reported with exit code 2)."""


# ----------------------------------------------------------------------------------------------
# safetensors reading (no safetensors package)
# ----------------------------------------------------------------------------------------------

# safetensors dtype -> (numpy little-endian storage dtype, bytes per element)
_STORAGE = {"F64": ("<f8", 8), "F32": ("<f4", 4), "F16": ("<f2", 2), "BF16": ("<u2", 2)}


def read_safetensors_header(path):
    """Returns (header dict without __metadata__, absolute offset where the data section starts)."""
    if not os.path.isfile(path):
        raise ModelError(f"missing safetensors file: {path}")
    with open(path, "rb") as f:
        raw = f.read(8)
        if len(raw) != 8:
            raise ModelError(f"{path}: file too short for a safetensors header")
        (n,) = struct.unpack("<Q", raw)
        blob = f.read(n)
        if len(blob) != n:
            raise ModelError(f"{path}: truncated safetensors header (wanted {n} bytes)")
    try:
        header = json.loads(blob.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ModelError(f"{path}: bad safetensors header JSON: {e}")
    header.pop("__metadata__", None)
    return header, 8 + n


def decode_tensor(raw, dtype, shape, name="?"):
    """Raw little-endian bytes -> float64 numpy array of the given shape."""
    if dtype not in _STORAGE:
        raise ModelError(f"tensor {name}: unsupported dtype {dtype}")
    storage, size = _STORAGE[dtype]
    count = int(np.prod(shape, dtype=np.int64)) if len(shape) else 1
    if len(raw) != count * size:
        raise ModelError(f"tensor {name}: {len(raw)} bytes but shape {shape} of {dtype} needs {count * size}")
    a = np.frombuffer(raw, dtype=storage)
    if dtype == "BF16":
        # bfloat16 is the top half of a float32: shift the 16 bits up and reinterpret.
        a = (a.astype(np.uint32) << np.uint32(16)).view(np.float32)
    return a.astype(np.float64).reshape(shape)


class TensorStore:
    """Lazily reads tensors of a model directory (model.safetensors, or shards via model.safetensors.index.json)."""

    def __init__(self, model_dir):
        self.entries = {}  # name -> (file path, absolute begin, absolute end, dtype, shape)
        index_path = os.path.join(model_dir, "model.safetensors.index.json")
        single_path = os.path.join(model_dir, "model.safetensors")
        if os.path.isfile(index_path):
            with open(index_path) as f:
                weight_map = json.load(f).get("weight_map")
            if not isinstance(weight_map, dict):
                raise ModelError(f"{index_path}: no weight_map")
            for shard in sorted(set(weight_map.values())):
                self._add_file(os.path.join(model_dir, shard))
            for name, shard in weight_map.items():
                if name not in self.entries or self.entries[name][0] != os.path.join(model_dir, shard):
                    raise ModelError(f"tensor {name}: listed in weight_map under {shard} but not found there")
        elif os.path.isfile(single_path):
            self._add_file(single_path)
        else:
            raise ModelError(f"missing model.safetensors or model.safetensors.index.json in {model_dir}")
        self.cache = {}

    def _add_file(self, path):
        header, start = read_safetensors_header(path)
        for name, info in header.items():
            try:
                begin, end = info["data_offsets"]
                self.entries[name] = (path, start + begin, start + end, info["dtype"], list(info["shape"]))
            except (KeyError, TypeError, ValueError):
                raise ModelError(f"{path}: malformed header entry for tensor {name}")

    def __contains__(self, name):
        return name in self.entries

    def __getitem__(self, name):
        if name not in self.entries:
            raise ModelError(f"missing tensor: {name}")
        if name not in self.cache:
            path, begin, end, dtype, shape = self.entries[name]
            with open(path, "rb") as f:
                f.seek(begin)
                raw = f.read(end - begin)
            self.cache[name] = decode_tensor(raw, dtype, shape, name)
        return self.cache[name]


# ----------------------------------------------------------------------------------------------
# configuration
# ----------------------------------------------------------------------------------------------

class Config:
    def __init__(self, d):
        arch = (d.get("architectures") or ["LlamaForCausalLM"])[0]
        if arch not in ("LlamaForCausalLM", "Qwen2ForCausalLM"):
            raise ModelError(f"unsupported architecture {arch}")
        self.arch = arch
        try:
            self.vocab_size = int(d["vocab_size"])
            self.hidden_size = int(d["hidden_size"])
            self.num_layers = int(d["num_hidden_layers"])
            self.num_heads = int(d["num_attention_heads"])
            self.intermediate_size = int(d["intermediate_size"])
        except KeyError as e:
            raise ModelError(f"config.json: missing key {e}")
        self.num_kv_heads = int(d.get("num_key_value_heads") or self.num_heads)
        self.head_dim = int(d.get("head_dim") or self.hidden_size // self.num_heads)
        self.rms_norm_eps = float(d.get("rms_norm_eps", 1e-6))
        self.rope_theta = float(d.get("rope_theta", 10000.0))
        self.rope_scaling = d.get("rope_scaling")
        self.tie_word_embeddings = bool(d.get("tie_word_embeddings", False))
        qwen = arch == "Qwen2ForCausalLM"
        self.qkv_bias = True if qwen else bool(d.get("attention_bias", False))
        self.o_bias = False if qwen else bool(d.get("attention_bias", False))
        self.mlp_bias = False if qwen else bool(d.get("mlp_bias", False))
        self.sliding_window = d.get("sliding_window") if (qwen and d.get("use_sliding_window")) else None
        if d.get("hidden_act", "silu") != "silu":
            raise ModelError(f"unsupported hidden_act {d.get('hidden_act')}")
        if float(d.get("partial_rotary_factor", 1.0)) != 1.0:
            raise ModelError("partial_rotary_factor != 1 is not supported")
        if self.num_heads % self.num_kv_heads:
            raise ModelError("num_attention_heads must be a multiple of num_key_value_heads")

    @staticmethod
    def load(model_dir):
        path = os.path.join(model_dir, "config.json")
        if not os.path.isfile(path):
            raise ModelError(f"missing config.json in {model_dir}")
        with open(path) as f:
            try:
                d = json.load(f)
            except ValueError as e:
                raise ModelError(f"{path}: bad JSON: {e}")
        return Config(d)


# ----------------------------------------------------------------------------------------------
# building blocks
# ----------------------------------------------------------------------------------------------

def rms_norm(x, weight, eps):
    """weight * x / sqrt(mean(x^2) + eps), over the last axis."""
    return weight * (x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps))


def rope_inv_freq(head_dim, theta, rope_scaling=None):
    """Inverse frequencies (head_dim/2 of them) per transformers' modeling_rope_utils."""
    inv_freq = 1.0 / theta ** (np.arange(0, head_dim, 2, dtype=np.float64) / head_dim)
    if not rope_scaling:
        return inv_freq
    kind = rope_scaling.get("rope_type", rope_scaling.get("type", "default"))
    try:
        return _scaled_inv_freq(inv_freq, kind, rope_scaling)
    except KeyError as e:
        raise ModelError(f"rope_scaling of type {kind}: missing key {e}")


def _scaled_inv_freq(inv_freq, kind, rope_scaling):
    if kind == "default":
        return inv_freq
    if kind == "linear":
        return inv_freq / float(rope_scaling["factor"])
    if kind == "llama3":
        factor = float(rope_scaling["factor"])
        low = float(rope_scaling["low_freq_factor"])
        high = float(rope_scaling["high_freq_factor"])
        old_len = float(rope_scaling["original_max_position_embeddings"])
        low_freq_wavelen = old_len / low
        high_freq_wavelen = old_len / high
        wavelen = 2 * math.pi / inv_freq
        # long wavelengths (low frequencies) are divided by factor, short ones are kept
        scaled = np.where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq)
        # in between: interpolate smoothly
        smooth = (old_len / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < high_freq_wavelen) & ~(wavelen > low_freq_wavelen)
        return np.where(medium, smoothed, scaled)
    raise ModelError(f"unsupported rope_scaling type {kind}")


def rope_cos_sin(inv_freq, positions):
    """cos, sin of shape [T, head_dim] in HF's layout emb = concat(freqs, freqs)."""
    freqs = np.outer(np.asarray(positions, dtype=np.float64), inv_freq)
    emb = np.concatenate([freqs, freqs], axis=-1)
    return np.cos(emb), np.sin(emb)


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def apply_rope(x, cos, sin):
    """x: [heads, T, head_dim]; cos/sin: [T, head_dim]."""
    return x * cos + rotate_half(x) * sin


def repeat_kv(x, n_rep):
    """[kv_heads, T, d] -> [kv_heads*n_rep, T, d]; query head h uses kv head h // n_rep."""
    return np.repeat(x, n_rep, axis=0)


def linear(x, weight, bias=None):
    y = x @ weight.T
    return y if bias is None else y + bias


def silu(x):
    return x / (1.0 + np.exp(-x))


def softmax(x):
    z = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return z / np.sum(z, axis=-1, keepdims=True)


def log_softmax(x):
    z = x - np.max(x, axis=-1, keepdims=True)
    return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))


# ----------------------------------------------------------------------------------------------
# the model
# ----------------------------------------------------------------------------------------------

class Model:
    """cfg: Config (or a config.json dict); tensors: anything with `in` and [name] giving float arrays."""

    def __init__(self, cfg, tensors):
        self.cfg = cfg if isinstance(cfg, Config) else Config(cfg)
        self.t = tensors
        c = self.cfg
        H, D, V, I = c.hidden_size, c.head_dim, c.vocab_size, c.intermediate_size
        self.embed = self.get("model.embed_tokens.weight", (V, H))
        if c.tie_word_embeddings:
            self.lm_head = self.embed
        else:
            self.lm_head = self.get("lm_head.weight", (V, H))
        self.final_norm = self.get("model.norm.weight", (H,))
        self.layers = []
        for i in range(c.num_layers):
            p = f"model.layers.{i}."
            L = {
                "in_norm": self.get(p + "input_layernorm.weight", (H,)),
                "post_norm": self.get(p + "post_attention_layernorm.weight", (H,)),
                "q": self.get(p + "self_attn.q_proj.weight", (c.num_heads * D, H)),
                "k": self.get(p + "self_attn.k_proj.weight", (c.num_kv_heads * D, H)),
                "v": self.get(p + "self_attn.v_proj.weight", (c.num_kv_heads * D, H)),
                "o": self.get(p + "self_attn.o_proj.weight", (H, c.num_heads * D)),
                "gate": self.get(p + "mlp.gate_proj.weight", (I, H)),
                "up": self.get(p + "mlp.up_proj.weight", (I, H)),
                "down": self.get(p + "mlp.down_proj.weight", (H, I)),
            }
            opt = lambda cond, name, shape: self.get(p + name, shape) if cond else None
            L["q_b"] = opt(c.qkv_bias, "self_attn.q_proj.bias", (c.num_heads * D,))
            L["k_b"] = opt(c.qkv_bias, "self_attn.k_proj.bias", (c.num_kv_heads * D,))
            L["v_b"] = opt(c.qkv_bias, "self_attn.v_proj.bias", (c.num_kv_heads * D,))
            L["o_b"] = opt(c.o_bias, "self_attn.o_proj.bias", (H,))
            L["gate_b"] = opt(c.mlp_bias, "mlp.gate_proj.bias", (I,))
            L["up_b"] = opt(c.mlp_bias, "mlp.up_proj.bias", (I,))
            L["down_b"] = opt(c.mlp_bias, "mlp.down_proj.bias", (H,))
            self.layers.append(L)
        self.score = self.get("score.weight", (1, H)) if "score.weight" in tensors else None
        self.score_b = self.get("score.bias", (1,)) if "score.bias" in tensors else None
        self.inv_freq = rope_inv_freq(D, c.rope_theta, c.rope_scaling)

    def get(self, name, shape):
        if name not in self.t:
            raise ModelError(f"missing tensor: {name}")
        a = np.asarray(self.t[name], dtype=np.float64)
        if tuple(a.shape) != tuple(shape):
            raise ModelError(f"tensor {name}: shape {list(a.shape)}, expected {list(shape)}")
        return a

    def attention(self, L, x, cos, sin, allowed):
        """allowed: [T, T] booleans, allowed[t, j] when query t may attend to key j."""
        c = self.cfg
        T, D = x.shape[0], c.head_dim
        q = linear(x, L["q"], L["q_b"]).reshape(T, c.num_heads, D).transpose(1, 0, 2)
        k = linear(x, L["k"], L["k_b"]).reshape(T, c.num_kv_heads, D).transpose(1, 0, 2)
        v = linear(x, L["v"], L["v_b"]).reshape(T, c.num_kv_heads, D).transpose(1, 0, 2)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
        n_rep = c.num_heads // c.num_kv_heads
        k, v = repeat_kv(k, n_rep), repeat_kv(v, n_rep)
        scores = (q @ k.transpose(0, 2, 1)) / math.sqrt(D)  # [heads, T, T]
        scores = np.where(allowed, scores, -np.inf)
        out = softmax(scores) @ v  # [heads, T, D]
        out = out.transpose(1, 0, 2).reshape(T, c.num_heads * D)
        return linear(out, L["o"], L["o_b"])

    def mlp(self, L, x):
        gate = linear(x, L["gate"], L["gate_b"])
        up = linear(x, L["up"], L["up_b"])
        return linear(silu(gate) * up, L["down"], L["down_b"])

    def forward(self, ids, positions=None):
        """Returns dict: hidden [T,H] (after final norm), logits [T,V], logprobs [T,V], values [T] or None.

        positions: None for one sequence (0..T-1, causal mask). Otherwise a row packing several
        documents: position ids restart at 0 where a document starts, RoPE uses them, and token t
        attends to keys t - positions[t] .. t only (its own document), as reason4j's TokenBatch.
        """
        c = self.cfg
        ids = [int(i) for i in ids]
        if not ids:
            raise ModelError("empty token sequence")
        for i in ids:
            if not 0 <= i < c.vocab_size:
                raise ModelError(f"token id {i} out of range [0, {c.vocab_size})")
        if c.sliding_window is not None and len(ids) > int(c.sliding_window):
            raise ModelError("sequence longer than Qwen2 sliding_window is not supported")
        T = len(ids)
        positions = np.arange(T) if positions is None else np.asarray(positions, dtype=np.int64)
        for t in range(T):
            if not 0 <= positions[t] <= t or (positions[t] > 0 and positions[t - 1] != positions[t] - 1):
                raise ModelError(f"position ids must count up from 0 within each document; got {list(positions)}")
        key, query = np.arange(T)[None, :], np.arange(T)[:, None]
        allowed = (key <= query) & (key >= query - positions[:, None])
        h = self.embed[ids]
        cos, sin = rope_cos_sin(self.inv_freq, positions)
        for L in self.layers:
            h = h + self.attention(L, rms_norm(h, L["in_norm"], c.rms_norm_eps), cos, sin, allowed)
            h = h + self.mlp(L, rms_norm(h, L["post_norm"], c.rms_norm_eps))
        h = rms_norm(h, self.final_norm, c.rms_norm_eps)
        logits = h @ self.lm_head.T
        values = None
        if self.score is not None:
            values = linear(h, self.score, self.score_b)[:, 0]
        return {"hidden": h, "logits": logits, "logprobs": log_softmax(logits), "values": values}

    def score_sequence(self, ids):
        """The JSON-ready result for one sequence."""
        out = self.forward(ids)
        lp = out["logprobs"]
        res = {
            "logprobs": [[float(v) for v in row] for row in lp],
            "token_logprobs": [float(lp[i, ids[i + 1]]) for i in range(len(ids) - 1)],
        }
        if out["values"] is not None:
            res["values"] = [float(v) for v in out["values"]]
        return res


# ----------------------------------------------------------------------------------------------
# training loss and its finite-difference gradient
# ----------------------------------------------------------------------------------------------

def token_loss(model, batch):
    """The per-token training loss of reason4j's TokenLossGradient, summed over a packed batch.

    batch: {"rows", "length", "tokens", "positions", "targets"} (flat, row-major; target -1 = none)
    and the coefficients "logprob" (a), optional "entropy" (e), "kl" (k) with "reference"
    ([token][vocab] log-probs) and "value" (g), one per token:
        L = sum_t a_t log p_t(y_t) + e_t H(p_t) + k_t KL(p_t || r_t) + g_t V_t
    Returns (L, per-token dict of target log-probs, entropies, KLs and values).
    """
    rows, length = int(batch["rows"]), int(batch["length"])
    V = model.cfg.vocab_size
    n = rows * length
    zeros = [0.0] * n
    a, e, k, g = (batch.get(key) or zeros for key in ("logprob", "entropy", "kl", "value"))
    reference = batch.get("reference")
    total = 0.0
    out = {"target_logprobs": [], "entropies": [], "kl": [], "values": []}
    for r in range(rows):
        span = slice(r * length, (r + 1) * length)
        res = model.forward(batch["tokens"][span], batch["positions"][span])
        lp = res["logprobs"]
        p = np.exp(lp)
        entropy = -np.sum(p * lp, axis=-1)
        for i in range(length):
            t = r * length + i
            y = int(batch["targets"][t])
            target = lp[i, y] if y >= 0 else 0.0
            kl = 0.0
            if k[t] != 0:
                ref_row = np.asarray(reference[t * V:(t + 1) * V], dtype=np.float64)
                kl = float(np.sum(p[i] * (lp[i] - ref_row)))
            value = float(res["values"][i]) if res["values"] is not None else 0.0
            total += a[t] * target + e[t] * entropy[i] + k[t] * kl + g[t] * value
            out["target_logprobs"].append(float(target))
            out["entropies"].append(float(entropy[i]))
            out["kl"].append(kl)
            out["values"].append(value)
    return total, out


def loss_derivatives(model, batch, pairs, step=1e-5):
    """Central differences (L(w + h) - L(w - h)) / 2h of token_loss for each (tensor name, flat index).

    Perturbs the model's own arrays in place (a tied lm_head is the embedding array itself, so it
    moves with it: the total derivative).
    """
    tensors = {"model.embed_tokens.weight": model.embed, "model.norm.weight": model.final_norm}
    if not model.cfg.tie_word_embeddings:
        tensors["lm_head.weight"] = model.lm_head
    if model.score is not None:
        tensors["score.weight"] = model.score
    if model.score_b is not None:
        tensors["score.bias"] = model.score_b
    names = {"in_norm": "input_layernorm.weight", "post_norm": "post_attention_layernorm.weight",
             "q": "self_attn.q_proj.weight", "k": "self_attn.k_proj.weight", "v": "self_attn.v_proj.weight",
             "o": "self_attn.o_proj.weight", "gate": "mlp.gate_proj.weight", "up": "mlp.up_proj.weight",
             "down": "mlp.down_proj.weight", "q_b": "self_attn.q_proj.bias", "k_b": "self_attn.k_proj.bias",
             "v_b": "self_attn.v_proj.bias", "o_b": "self_attn.o_proj.bias"}
    for i, L in enumerate(model.layers):
        for key, suffix in names.items():
            if L.get(key) is not None:
                tensors[f"model.layers.{i}.{suffix}"] = L[key]
    derivatives = []
    for name, index in pairs:
        if name not in tensors:
            raise ModelError(f"no tensor {name} to differentiate")
        flat = tensors[name].reshape(-1)  # a view: writes reach the model
        keep = flat[index]
        flat[index] = keep + step
        up, _ = token_loss(model, batch)
        flat[index] = keep - step
        down, _ = token_loss(model, batch)
        flat[index] = keep
        derivatives.append((up - down) / (2 * step))
    return derivatives


def load_model(model_dir):
    return Model(Config.load(model_dir), TensorStore(model_dir))


def main(argv=None):
    ap = argparse.ArgumentParser(description="float64 reference forward pass for HF Llama/Qwen2 checkpoints")
    ap.add_argument("--model", required=True, help="model directory (config.json + safetensors)")
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--ids", help="comma-separated token ids, e.g. 3,17,5")
    group.add_argument("--batch-file", help='JSON file {"sequences": [[ids...], ...]}')
    group.add_argument("--loss-file", help="JSON file: a packed batch with loss coefficients (see token_loss) and"
                                            ' "pairs": [[tensor name, flat index], ...] to differentiate')
    args = ap.parse_args(argv)
    if args.loss_file is not None:
        return loss_main(args)
    try:
        if args.ids is not None:
            try:
                sequences = [[int(s) for s in args.ids.split(",") if s.strip()]]
            except ValueError:
                raise ModelError(f"bad --ids: {args.ids}")
        else:
            if not os.path.isfile(args.batch_file):
                raise ModelError(f"missing batch file: {args.batch_file}")
            with open(args.batch_file) as f:
                sequences = json.load(f).get("sequences")
            if not isinstance(sequences, list):
                raise ModelError(f"{args.batch_file}: no 'sequences' list")
        model = load_model(args.model)
        results = [model.score_sequence(s) for s in sequences]
    except ModelError as e:
        print(f"reference_decoder: error: {e}", file=sys.stderr)
        return 2
    out = results[0] if args.ids is not None else {"results": results}
    sys.stdout.write(json.dumps(out))
    sys.stdout.write("\n")
    return 0


def loss_main(args):
    """--loss-file: prints {"loss", per-token outputs, "derivatives": [dL/dw for each pair]}."""
    try:
        if not os.path.isfile(args.loss_file):
            raise ModelError(f"missing loss file: {args.loss_file}")
        with open(args.loss_file) as f:
            batch = json.load(f)
        model = load_model(args.model)
        # The model's tensors become writable float64 copies, so that finite differences can move them.
        for L in model.layers:
            for key in list(L):
                if L[key] is not None:
                    L[key] = np.array(L[key])
        tied = model.lm_head is model.embed
        model.embed = np.array(model.embed)
        model.lm_head = model.embed if tied else np.array(model.lm_head)
        model.final_norm = np.array(model.final_norm)
        model.score = None if model.score is None else np.array(model.score)
        model.score_b = None if model.score_b is None else np.array(model.score_b)
        loss, outputs = token_loss(model, batch)
        outputs["loss"] = loss
        outputs["derivatives"] = loss_derivatives(model, batch, [(p[0], int(p[1])) for p in batch.get("pairs", [])],
                                                  float(batch.get("step", 1e-5)))
    except ModelError as e:
        print(f"reference_decoder: error: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(json.dumps(outputs))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
