"""Routing speed and routing energy: every router against a DistilBERT-base classifier, on the same prompts, same run.

Routers are trained on the DeepSeek-Coder MBPP+ ladder (training time is not what is measured here); they then
route requests they have never seen: the 164 HumanEval+ prompts plus the MBPP+ v0.2.0 prompts (542 requests; the
embedding caches start empty, so every embedding is computed).

For each router, measured on this machine in one run:
  batched   decisions per second routing all requests in one call (the routers batch and sort by length inside);
  single    p50 and p90 latency of one request at a time (a new request each time: no cache hits);
  cached    decisions per second when the same requests come again (the per-task embedding cache);
  energy    J per decision of the batched run (CodeCarbon, process tracking: on a machine without RAPL an
            *estimate* from CPU load and TDP), next to the *modelled* energy the smallest model of the ladder
            (DeepSeek-Coder 1.3B) spends generating for an average task (H100, batch 64, routerllm.carbon.model).
The reference is the seed's router: a DistilBERT-base sequence classifier (66M parameters, 3 labels; random
weights, timing only) over the same prompts, truncated at 512 tokens, batched 32 with dynamic padding; the
tokenizer is MiniLM's, the same BERT uncased vocabulary as distilbert-base-uncased.

Targets: embedding routers >= 4x the DistilBERT classifier's batched throughput; feature-only routers >= 5,000
decisions/s; a routing decision under 1% of the smallest model's generation energy per task.
Usage: python benchmarks/bench_router.py [--threads 2] [--single 60] [--no-neural]
"""
import argparse, statistics, time
import numpy as np

def timed(f, *a):
    t = time.perf_counter(); r = f(*a); return r, time.perf_counter() - t

def distilbert(tasks, threads, single_n):
    import torch
    from transformers import AutoTokenizer, DistilBertConfig, DistilBertForSequenceClassification
    from routerllm.router.embed import minilm_dir
    torch.manual_seed(0)
    model = DistilBertForSequenceClassification(DistilBertConfig(num_labels=3)).eval()
    tok = AutoTokenizer.from_pretrained(minilm_dir())
    texts = [t.prompt.strip() for t in tasks]
    def run(ts, bs=32):
        out = []
        with torch.inference_mode():
            for s in range(0, len(ts), bs):
                b = tok(ts[s:s + bs], padding=True, truncation=True, max_length=512, return_tensors='pt')
                out.append(torch.softmax(model(**b).logits, -1).numpy())
        return np.concatenate(out)
    run(texts[:8])                                                          # warm-up
    _, dt = timed(run, texts)
    lat = [timed(run, [t], 1)[1] for t in texts[:single_n]]
    return len(texts) / dt, lat

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--threads', type=int, default=2); ap.add_argument('--single', type=int, default=60)
    ap.add_argument('--no-neural', action='store_true'); a = ap.parse_args()
    import torch; torch.set_num_threads(a.threads)
    from routerllm.data import load
    from routerllm.router.outcomes import ladder, costs
    from routerllm.router.core import train
    from routerllm.router.features import Complexity, LogReg, MLP
    from routerllm.router import embed
    from routerllm.router.embed import KNN, Embedder
    from routerllm.carbon.meter import Meter

    lad = ladder('deepseek-mbpp+')
    tasks = load('humaneval+') + load('mbpp+')
    e_small = costs(lad, 'energy')[:, 0].mean()
    routers = {'complexity': Complexity(), 'logreg-features': LogReg(), 'mlp-features': MLP(),
               'knn-embedding': KNN(), 'logreg-embedding': LogReg(inputs='embedding', l2=30.0), 'logreg-both': LogReg(inputs='both', l2=100.0),
               'knn-static': KNN(inputs='static'), 'logreg-static': LogReg(inputs='static', l2=100.0)}
    if not a.no_neural:
        from routerllm.router.neural import Classifier, MoE
        routers |= {'classifier-minilm': Classifier(epochs=2), 'moe-gate': MoE()}
    source = {n: 'features' if 'features' in n or n == 'complexity' else 'embedding' for n in routers}
    print(f"{len(tasks)} requests (HumanEval+ and MBPP+ prompts); {a.threads} threads; routers trained on {lad.name}")
    trained = {n: train(r, lad) for n, r in routers.items()}

    db_rate, db_lat = distilbert(tasks, a.threads, a.single)
    print(f"\n{'router':20s} {'batched/s':>10s} {'x DistilBERT':>12s} {'single p50 ms':>14s} {'p90 ms':>8s} {'cached/s':>10s} {'J/decision':>11s} {'% of 1.3B gen':>13s}")
    print(f"{'distilbert-base':20s} {db_rate:10.1f} {1.0:12.2f} {1e3 * statistics.median(db_lat):14.1f} {1e3 * np.quantile(db_lat, 0.9):8.1f}")
    meter = Meter('process').start(); ok = True
    for n, tr in trained.items():
        def fresh():   # an empty embedding cache, in memory and on disk, for every measurement of a cold path
            for key in list(embed._shared): embed._shared[key] = Embedder(max_tokens=key[0], static=key[1], disk_cache=False)
            for key in embed._shared: embed._shared[key]._load()
            from routerllm.router import neural
            if not a.no_neural: neural._Encoder._cache.clear()
        fresh(); tr.decide(tasks[:4]); fresh()
        with meter.window(n) as w: _, dt = timed(tr.decide, tasks)
        rate = len(tasks) / dt
        _, dt_c = timed(tr.decide, tasks); cached = len(tasks) / dt_c
        fresh(); lat = [timed(tr.decide, [t])[1] for t in tasks[-a.single:]]
        j = w.energy.joules / len(tasks)
        print(f"{n:20s} {rate:10.1f} {rate / db_rate:12.2f} {1e3 * statistics.median(lat):14.2f} {1e3 * np.quantile(lat, 0.9):8.2f} {cached:10.1f} {j:11.4f} {100 * j / e_small:12.3f}%")
        if source[n] == 'features' and rate < 5000: ok = False; print("  ^ below the 5,000 decisions/s target for feature routers")
        if source[n] == 'embedding' and rate < 4 * db_rate: ok = False; print("  ^ below 4x the DistilBERT classifier")
        if j > 0.01 * e_small: ok = False; print("  ^ routing energy above 1% of the smallest model's generation")
    print(f"\nenergy: routing J are {w.energy.provenance} ({w.energy.source}); generation J are modelled: DeepSeek-Coder 1.3B, "
          f"{e_small:.2f} J per task on average ({lad.out_tokens[:, 0].mean():.0f} tokens, H100, batch 64)")
    print('all targets met' if ok else 'some targets NOT met (see above)')
    meter.close()

if __name__ == '__main__': main()
