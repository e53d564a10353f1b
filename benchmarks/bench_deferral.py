"""What an answer-aware deferral decision costs: CPU time per decision (features of the draft + the stage's logistic
regression) over every recorded Qwen2.5-32B answer on HumanEval+, against the bound the study charges per decision
(`router.deferral.RULE_DECISION_S`). Prints the ratio measured in this run.

    .venv/bin/python benchmarks/bench_deferral.py [--repeat 3]
"""
import argparse, statistics, time
import numpy as np

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--repeat', type=int, default=3); a = ap.parse_args()
    from routerllm.router.outcomes import ladder
    from routerllm.router.cascades import checks, probes
    from routerllm.router import deferral as D
    q = ladder('qwen-dsv3-humaneval+'); ch, pr = checks(q), probes(q); dr = D.drafts(q, ch)
    rule = D.fit_rule(q, dr, pr, D.deferral_cost(q, ch, pr, [1, 3]), [1, 3], np.arange(len(q)), 0.1)
    code, tasks = D.answers(q), q.tasks(); chk = {'status': 'pass', 'passed': 1, 'total': 1}
    runs = []
    for _ in range(a.repeat):
        t0 = time.process_time()
        for i, t in enumerate(tasks): rule.keep(0, D.features_live(code[i, 1], t, chk, q.out_tokens[i, 1])[None])
        runs.append((time.process_time() - t0) / len(tasks))
    per = statistics.median(runs)
    print(f"{len(tasks)} decisions x {a.repeat}: median {per * 1e3:.3f} ms CPU per decision; charged "
          f"{D.RULE_DECISION_S * 1e3:.1f} ms (ratio charged / measured: {D.RULE_DECISION_S / per:.1f}x)")

if __name__ == '__main__': main()
