"""Speculative decoding against plain greedy decoding of the same target model, same prompts, same run.

Target Gemma-3-270M (GGUF Q4_K_M dequantized to float32 by transformers) on HumanEval+ prompts; drafters:
  assisted       SmolLM2-135M-Instruct as assistant model (different tokenizers: universal assisted generation)
  prompt-lookup  n-grams copied from the prompt (no drafter model)
For each prompt both runs are greedy, so the outputs must be identical (checked); the ratio printed is
plain seconds / speculative seconds (> 1: speculative decoding is faster). The first prompt is a warm-up and
is not counted. On a GPU with a large target and a small same-family drafter, pass --target/--drafter.
Usage: python benchmarks/bench_speculative.py [--prompts 6] [--max-tokens 64] [--threads 2]
"""
import argparse, os, statistics
os.environ.setdefault('HF_HUB_OFFLINE', '1')

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--prompts', type=int, default=6); ap.add_argument('--max-tokens', type=int, default=64)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--target', default='gemma3-270m'); ap.add_argument('--drafter', default='smollm2-135m')
    a = ap.parse_args()
    import torch; torch.set_num_threads(a.threads)
    from routerllm import data
    from routerllm.models.core import ModelManager
    from routerllm.models.speculative import speculative, METHODS
    mm = ModelManager()
    ps = [t.prompt for t in data.select(data.load('humaneval+'), first=a.prompts + 1)]
    for method in METHODS:
        rs = speculative(mm, a.target, ps, drafter=a.drafter, method=method, max_tokens=a.max_tokens)[1:]
        plain, spec = sum(r['plain_s'] for r in rs), sum(r['speculative_s'] for r in rs)
        toks = sum(r['new_tokens'] for r in rs)
        print(f"{method:13s} {len(rs)} prompts, {toks} tokens: plain {toks / plain:.1f} tok/s, speculative {toks / spec:.1f} tok/s, "
              f"speed-up {plain / spec:.2f}x (per prompt median {statistics.median(r['speedup'] for r in rs):.2f}x); "
              f"identical outputs {sum(r['match'] for r in rs)}/{len(rs)}")

if __name__ == '__main__': main()
