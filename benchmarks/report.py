#!/usr/bin/env python3
"""Writes RESULTS.md from target/jmh-result.json and target/startup.tsv. Called by run.sh."""
import argparse
import csv
import json
import os
import statistics
import sys

LIBRARIES = {  # benchmark class -> (library, forks with the agent?)
    'Baseline': ('bare call', False),
    'BulwarkGuarded': ('Bulwark', True),
    'Resilience4jDecorated': ('Resilience4j', False),
    'FailsafeExecuted': ('Failsafe', False),
    'BulwarkContention': ('Bulwark', True),
    'Resilience4jContention': ('Resilience4j', False),
    'Primitives': ('building block', False),
}
POLICIES = [('breaker', '@CircuitBreaker'), ('retry', '@Retry'), ('bulkhead', '@Bulkhead'),
            ('rateLimiter', '@RateLimiter'), ('stack', '@Retry + @CircuitBreaker + @Bulkhead')]
PEERS = ['Bulwark', 'Resilience4j', 'Failsafe']
ZERO_ALLOC = 0.5  # B/op: JMH's normalised allocation carries a small measurement residue


def load(path):
    results = {}
    if not os.path.exists(path):
        return results
    for entry in json.load(open(path)):
        cls, method = entry['benchmark'].split('.')[-2:]
        pm = entry['primaryMetric']
        alloc = entry.get('secondaryMetrics', {}).get('gc.alloc.rate.norm')
        results[f'{cls}.{method}'] = {
            'class': cls, 'method': method, 'threads': entry['threads'], 'forks': entry['forks'],
            'score': pm['score'], 'error': pm['scoreError'], 'unit': pm['scoreUnit'],
            'alloc': alloc['score'] if alloc else None,
            'jvm_args': entry.get('jvmArgs', []), 'jmh': entry.get('jmhVersion', '?'),
        }
    return results


def baseline_of(r, results):
    if r['method'].endswith('Failure'):
        key = 'Baseline.bareFailure'
    else:
        key = {1: 'Baseline.bare', 2: 'Baseline.bare2Threads', 4: 'Baseline.bare4Threads'}.get(r['threads'])
    return results.get(key)


def num(x, digits=1):
    return 'n/a' if x is None or x != x else f'{x:,.{digits}f}'


def err(x):
    return 'n/a' if x is None or x != x else f'{x:,.1f}'


def alloc(x):
    if x is None:
        return 'n/a'
    return '0' if x < ZERO_ALLOC else f'{x:,.0f}'


def added(r, results):
    base = baseline_of(r, results)
    return None if base is None else r['score'] - base['score']


def cell(r, results):
    if r is None:
        return 'not run'
    return f"+{num(added(r, results))} ns ({alloc(r['alloc'])} B)"


def find(results, library, method, contention=False):
    for r in results.values():
        lib, _ = LIBRARIES.get(r['class'], (None, None))
        if lib == library and r['method'] == method and r['class'].endswith('Contention') == contention:
            return r
    return None


def startup(path):
    if not os.path.exists(path):
        return None
    rows = list(csv.DictReader(open(path), delimiter='\t'))
    out = {}
    for config in ('none', 'bulwark', 'opentelemetry'):
        r = [x for x in rows if x['config'] == config]
        if r:
            out[config] = {
                'runs': len(r),
                'ms': statistics.median(int(x['micros_to_end_of_main']) for x in r) / 1000,
                'ms_min': min(int(x['micros_to_end_of_main']) for x in r) / 1000,
                'ms_max': max(int(x['micros_to_end_of_main']) for x in r) / 1000,
                'rss': statistics.median(int(x['max_rss_kb']) for x in r) / 1024,
                'cpu': statistics.median(int(x['cpu_millis']) for x in r) if 'cpu_millis' in r[0] else None,
            }
    return out


