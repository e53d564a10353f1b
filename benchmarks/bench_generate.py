"""Generation speed of a real model through routerllm's transformers backend, measured in one run.

  load     time to the first load of SmolLM2-135M-Instruct (GGUF dequantized, then cached as a checkpoint)
           against a later load from that cache (a fresh cache directory, so the first load is really first);
  speed    output tokens per second for --prompts HumanEval+ prompts, one prompt at a time against all of
           them in one left-padded batch (greedy, --max-tokens new tokens at most). Target: batching >= 3x.
  gpu      the same on CUDA when this machine has a GPU (skipped otherwise).
Usage: python benchmarks/bench_generate.py [--prompts 8] [--max-tokens 64] [--model smollm2-135m]
"""
import argparse, os, sys, tempfile, time
from dataclasses import replace

def speed(card, prompts, max_tokens, device):
    from routerllm.models.core import GenParams, generate
    from routerllm.models.hf import HF
    b = HF(replace(card, device_map=device, options={**card.options, 'batch_size': len(prompts)})); b.load()
    p = GenParams(max_tokens=max_tokens)
    generate(b, prompts[:1], GenParams(max_tokens=4))   # warm-up
    t0 = time.perf_counter(); one = [g for q in prompts for g in generate(b, [q], p)]; t_one = time.perf_counter() - t0
    t0 = time.perf_counter(); many = generate(b, prompts, p); t_many = time.perf_counter() - t0
    b.unload()
    assert not any(g.error for g in one + many), [g.error for g in one + many if g.error]
    tok_one, tok_many = sum(g.output_tokens for g in one), sum(g.output_tokens for g in many)
    r1, rn = tok_one / t_one, tok_many / t_many
    print(f"speed ({device}): one at a time {tok_one} tokens in {t_one:.1f} s = {r1:.1f} tok/s; "
          f"batch of {len(prompts)}: {tok_many} tokens in {t_many:.1f} s = {rn:.1f} tok/s; batched / unbatched {rn / r1:.2f}x")
    return rn / r1

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--prompts', type=int, default=8)
    ap.add_argument('--max-tokens', type=int, default=64)
    ap.add_argument('--model', default='smollm2-135m')
    a = ap.parse_args()
    from routerllm import data
    from routerllm.models.core import card, format_prompt
    from routerllm.models.hf import HF
    c = card(a.model)
    with tempfile.TemporaryDirectory() as cache:
        os.environ['ROUTERLLM_CACHE'] = cache      # a cold cache: the first load converts the GGUF
        b = HF(c); b.load(); first = b.info; b.unload()
        b = HF(c); b.load(); again = b.info; b.unload()
        print(f"load: first {first['load_s']:.1f} s (from cache: {first['from_cache']}), cached {again['load_s']:.1f} s "
              f"(from cache: {again['from_cache']}); {first['load_s'] / again['load_s']:.1f}x faster")
        tasks = data.load('humaneval+')[:a.prompts]
        prompts = [format_prompt(t) if c.prompt_style == 'chat' else t.prompt for t in tasks]
        ratio = speed(c, prompts, a.max_tokens, 'cpu')
        import torch
        if torch.cuda.is_available(): speed(c, prompts, a.max_tokens, 'cuda:0')
        else: print("gpu: no CUDA device here; skipped")
    ok = ratio >= 3
    print(f"batching >= 3x: {'yes' if ok else 'NO'}")
    return 0 if ok else 1

if __name__ == '__main__':
    sys.exit(main())
