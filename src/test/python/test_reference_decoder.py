#!/usr/bin/env python3
"""Checks of reference_decoder.py against things computed another way.

Run: python3 src/test/python/test_reference_decoder.py   (plain unittest; numpy only).
If torch is importable (here, or in /usr/bin/python3 or $REFERENCE_TORCH_PYTHON) the reference is also
compared with a straightforward torch float64 implementation in the style of transformers' modeling code.
"""
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import types
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference_decoder as ref  # noqa: E402

SCRIPT = os.path.join(HERE, "reference_decoder.py")

try:
    import torch
except ImportError:
    torch = None


# ----------------------------------------------------------------------------------------------
# helpers: writing safetensors by hand
# ----------------------------------------------------------------------------------------------

def encode(values, dtype):
    """Little-endian bytes of a flat list of Python floats, built with struct (not numpy)."""
    if dtype == "F64":
        return b"".join(struct.pack("<d", v) for v in values)
    if dtype == "F32":
        return b"".join(struct.pack("<f", v) for v in values)
    if dtype == "F16":
        return b"".join(struct.pack("<e", v) for v in values)
    if dtype == "BF16":  # upper two bytes of the float32 (truncation; exact for our test values)
        return b"".join(struct.pack("<f", v)[2:4] for v in values)
    raise ValueError(dtype)


def safetensors_bytes(tensors, reverse_layout=False):
    """tensors: list of (name, dtype, shape, raw bytes). Data may be laid out in reverse order."""
    header, chunks, offset = {"__metadata__": {"format": "pt"}}, [], 0
    order = list(reversed(tensors)) if reverse_layout else tensors
    for name, dtype, shape, raw in order:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    blob = json.dumps(header).encode()
    blob += b" " * (-len(blob) % 8)  # safetensors pads the header to 8-byte alignment
    return struct.pack("<Q", len(blob)) + blob + b"".join(chunks)


def write_model(model_dir, config, weights, dtypes=None, shards=1):
    """weights: name -> numpy array; dtypes: name -> dtype (default F64)."""
    os.makedirs(model_dir, exist_ok=True)
    with open(os.path.join(model_dir, "config.json"), "w") as f:
        json.dump(config, f)
    items = []
    for name, a in weights.items():
        dt = (dtypes or {}).get(name, "F64")
        a = np.asarray(a, dtype=np.float64)
        items.append((name, dt, a.shape, encode([float(v) for v in a.ravel()], dt)))
    if shards == 1:
        with open(os.path.join(model_dir, "model.safetensors"), "wb") as f:
            f.write(safetensors_bytes(items))
        return
    weight_map = {}
    for s in range(shards):
        fname = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
        part = items[s::shards]
        with open(os.path.join(model_dir, fname), "wb") as f:
            f.write(safetensors_bytes(part, reverse_layout=(s % 2 == 1)))
        weight_map.update({name: fname for name, _, _, _ in part})
    with open(os.path.join(model_dir, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {}, "weight_map": weight_map}, f)