def main():
    p = argparse.ArgumentParser()
    for a in ('mode', 'filter', 'command', 'jmh-command', 'startup-command', 'java-version', 'date', 'cores',
              'cpu', 'load', 'load-after', 'agent', 'output'):
        p.add_argument('--' + a, default='')
    a = p.parse_args()
    results = load('target/jmh-result.json')
    st = startup('target/startup.tsv')
    otel_version = open('target/startup.tsv.otel-version').read().strip() if os.path.exists(
        'target/startup.tsv.otel-version') else 'opentelemetry-javaagent'
    jmh_version = next(iter(results.values()))['jmh'] if results else '?'
    o = []
    w = o.append

    w('# Benchmark results\n')
    w('Written by `benchmarks/run.sh` from the run described here; run it again to replace every figure. '
      'The one hand-written part, "Where the time goes", comes from `benchmarks/where-the-time-goes.md`.\n')
    if a.filter:
        w(f'**Partial run**: only the benchmarks matching `{a.filter}`.\n')
    w('| | |\n| --- | --- |')
    w(f'| date (UTC) | {a.date} |')
    w(f'| JDK | `{" / ".join(l.strip() for l in a.java_version.splitlines())}` |')
    w(f'| machine | {a.cores} cores (`nproc`), {a.cpu} |')
    w(f'| load average (1, 5, 15 min) | {a.load} before, {a.load_after} after |')
    w(f'| mode | `{a.mode}`, JMH {jmh_version} |')
    w(f'| reproduce | `{a.command}` from the repository root |')
    w(f'| JMH command it ran | `{a.jmh_command}` |')
    w(f'| start-up command it ran | `{a.startup_command}` |')
    w('')
    w('These figures come from a shared 2-core machine on which other builds may run at the same time: they '
      'are noisy, and a `quick` run has one fork and three one-second measurements, so its error bars '
      '(99.9% confidence, as JMH reports them) are wide and sometimes absent. Compare figures from the '
      'same run only; read a difference smaller than the errors as no difference.\n')
    w('Scores are average time per call (`ns/op`, lower is better); allocation is `gc.alloc.rate.norm` of '
      '`-prof gc` in bytes per call (values under 0.5 B/op are JMH\'s measurement residue and shown as 0). '
      '"Added" is the score minus the bare call\'s score on the same path with the same threads, from the '
      '`Baseline` class, which runs without any agent.\n')

    # Targets
    w('## Targets of issue 10\n')
    w('| target | figure in this run | met? |\n| --- | --- | --- |')
    b, r4 = find(results, 'Bulwark', 'stack'), find(results, 'Resilience4j', 'stack')
    if b and r4 and added(b, results) is not None:
        ba, ra = added(b, results), added(r4, results)
        met = ba <= ra / 2
        w(f'| three-policy stack: Bulwark\'s added ns/op at most half of Resilience4j\'s | Bulwark +{num(ba)} ns/op '
          f'(± {err(b["error"])}), Resilience4j +{num(ra)} ns/op (± {err(r4["error"])}): Bulwark = '
          f'{num(ba / ra if ra else float("nan"), 3)} x Resilience4j | {"**met**" if met else "**not met**"} |')
        zero = b['alloc'] is not None and b['alloc'] < ZERO_ALLOC
        w(f'| three-policy stack: zero allocation on the success path | Bulwark {num(b["alloc"], 3)} B/op '
          f'(Resilience4j {num(r4["alloc"], 3)} B/op) | {"**met**" if zero else "**not met**"} |')
    else:
        w('| three-policy stack vs Resilience4j | not in this run | n/a |')
    if st and all(k in st for k in ('none', 'bulwark', 'opentelemetry')):
        bc = st['bulwark']['ms'] - st['none']['ms']
        oc = st['opentelemetry']['ms'] - st['none']['ms']
        met = bc <= oc / 4
        w(f'| start-up cost of the agent at most a quarter of the OpenTelemetry agent\'s | Bulwark +{num(bc, 0)} ms, '
          f'OpenTelemetry +{num(oc, 0)} ms: Bulwark = {num(bc / oc if oc else float("nan"), 3)} x OpenTelemetry '
          f'| {"**met**" if met else "**not met**"} |')
        if st['none'].get('cpu') is not None:
            bcpu = st['bulwark']['cpu'] - st['none']['cpu']
            ocpu = st['opentelemetry']['cpu'] - st['none']['cpu']
            w(f'| the same, in CPU time (user + sys) | Bulwark +{num(bcpu, 0)} ms, OpenTelemetry +{num(ocpu, 0)} ms: '
              f'Bulwark = {num(bcpu / ocpu if ocpu else float("nan"), 3)} x OpenTelemetry '
              f'| {"**met**" if bcpu <= ocpu / 4 else "**not met**"} |')
    else:
        w('| start-up cost vs the OpenTelemetry agent | not in this run | n/a |')
    w('| transparent pool cycle vs unpooled PostgreSQL and HikariCP | arrives with the transparent pool | n/a |')
    w('')

    # One thread
    w('## Annotated methods, one thread\n')
    w('Each cell: added ns/op over the bare call, and (allocation per call). The Bulwark column runs with the '
      'agent attached to the fork; the others run in forks without it. Policy settings are the same in every '
      'library: breaker count window 100, minimum 100 calls, 50% threshold; retry 3 attempts, 500 ms wait; '
      'bulkhead 25 concurrent calls, no wait; rate limiter 1,000,000 permits per 1 ms (never waits).\n')
    bs, bf = results.get('Baseline.bare'), results.get('Baseline.bareFailure')
    w(f'Bare call: success {num(bs and bs["score"], 2)} ns/op, failure (throw and catch a preallocated exception) '
      f'{num(bf and bf["score"], 2)} ns/op. An unannotated method in the fork with the agent attached: success '
      f'{num(results.get("BulwarkGuarded.bare", {}).get("score"), 2)} ns/op, failure '
      f'{num(results.get("BulwarkGuarded.bareFailure", {}).get("score"), 2)} ns/op.\n')
    for path, suffix in (('success', ''), ('failure', 'Failure')):
        w(f'**{path.capitalize()} path**\n')
        w('| policy | ' + ' | '.join(PEERS) + ' |')
        w('| --- |' + ' --- |' * len(PEERS))
        for method, label in POLICIES:
            w(f'| {label} | ' + ' | '.join(cell(find(results, lib, method + suffix), results) for lib in PEERS) + ' |')
        w('')
    w('What each failure benchmark measures: the target always throws one preallocated, stack-less exception '
      'and the benchmark catches it. `breakerFailure` records a failure in a CLOSED breaker whose window is time '
      'based (100 s) with a minimum number of calls that is never reached, so the breaker never opens and never '
      'rejects (a count window cannot stay closed under 100% failures: Bulwark and Resilience4j both cap the '
      'minimum at the window size; Failsafe\'s breaker here is time based with an execution threshold never '
      'reached). `retryFailure` is a retry of maxAttempts = 1: the policy classifies the failure, decides '
      'not to retry and rethrows. `bulkheadFailure` and `rateLimiterFailure` take a permit and, for the '
      'bulkhead, give it back on the exceptional exit. `stackFailure` is retry (1 attempt) + that breaker + '
      'bulkhead. No failure benchmark ever sees a rejection: one would end the benchmark with an error.\n')

    prims = [results.get(f'Primitives.{m}') for m in ('nanoTime', 'atomicIncrement', 'longAdderIncrement')]
    if all(prims):
        w(f'Building blocks on this machine (`Primitives`, one thread, no agent): `System.nanoTime()` '
          f'{num(prims[0]["score"])} ns, an uncontended atomic increment {num(prims[1]["score"])} ns, an uncontended '
          f'`LongAdder.increment()` {num(prims[2]["score"])} ns.\n')

    # Contention
    w('## Contention: one breaker or bulkhead shared by 2 and 4 threads\n')
    w('ns/op as each thread sees it, then added ns/op over the bare call with as many threads, then '
      '(allocation per call). With 4 threads on 2 cores, threads also wait for a core.\n')
    w('| policy | threads | bare call | Bulwark | Resilience4j | Resilience4j, LOCK_FREE window |')
    w('| --- | --- | --- | --- | --- | --- |')
    for method, label in (('breaker', '@CircuitBreaker'), ('bulkhead', '@Bulkhead')):
        for t in (2, 4):
            base = results.get(f'Baseline.bare{t}Threads')
            cells = []
            for lib, m in (('Bulwark', f'{method}{t}Threads'), ('Resilience4j', f'{method}{t}Threads'),
                           ('Resilience4j', f'{method}LockFree{t}Threads')):
                r = find(results, lib, m, contention=True)
                cells.append('n/a' if r is None else
                             f'{num(r["score"])} ± {err(r["error"])} (+{num(added(r, results))}, {alloc(r["alloc"])} B)')
            w(f'| {label} | {t} | {num(base and base["score"], 2)} | ' + ' | '.join(cells) + ' |')
    w('')
    w('Resilience4j 2.3\'s breaker window is `SYNCHRONIZED` by default (a lock per recorded call); its '
      '`LOCK_FREE` strategy is opt-in and shown for the breaker. Bulwark\'s windows are lock-free.\n')

    # Start-up
    w('## Start-up and memory\n')
    if st:
        w(f'A small application (`dev.bulwark.benchmarks.startup.StartupApp`: 5,000 calls through a '
          f'`@Retry @CircuitBreaker @Bulkhead` method, 1% of them failing), timed from just before the JVM is '
          f'launched to the end of `main`, and its maximum resident set size (`/usr/bin/time -v`). Median of '
          f'{st["none"]["runs"]} runs per configuration, configurations taking turns, after one discarded round. '
          f'The OpenTelemetry agent is {otel_version} with `OTEL_TRACES_EXPORTER=none '
          f'OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none`.\n')
        w('| configuration | time to end of main (median) | min .. max | added over no agent | max RSS (median) | added RSS | CPU time, user + sys (median) | added CPU |')
        w('| --- | --- | --- | --- | --- | --- | --- | --- |')
        for config, label in (('none', 'no agent'), ('bulwark', 'Bulwark agent'), ('opentelemetry', 'OpenTelemetry agent')):
            if config in st:
                s = st[config]
                w(f'| {label} | {num(s["ms"], 0)} ms | {num(s["ms_min"], 0)} .. {num(s["ms_max"], 0)} ms | '
                  f'+{num(s["ms"] - st["none"]["ms"], 0)} ms | {num(s["rss"], 1)} MiB | +{num(s["rss"] - st["none"]["rss"], 1)} MiB | '
                  f'{num(s["cpu"], 0)} ms | +{num(s["cpu"] - st["none"]["cpu"], 0) if s["cpu"] is not None else "n/a"} ms |')
        w('')
        w('CPU time is that of the whole process (every thread, JIT compilers included, until exit); load from '
          'other processes disturbs it less than the wall time, so it is the steadier figure on a shared machine.')
        w('')
    else:
        w('Not measured in this run (`benchmarks/startup.sh` runs when no filter is given, or with `STARTUP=1`).\n')

    w('## JDBC (pending)\n')
    w('The JDBC benchmarks of issue 10 part 4 (`DriverManager.getConnection` + `close` cycles against '
      'PostgreSQL with Bulwark\'s transparent pool, without it and with HikariCP; a simple query with and '
      'without Bulwark\'s JDBC guard and with the OpenTelemetry agent) arrive with the JDBC issue\'s transparent pool (JDBC statements are already guarded; the pool is not built yet); '
      'they are not part of this module yet. There are no JDBC figures here, on purpose, and the '
      'pool target above is not judged.\n')

    notes = 'where-the-time-goes.md'
    if os.path.exists(notes):
        w(open(notes).read().rstrip() + '\n')

    w('## Every benchmark\n')
    w('| benchmark | library | agent in fork | threads | score | error (99.9%) | unit | alloc B/op | added ns/op over bare |')
    w('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    order = list(LIBRARIES)
    for key in sorted(results, key=lambda k: (order.index(results[k]['class']) if results[k]['class'] in order else 99, k)):
        r = results[key]
        lib, agent = LIBRARIES.get(r['class'], ('?', False))
        base = baseline_of(r, results)
        add = '(baseline)' if r['class'] == 'Baseline' else '(reference)' if r['class'] == 'Primitives' else ('n/a' if base is None else num(r['score'] - base['score']))
        w(f'| `{key}` | {lib} | {"yes" if agent else "no"} | {r["threads"]} | {num(r["score"], 2)} | {err(r["error"])} '
          f'| {r["unit"]} | {num(r["alloc"], 3)} | {add} |')
    w('')
    if os.path.exists('target/benchmark-list.txt'):
        listed = [l.strip() for l in open('target/benchmark-list.txt') if l.strip()]
        missing = [b for b in listed if '.'.join(b.split('.')[-2:]) not in results]
        if missing:
            w(f'**{len(missing)} benchmark(s) failed and left no result** (see `benchmarks/target/jmh-output.txt`): '
              + ', '.join(f'`{m}`' for m in missing) + '\n')

    open(a.output, 'w').write('\n'.join(o))


if __name__ == '__main__':
    sys.exit(main())
