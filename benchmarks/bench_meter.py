"""Metered energy per request, under concurrency: N requests at once against a local model served by the gateway
(SmolLM2-135M through llama.cpp, metered by CodeCarbon in machine tracking, as `routerllm serve` does). Prints, all measured in this run:

- the sum of the per-request energies the responses report over what the meter attributed to windows in the same
  span (the ledger: target within 1%), and over the meter's whole total for the span (idle included);
- the meter's overhead per window (one reading at each edge, the ledger's bookkeeping): target under 1 ms;
- the metered J per output token against the modelled one for the same model (ML.ENERGY fit at the card's deployment).

    .venv/bin/python benchmarks/bench_meter.py [--requests 8] [--concurrency 4] [--tokens 32]
"""
import argparse, statistics, time
from concurrent.futures import ThreadPoolExecutor

PROMPT = 'def add(a, b):\n    """Return the sum of a and b.\n    >>> add(2, 3)\n    5\n    """\n'

def overhead_ms(m, n:int=200) -> float:
    "Median wall time of an empty window (open and close: two readings and the ledger), in ms."
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        with m.window('empty'): pass
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--requests', type=int, default=8); ap.add_argument('--concurrency', type=int, default=4)
    ap.add_argument('--tokens', type=int, default=32); a = ap.parse_args()
    from openai import OpenAI
    from routerllm.carbon.meter import live_meter
    from routerllm.models.core import ModelManager
    from routerllm.serve.codec import ServeLimits
    from routerllm.serve.gateway import Gateway
    from routerllm.serve.routed import RoutedManager
    from routerllm.strategies.live import card_j
    m = live_meter('on')
    mm = ModelManager({k: v for k, v in ModelManager().cards.items() if k == 'smollm2-135m'}, meter=m)
    msgs = lambda i: [{'role': 'user', 'content': PROMPT.replace('add', f'add{i}')}]
    with Gateway(RoutedManager(mm), ServeLimits(concurrency=a.concurrency, queue=a.requests)) as gw, \
         ThreadPoolExecutor(a.concurrency) as ex:
        client = OpenAI(base_url=gw.url, api_key='none', max_retries=0)
        client.chat.completions.create(model='smollm2-135m', messages=msgs(0), max_tokens=4)     # load it first
        ask = lambda i: client.chat.completions.create(model='smollm2-135m', messages=msgs(i), max_tokens=a.tokens)
        before, r0 = m.accounts(), m.reading()
        us = [r.usage.model_dump() for r in ex.map(ask, range(a.requests))]
        after, r1 = m.accounts(), m.reading()
    said = sum(u['energy_j'] for u in us); toks = sum(u['completion_tokens'] for u in us)
    attributed, total = after['attributed_j'] - before['attributed_j'], m.energy(r0, r1).joules
    provs = sorted({u['energy_provenance'] for u in us})
    modelled = card_j(mm.cards['smollm2-135m'], toks)
    print(f"{a.requests} requests, {a.concurrency} at once, {toks} output tokens; energy {', '.join(provs)}")
    print(f"sum of the responses' energies / attributed by the meter: {said / attributed:.6f} "
          f"({said:.2f} J / {attributed:.2f} J); / the meter's total for the span: {said / total:.4f} "
          f"(idle and bookkeeping between requests: {total - said:.2f} J)")
    print(f"meter overhead: {overhead_ms(m):.3f} ms per window (median of 200 empty windows)")
    print(f"metered {said / toks:.4f} J/token here against modelled {modelled / toks:.6f} J/token "
          f"(ratio {said / modelled:.0f}x: a 2-core CPU against the fit's GPU deployment of the card)")

if __name__ == '__main__': main()