def run_cli(*args):
    p = subprocess.run([sys.executable, SCRIPT] + list(args), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


# ----------------------------------------------------------------------------------------------
# helpers: models
# ----------------------------------------------------------------------------------------------

def make_config(arch="LlamaForCausalLM", V=11, H=8, layers=2, heads=4, kv=2, head_dim=None, I=12, **extra):
    c = {"architectures": [arch], "vocab_size": V, "hidden_size": H, "num_hidden_layers": layers,
         "num_attention_heads": heads, "num_key_value_heads": kv, "intermediate_size": I,
         "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "tie_word_embeddings": False}
    if head_dim is not None:
        c["head_dim"] = head_dim
    c.update(extra)
    return c


def spec(cfg):
    """The test's own reading of a config dict (kept apart from ref.Config so that both are checked)."""
    qwen = cfg["architectures"][0] == "Qwen2ForCausalLM"
    heads = cfg["num_attention_heads"]
    return types.SimpleNamespace(
        hidden_size=cfg["hidden_size"], vocab_size=cfg["vocab_size"], intermediate_size=cfg["intermediate_size"],
        num_layers=cfg["num_hidden_layers"], num_heads=heads, num_kv_heads=cfg.get("num_key_value_heads", heads),
        head_dim=cfg.get("head_dim") or cfg["hidden_size"] // heads, rms_norm_eps=cfg["rms_norm_eps"],
        rope_theta=cfg.get("rope_theta", 10000.0), rope_scaling=cfg.get("rope_scaling"),
        tie_word_embeddings=cfg.get("tie_word_embeddings", False),
        qkv_bias=qwen or cfg.get("attention_bias", False), o_bias=not qwen and cfg.get("attention_bias", False))


def make_weights(cfg, fill, score=False):
    """fill(name, shape) -> array. Creates every tensor the config needs."""
    c = spec(cfg)
    H, D, V, I = c.hidden_size, c.head_dim, c.vocab_size, c.intermediate_size
    shapes = {"model.embed_tokens.weight": (V, H), "model.norm.weight": (H,)}
    if not c.tie_word_embeddings:
        shapes["lm_head.weight"] = (V, H)
    for i in range(c.num_layers):
        p = f"model.layers.{i}."
        shapes.update({p + "input_layernorm.weight": (H,), p + "post_attention_layernorm.weight": (H,),
                       p + "self_attn.q_proj.weight": (c.num_heads * D, H),
                       p + "self_attn.k_proj.weight": (c.num_kv_heads * D, H),
                       p + "self_attn.v_proj.weight": (c.num_kv_heads * D, H),
                       p + "self_attn.o_proj.weight": (H, c.num_heads * D),
                       p + "mlp.gate_proj.weight": (I, H), p + "mlp.up_proj.weight": (I, H),
                       p + "mlp.down_proj.weight": (H, I)})
        if c.qkv_bias:
            shapes.update({p + "self_attn.q_proj.bias": (c.num_heads * D,),
                           p + "self_attn.k_proj.bias": (c.num_kv_heads * D,),
                           p + "self_attn.v_proj.bias": (c.num_kv_heads * D,)})
        if c.o_bias:
            shapes[p + "self_attn.o_proj.bias"] = (H,)
    if score:
        shapes.update({"score.weight": (1, H), "score.bias": (1,)})
    return {n: fill(n, s) for n, s in shapes.items()}


def random_weights(cfg, seed=0, score=False):
    rng = np.random.default_rng(seed)

    def fill(name, shape):
        if name.endswith("norm.weight"):
            return 1.0 + 0.2 * rng.standard_normal(shape)
        return 0.5 * rng.standard_normal(shape)
    return make_weights(cfg, fill, score)


def sixteenths(name, shape):
    """Small deterministic 'hand' weights k/16, |k| <= 5: exact in F32, F16 and BF16."""
    seed = sum(ord(ch) for ch in name)
    vals = [((7 * i + 3 * seed) % 11 - 5) / 16.0 for i in range(int(np.prod(shape)))]
    if name.endswith("norm.weight"):
        vals = [1.0 + v for v in vals]
    return np.array(vals).reshape(shape)


# ----------------------------------------------------------------------------------------------
# second implementation: fully scalar loops, plain Python floats
# ----------------------------------------------------------------------------------------------

def scalar_inv_freq(d, theta, scaling):
    out = []
    for i in range(d // 2):
        f = theta ** (-(2.0 * i) / d)
        kind = (scaling or {}).get("rope_type", (scaling or {}).get("type", "default"))
        if kind == "linear":
            f = f / scaling["factor"]
        elif kind == "llama3":
            wl = 2 * math.pi / f
            old = scaling["original_max_position_embeddings"]
            lo, hi, fac = scaling["low_freq_factor"], scaling["high_freq_factor"], scaling["factor"]
            if wl < old / hi:
                pass
            elif wl > old / lo:
                f = f / fac
            else:
                s = (old / wl - lo) / (hi - lo)
                f = (1 - s) * f / fac + s * f
        out.append(f)
    return out


def scalar_forward(cfg, W, ids):
    """Returns (log-prob rows, values or None) computed element by element."""
    c = spec(cfg)
    H, D, nh, nkv = c.hidden_size, c.head_dim, c.num_heads, c.num_kv_heads
    g = lambda n: W[n].tolist()

    def lin(x, w, b=None):
        return [sum(x[i] * w[o][i] for i in range(len(x))) + (b[o] if b else 0.0) for o in range(len(w))]

    def norm(x, w):
        ms = sum(v * v for v in x) / len(x)
        return [w[i] * x[i] / math.sqrt(ms + c.rms_norm_eps) for i in range(len(x))]

    inv = scalar_inv_freq(D, c.rope_theta, c.rope_scaling)

    def rope(vec, pos):  # pairs (i, i + D/2) rotated by pos * inv[i]
        out = list(vec)
        for i in range(D // 2):
            a, b, ang = vec[i], vec[i + D // 2], pos * inv[i]
            out[i] = a * math.cos(ang) - b * math.sin(ang)
            out[i + D // 2] = b * math.cos(ang) + a * math.sin(ang)
        return out

    T = len(ids)
    h = [list(g("model.embed_tokens.weight")[t]) for t in ids]
    for l in range(c.num_layers):
        p = f"model.layers.{l}."
        opt = lambda n: g(p + n) if (p + n) in W else None
        xs = [norm(h[t], g(p + "input_layernorm.weight")) for t in range(T)]
        q = [lin(x, g(p + "self_attn.q_proj.weight"), opt("self_attn.q_proj.bias")) for x in xs]
        k = [lin(x, g(p + "self_attn.k_proj.weight"), opt("self_attn.k_proj.bias")) for x in xs]
        v = [lin(x, g(p + "self_attn.v_proj.weight"), opt("self_attn.v_proj.bias")) for x in xs]
        for t in range(T):
            attn = []
            for hd in range(nh):
                kh = hd // (nh // nkv)
                qv = rope(q[t][hd * D:(hd + 1) * D], t)
                sc = []
                for j in range(t + 1):
                    kv = rope(k[j][kh * D:(kh + 1) * D], j)
                    sc.append(sum(qv[e] * kv[e] for e in range(D)) / math.sqrt(D))
                m = max(sc)
                ex = [math.exp(s - m) for s in sc]
                z = sum(ex)
                for e in range(D):
                    attn.append(sum(ex[j] / z * v[j][kh * D + e] for j in range(t + 1)))
            o = lin(attn, g(p + "self_attn.o_proj.weight"), opt("self_attn.o_proj.bias"))
            h[t] = [h[t][i] + o[i] for i in range(H)]
        for t in range(T):
            x = norm(h[t], g(p + "post_attention_layernorm.weight"))
            gt = lin(x, g(p + "mlp.gate_proj.weight"))
            up = lin(x, g(p + "mlp.up_proj.weight"))
            act = [gt[i] / (1 + math.exp(-gt[i])) * up[i] for i in range(len(gt))]
            d = lin(act, g(p + "mlp.down_proj.weight"))
            h[t] = [h[t][i] + d[i] for i in range(H)]
    head = g("model.embed_tokens.weight" if c.tie_word_embeddings else "lm_head.weight")
    rows, values = [], []
    for t in range(T):
        x = norm(h[t], g("model.norm.weight"))
        logits = lin(x, head)
        m = max(logits)
        lse = m + math.log(sum(math.exp(z - m) for z in logits))
        rows.append([z - lse for z in logits])
        if "score.weight" in W:
            values.append(lin(x, g("score.weight"), g("score.bias") if "score.bias" in W else None)[0])
    return rows, (values if "score.weight" in W else None)


# ----------------------------------------------------------------------------------------------
# tests
# ----------------------------------------------------------------------------------------------

class SafetensorsTest(unittest.TestCase):
    def test_literal_bytes_all_dtypes(self):
        items = [("a.f32", "F32", [2, 2], struct.pack("<4f", 1.0, -2.5, 0.1, 3e5)),
                 ("b.f16", "F16", [3], bytes([0x00, 0x3C, 0x00, 0xC0, 0x00, 0x35])),  # 1, -2, 0.3125
                 ("c.bf16", "BF16", [1, 3], bytes([0x80, 0x3F, 0x00, 0xC0, 0x20, 0x3E])),  # 1, -2, 0.15625
                 ("d.f64", "F64", [1], struct.pack("<d", math.pi))]
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "model.safetensors"), "wb") as f:
                f.write(safetensors_bytes(items, reverse_layout=True))
            st = ref.TensorStore(d)
            a = st["a.f32"]
            self.assertEqual(a.dtype, np.float64)
            self.assertEqual(a.shape, (2, 2))
            self.assertEqual(a.tolist(), [[1.0, -2.5], [struct.unpack("<f", struct.pack("<f", 0.1))[0], 3e5]])
            self.assertEqual(st["b.f16"].tolist(), [1.0, -2.0, 0.3125])
            self.assertEqual(st["c.bf16"].tolist(), [[1.0, -2.0, 0.15625]])
            self.assertEqual(st["d.f64"].tolist(), [math.pi])
            self.assertNotIn("__metadata__", st)
            with self.assertRaisesRegex(ref.ModelError, "missing tensor: nope"):
                st["nope"]

    def test_bf16_is_float32_top_half(self):
        vals = [0.0, -0.0, 1.0, 3.140625, -1e-3, 65504.0, 2.0 ** -130]
        raw = encode(vals, "BF16")
        got = ref.decode_tensor(raw, "BF16", [len(vals)])
        want = [struct.unpack("<f", b"\x00\x00" + raw[2 * i:2 * i + 2])[0] for i in range(len(vals))]
        self.assertEqual(got.tolist(), want)

    def test_sharded(self):
        cfg = make_config(layers=1)
        w = random_weights(cfg, seed=3)
        dtypes = {n: ("F32", "F16", "BF16", "F64")[i % 4] for i, n in enumerate(sorted(w))}
        with tempfile.TemporaryDirectory() as d:
            write_model(d, cfg, w, dtypes, shards=3)
            self.assertFalse(os.path.exists(os.path.join(d, "model.safetensors")))
            st = ref.TensorStore(d)
            for n, a in w.items():
                want = {"F32": np.float32, "F16": np.float16, "F64": np.float64}.get(dtypes[n])
                if want is not None:
                    np.testing.assert_array_equal(st[n], a.astype(want).astype(np.float64))
                else:  # BF16 truncation of the float32 value
                    bits = (a.astype(np.float32).view(np.uint32) & np.uint32(0xFFFF0000)).view(np.float32)
                    np.testing.assert_array_equal(st[n], bits.astype(np.float64))

    def test_index_pointing_at_wrong_shard(self):
        cfg = make_config(layers=1)
        with tempfile.TemporaryDirectory() as d:
            write_model(d, cfg, random_weights(cfg), shards=2)
            ip = os.path.join(d, "model.safetensors.index.json")
            with open(ip) as f:
                idx = json.load(f)
            name = "model.norm.weight"
            idx["weight_map"][name] = [s for s in set(idx["weight_map"].values())
                                       if s != idx["weight_map"][name]][0]
            with open(ip, "w") as f:
                json.dump(idx, f)
            with self.assertRaisesRegex(ref.ModelError, name):
                ref.TensorStore(d)


class BuildingBlocksTest(unittest.TestCase):
    def test_rms_norm(self):
        x = np.array([[1.0, 2.0, 3.0, 4.0], [-0.5, 0.0, 0.5, 2.0]])
        w = np.array([1.0, 0.5, -2.0, 3.0])
        got = ref.rms_norm(x, w, 1e-5)
        for r in range(2):
            ms = sum(v * v for v in x[r]) / 4
            for i in range(4):
                self.assertAlmostEqual(got[r, i], w[i] * x[r, i] / math.sqrt(ms + 1e-5), places=15)
        np.testing.assert_allclose(ref.rms_norm(x[:1], np.ones(4), 0.0), [[1, 2, 3, 4] / np.sqrt(7.5)])
        np.testing.assert_allclose(ref.rms_norm(7.0 * x, w, 0.0), ref.rms_norm(x, w, 0.0), rtol=1e-14)

    def test_inv_freq_variants(self):
        llama3 = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                  "original_max_position_embeddings": 64}
        cases = [(16, 10000.0, None), (16, 500000.0, {"rope_type": "linear", "factor": 4.0}),
                 (16, 10000.0, {"type": "linear", "factor": 2.0}), (64, 500000.0, llama3),
                 (8, 10000.0, {"rope_type": "default"})]
        for d, theta, sc in cases:
            np.testing.assert_allclose(ref.rope_inv_freq(d, theta, sc), scalar_inv_freq(d, theta, sc),
                                       rtol=1e-14, err_msg=str(sc))
        # llama3 really hits all three regimes here: kept, divided by factor, interpolated
        base, got = ref.rope_inv_freq(64, 500000.0), ref.rope_inv_freq(64, 500000.0, llama3)
        ratio = base / got
        self.assertTrue(np.any(ratio == 1.0) and np.any(np.isclose(ratio, 8.0)))
        self.assertTrue(np.any((ratio > 1.0 + 1e-9) & (ratio < 8.0 - 1e-9)))
        self.assertTrue(np.all(np.diff(got) < 0))

    def test_rope_against_pairwise_rotation(self):
        rng = np.random.default_rng(1)
        d, inv = 8, ref.rope_inv_freq(8, 100.0)
        x = rng.standard_normal((3, 5, d))  # [heads, T, d]
        cos, sin = ref.rope_cos_sin(inv, np.arange(5))
        got = ref.apply_rope(x, cos, sin)
        for hd in range(3):
            for t in range(5):
                for i in range(d // 2):
                    a, b, ang = x[hd, t, i], x[hd, t, i + d // 2], t * inv[i]
                    self.assertAlmostEqual(got[hd, t, i], a * math.cos(ang) - b * math.sin(ang), places=13)
                    self.assertAlmostEqual(got[hd, t, i + d // 2], b * math.cos(ang) + a * math.sin(ang),
                                           places=13)
        np.testing.assert_array_equal(got[:, 0], x[:, 0])  # position 0 is the identity
        np.testing.assert_allclose(np.linalg.norm(got, axis=-1), np.linalg.norm(x, axis=-1), rtol=1e-13)
        np.testing.assert_array_equal(ref.rotate_half(np.arange(4.0)), [-2.0, -3.0, 0.0, 1.0])

    def test_rope_scores_depend_only_on_relative_position(self):
        rng = np.random.default_rng(2)
        d = 16
        inv = ref.rope_inv_freq(d, 10000.0, {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                             "high_freq_factor": 4.0, "original_max_position_embeddings": 32})
        q, k = rng.standard_normal(d), rng.standard_normal(d)

        def score(m, n):
            cos, sin = ref.rope_cos_sin(inv, [m, n])
            return ref.apply_rope(q, cos[0], sin[0]) @ ref.apply_rope(k, cos[1], sin[1])
        for m, n in [(5, 2), (2, 5), (9, 9), (40, 3)]:
            for shift in (1, 7, 100):
                self.assertAlmostEqual(score(m, n), score(m + shift, n + shift), places=10)
        self.assertNotAlmostEqual(score(5, 2), score(6, 2), places=3)


class ModelPropertiesTest(unittest.TestCase):
    def test_causality(self):
        cfg = make_config(arch="Qwen2ForCausalLM", heads=4, kv=2)
        m = ref.Model(cfg, random_weights(cfg, seed=5))
        ids = [1, 4, 9, 2, 7, 3]
        base = m.forward(ids)["logprobs"]
        for pos in (5, 2):
            changed = list(ids)
            changed[pos] = (ids[pos] + 3) % 11
            out = m.forward(changed)["logprobs"]
            np.testing.assert_allclose(out[:pos], base[:pos], rtol=0, atol=1e-13)
            for t in range(pos, len(ids)):  # the changed token influences its own and later positions
                self.assertGreater(np.max(np.abs(out[t] - base[t])), 1e-6)
        np.testing.assert_allclose(np.log(np.sum(np.exp(base), axis=-1)), 0.0, atol=1e-13)

    def _gqa_vs_mha(self, heads, kv):
        cfg = make_config(arch="Qwen2ForCausalLM", heads=heads, kv=kv, H=8, head_dim=4)
        w = random_weights(cfg, seed=7)
        D, H, n_rep = 4, 8, heads // kv
        mha_cfg, mha_w = dict(cfg, num_key_value_heads=heads), dict(w)
        tiled_w = dict(w)
        for i in range(2):
            for part in ("k_proj", "v_proj"):
                n = f"model.layers.{i}.self_attn.{part}."
                blocks = w[n + "weight"].reshape(kv, D, H)
                mha_w[n + "weight"] = np.repeat(blocks, n_rep, axis=0).reshape(heads * D, H)
                mha_w[n + "bias"] = np.repeat(w[n + "bias"].reshape(kv, D), n_rep, axis=0).ravel()
                tiled_w[n + "weight"] = np.tile(blocks, (n_rep, 1, 1)).reshape(heads * D, H)
                tiled_w[n + "bias"] = np.tile(w[n + "bias"].reshape(kv, D), (n_rep, 1)).ravel()
        ids = [3, 1, 4, 1, 5, 9, 2]
        gqa = ref.Model(cfg, w).forward(ids)["logprobs"]
        np.testing.assert_allclose(gqa, ref.Model(mha_cfg, mha_w).forward(ids)["logprobs"], atol=1e-12)
        return gqa, ref.Model(mha_cfg, tiled_w).forward(ids)["logprobs"]

    def test_gqa_single_kv_head_equals_repeated_mha(self):
        self._gqa_vs_mha(heads=4, kv=1)

    def test_gqa_head_grouping_order(self):
        # query head h must use kv head h // n_rep (blocks), not h % kv (tiling)
        gqa, tiled = self._gqa_vs_mha(heads=4, kv=2)
        self.assertGreater(np.max(np.abs(gqa - tiled)), 1e-6)

    def test_errors(self):
        cfg = make_config(layers=1)
        w = random_weights(cfg)
        del w["model.layers.0.mlp.up_proj.weight"]
        with self.assertRaisesRegex(ref.ModelError, r"model\.layers\.0\.mlp\.up_proj\.weight"):
            ref.Model(cfg, w)
        w = random_weights(cfg)
        w["model.norm.weight"] = np.ones(3)
        with self.assertRaisesRegex(ref.ModelError, "model.norm.weight: shape"):
            ref.Model(cfg, w)
        with self.assertRaisesRegex(ref.ModelError, "out of range"):
            ref.Model(cfg, random_weights(cfg)).forward([0, 11])


class PackedBatchAndLossTest(unittest.TestCase):
    """The packed-document mask and the training loss that reason4j's gradient tests differentiate."""

    def test_packed_row_equals_its_documents_run_alone(self):
        cfg = make_config(arch="Qwen2ForCausalLM", heads=4, kv=2)
        m = ref.Model(cfg, random_weights(cfg, seed=3))
        docs = [[1, 4, 9, 2], [7, 3, 3], [5]]
        packed = m.forward(sum(docs, []), [i for d in docs for i in range(len(d))])["logprobs"]
        start = 0
        for d in docs:
            np.testing.assert_allclose(packed[start:start + len(d)], m.forward(d)["logprobs"], rtol=0, atol=1e-12)
            start += len(d)
        with self.assertRaisesRegex(ref.ModelError, "position ids"):
            m.forward([1, 2, 3], [0, 2, 3])

    def _batch(self, cfg, rng, with_value):
        V, rows, length = cfg["vocab_size"], 2, 5
        n = rows * length
        positions = [0, 1, 2, 0, 1, 0, 1, 2, 3, 4]
        targets = [int(rng.integers(V)) for _ in range(n)]
        targets[4] = -1
        reference = np.log(np.apply_along_axis(lambda x: x / x.sum(), 1, rng.random((n, V)) + 0.1))
        batch = {"rows": rows, "length": length, "tokens": [int(rng.integers(V)) for _ in range(n)],
                 "positions": positions, "targets": targets,
                 "logprob": [0.0 if y < 0 else float(rng.standard_normal()) for y in targets],
                 "entropy": [float(x) for x in rng.standard_normal(n)], "kl": [float(x) for x in rng.standard_normal(n)],
                 "reference": [float(x) for x in reference.ravel()]}
        if with_value:
            batch["value"] = [float(x) for x in rng.standard_normal(n)]
        return batch, reference

    def test_loss_terms_and_their_lm_head_gradient(self):
        cfg = make_config(V=7, H=8, heads=2, kv=1)
        rng = np.random.default_rng(11)
        m = ref.Model(cfg, random_weights(cfg, seed=4, score=True))
        batch, reference = self._batch(cfg, rng, with_value=True)
        loss, out = ref.token_loss(m, batch)
        expected, grad_lm, grad_bias = 0.0, np.zeros((7, 8)), 0.0
        for r in range(2):
            res = m.forward(batch["tokens"][r * 5:(r + 1) * 5], batch["positions"][r * 5:(r + 1) * 5])
            for i in range(5):
                t = r * 5 + i
                lp, y = res["logprobs"][i], batch["targets"][t]
                p = np.exp(lp)
                h, kl = -np.sum(p * lp), np.sum(p * (lp - reference[t]))
                a, e, k, g = (batch[key][t] for key in ("logprob", "entropy", "kl", "value"))
                expected += (a * lp[y] if y >= 0 else 0) + e * h + k * kl + g * res["values"][i]
                self.assertAlmostEqual(out["entropies"][t], h, places=12)
                self.assertAlmostEqual(out["kl"][t], kl, places=12)
                # dL/dlogits, written out term by term, then through logits = lm_head · hidden
                dz = -a * p + e * -p * (lp + h) + k * p * (lp - reference[t] - kl)
                if y >= 0:
                    dz[y] += a
                grad_lm += np.outer(dz, res["hidden"][i])
                grad_bias += g
        self.assertAlmostEqual(loss, expected, places=10)
        pairs = [("lm_head.weight", 0), ("lm_head.weight", 17), ("lm_head.weight", 55), ("score.bias", 0)]
        derivatives = ref.loss_derivatives(m, batch, pairs)
        for (name, index), d in zip(pairs, derivatives):
            exact = grad_bias if name == "score.bias" else grad_lm.ravel()[index]
            self.assertAlmostEqual(d, exact, delta=1e-7 * max(1, abs(exact)), msg=f"{name}[{index}]")
        self.assertAlmostEqual(ref.token_loss(m, batch)[0], loss, places=12)  # the model is left as it was

    def test_cli_loss_file(self):
        cfg = make_config(V=7, H=8, heads=2, kv=1, tie_word_embeddings=True)
        w = random_weights(cfg, seed=9)
        batch, _ = self._batch(cfg, np.random.default_rng(2), with_value=False)
        batch["pairs"] = [["model.embed_tokens.weight", 3], ["model.layers.1.mlp.down_proj.weight", 5]]
        with tempfile.TemporaryDirectory() as d:
            write_model(d, cfg, w)
            path = os.path.join(d, "loss.json")
            with open(path, "w") as f:
                json.dump(batch, f)
            code, stdout, stderr = run_cli("--model", d, "--loss-file", path)
            self.assertEqual(code, 0, stderr)
            out = json.loads(stdout)
            m = ref.Model(cfg, w)
            self.assertAlmostEqual(out["loss"], ref.token_loss(m, batch)[0], places=10)
            self.assertEqual(len(out["derivatives"]), 2)
            self.assertEqual(out["derivatives"], ref.loss_derivatives(m, batch, [(n, i) for n, i in batch["pairs"]]))
            batch["pairs"] = [["lm_head.weight", 0]]  # tied: there is no separate lm_head
            with open(path, "w") as f:
                json.dump(batch, f)
            code, _, stderr = run_cli("--model", d, "--loss-file", path)
            self.assertEqual(code, 2)
            self.assertIn("no tensor lm_head.weight", stderr)


# hand-built models for the scalar comparison (hidden size 4, one layer)
HAND_MODELS = {
    "llama_gqa_untied_value_head": (make_config(V=6, H=4, layers=1, heads=2, kv=1, I=3, rope_theta=100.0),
                                    True, 1),
    "qwen2_tied_bias_sharded": (make_config(arch="Qwen2ForCausalLM", V=6, H=4, layers=1, heads=2, kv=2, I=3,
                                            tie_word_embeddings=True, rope_theta=50.0), False, 2),
    "llama_attention_bias_llama3_rope_head_dim6": (
        make_config(V=6, H=4, layers=1, heads=2, kv=1, head_dim=6, I=5, rope_theta=100.0, attention_bias=True,
                    rope_scaling={"rope_type": "llama3", "factor": 4.0, "low_freq_factor": 1.0,
                                  "high_freq_factor": 4.0, "original_max_position_embeddings": 32}), False, 1),
    "llama_linear_rope_old_type_key_null_head_dim": (
        make_config(V=6, H=4, layers=1, heads=2, kv=2, I=3, rope_theta=10.0, head_dim=None,
                    rope_scaling={"type": "linear", "factor": 2.0}), False, 1),
}


class HandModelCliTest(unittest.TestCase):
    IDS = [2, 5, 0, 3, 3, 1]

    def test_cli_matches_scalar_loops(self):
        for label, (cfg, score, shards) in HAND_MODELS.items():
            with self.subTest(label), tempfile.TemporaryDirectory() as d:
                if "null_head_dim" in label:
                    cfg = dict(cfg, head_dim=None)
                w = make_weights(cfg, sixteenths, score)
                dtypes = {n: ("F32", "BF16", "F16")[i % 3] for i, n in enumerate(sorted(w))}
                write_model(d, cfg, w, dtypes, shards=shards)
                rc, out, err = run_cli("--model", d, "--ids", ",".join(map(str, self.IDS)))
                self.assertEqual(rc, 0, err)
                res = json.loads(out)
                rows, values = scalar_forward(cfg, w, self.IDS)
                np.testing.assert_allclose(res["logprobs"], rows, rtol=0, atol=1e-12)
                self.assertEqual(len(res["token_logprobs"]), len(self.IDS) - 1)
                for i, lp in enumerate(res["token_logprobs"]):
                    self.assertEqual(lp, res["logprobs"][i][self.IDS[i + 1]])
                if score:
                    np.testing.assert_allclose(res["values"], values, rtol=0, atol=1e-12)
                else:
                    self.assertNotIn("values", res)

    def test_batch_file_matches_single_runs(self):
        cfg, score, _ = HAND_MODELS["llama_gqa_untied_value_head"]
        seqs = [[1, 2, 3], [5], [0, 0, 4, 2, 1, 3, 5]]
        with tempfile.TemporaryDirectory() as d:
            write_model(d, cfg, make_weights(cfg, sixteenths, score))
            bf = os.path.join(d, "batch.json")
            with open(bf, "w") as f:
                json.dump({"sequences": seqs}, f)
            rc, out, err = run_cli("--model", d, "--batch-file", bf)
            self.assertEqual(rc, 0, err)
            results = json.loads(out)["results"]
            self.assertEqual(len(results), 3)
            self.assertEqual(results[1]["token_logprobs"], [])
            for s, r in zip(seqs, results):
                rc, single, err = run_cli("--model", d, "--ids", ",".join(map(str, s)))
                self.assertEqual(rc, 0, err)
                self.assertEqual(json.loads(single), r)
                self.assertEqual(len(r["values"]), len(s))

    def test_cli_errors(self):
        cfg = make_config(V=6, H=4, layers=1, heads=2, kv=1, I=3)
        with tempfile.TemporaryDirectory() as d:
            rc, _, err = run_cli("--model", d, "--ids", "1,2")
            self.assertEqual(rc, 2)
            self.assertIn("config.json", err)
            w = make_weights(cfg, sixteenths)
            del w["lm_head.weight"]
            write_model(d, cfg, w)
            rc, out, err = run_cli("--model", d, "--ids", "1,2")
            self.assertEqual((rc, out), (2, ""))
            self.assertIn("lm_head.weight", err)
            os.remove(os.path.join(d, "model.safetensors"))
            rc, _, err = run_cli("--model", d, "--ids", "1,2")
            self.assertEqual(rc, 2)
            self.assertIn("model.safetensors", err)


# ----------------------------------------------------------------------------------------------
# optional: straightforward torch implementation in transformers' style
# ----------------------------------------------------------------------------------------------

def torch_forward(cfg, w, ids):
    c = spec(cfg)
    T = lambda n: torch.tensor(w[n], dtype=torch.float64)
    D, nh, nkv = c.head_dim, c.num_heads, c.num_kv_heads

    def norm(x, wt):
        return wt * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + c.rms_norm_eps))

    inv = 1.0 / (c.rope_theta ** (torch.arange(0, D, 2, dtype=torch.int64).double() / D))
    sc = c.rope_scaling or {}
    if sc.get("rope_type", sc.get("type")) == "llama3":
        old, fac = sc["original_max_position_embeddings"], sc["factor"]
        lo, hi = sc["low_freq_factor"], sc["high_freq_factor"]
        wl = 2 * math.pi / inv
        il = torch.where(wl > old / lo, inv / fac, inv)
        smooth = (old / wl - lo) / (hi - lo)
        medium = ~(wl < old / hi) * ~(wl > old / lo)
        inv = torch.where(medium, (1 - smooth) * il / fac + smooth * il, il)
    elif sc.get("rope_type", sc.get("type")) == "linear":
        inv = inv / sc["factor"]
    pos = torch.arange(len(ids), dtype=torch.float64)
    freqs = (inv[:, None] @ pos[None, :]).transpose(0, 1)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[None, None], emb.sin()[None, None]

    def rot(x):
        return torch.cat((-x[..., D // 2:], x[..., :D // 2]), dim=-1)

    def rep(x, n):
        b, kvh, s, d = x.shape
        return x[:, :, None].expand(b, kvh, n, s, d).reshape(b, kvh * n, s, d)

    def lin(x, n, bias=None):
        return torch.nn.functional.linear(x, T(n + ".weight"), T(n + ".bias") if bias else None)

    h = T("model.embed_tokens.weight")[torch.tensor(ids)][None]
    S = len(ids)
    mask = torch.full((S, S), float("-inf"), dtype=torch.float64).triu(1)
    for i in range(c.num_layers):
        p = f"model.layers.{i}."
        x = norm(h, T(p + "input_layernorm.weight"))
        q = lin(x, p + "self_attn.q_proj", c.qkv_bias).view(1, S, nh, D).transpose(1, 2)
        k = lin(x, p + "self_attn.k_proj", c.qkv_bias).view(1, S, nkv, D).transpose(1, 2)
        v = lin(x, p + "self_attn.v_proj", c.qkv_bias).view(1, S, nkv, D).transpose(1, 2)
        q, k = q * cos + rot(q) * sin, k * cos + rot(k) * sin
        k, v = rep(k, nh // nkv), rep(v, nh // nkv)
        att = torch.softmax(q @ k.transpose(2, 3) * D ** -0.5 + mask, dim=-1) @ v
        h = h + lin(att.transpose(1, 2).reshape(1, S, nh * D), p + "self_attn.o_proj", c.o_bias)
        x = norm(h, T(p + "post_attention_layernorm.weight"))
        h = h + lin(torch.nn.functional.silu(lin(x, p + "mlp.gate_proj")) * lin(x, p + "mlp.up_proj"),
                    p + "mlp.down_proj")
    h = norm(h, T("model.norm.weight"))
    head = T("model.embed_tokens.weight" if c.tie_word_embeddings else "lm_head.weight")
    return torch.log_softmax(h @ head.T, dim=-1)[0].numpy()


@unittest.skipIf(torch is None, "torch not importable")
class TorchCrossCheck(unittest.TestCase):
    def test_against_torch(self):
        configs = [make_config(arch="Qwen2ForCausalLM", heads=4, kv=2, layers=2),
                   make_config(heads=4, kv=1, head_dim=6, attention_bias=True, rope_theta=500000.0,
                               rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                             "high_freq_factor": 4.0, "original_max_position_embeddings": 16}),
                   make_config(tie_word_embeddings=True, rope_scaling={"type": "linear", "factor": 3.0})]
        ids = [4, 8, 5, 1, 2, 10, 0, 7]
        for seed, cfg in enumerate(configs):
            w = random_weights(cfg, seed=seed)
            got = ref.Model(cfg, w).forward(ids)["logprobs"]
            np.testing.assert_allclose(got, torch_forward(cfg, w, ids), rtol=0, atol=1e-11)


class TorchElsewhere(unittest.TestCase):
    """When torch is missing here, run TorchCrossCheck under an interpreter that has it (if any)."""

    @unittest.skipIf(torch is not None, "torch importable here; TorchCrossCheck runs directly")
    def test_torch_cross_check_in_other_python(self):
        for py in (os.environ.get("REFERENCE_TORCH_PYTHON"), "/usr/bin/python3"):
            if py and os.path.exists(py) and os.path.realpath(py) != os.path.realpath(sys.executable):
                probe = subprocess.run([py, "-c", "import torch, numpy"], capture_output=True)
                if probe.returncode == 0:
                    p = subprocess.run([py, os.path.abspath(__file__), "TorchCrossCheck"],
                                       capture_output=True, text=True)
                    self.assertEqual(p.returncode, 0, p.stderr)
                    self.assertNotIn("skipped", p.stderr)
                    return
        self.skipTest("no python with torch found")


if __name__ == "__main__":
    unittest.main()
