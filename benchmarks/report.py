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
    # JDBC (issue 10 part 4); the second element is the agent in the fork: True (Bulwark's), False, or its name
    'BulwarkJdbcPool': ('Bulwark transparent pool', True),
    'JdbcHikariCP': ('HikariCP', False),
    'BulwarkJdbcHikariCP': ('HikariCP, Bulwark agent attached', True),
    'JdbcPlain': ('no agent, no pool', False),
    'BulwarkJdbcUnpooled': ('Bulwark agent, pool off', True),
    'BulwarkJdbcQuery': ('Bulwark JDBC guard', True),
    'BulwarkJdbcGuardOff': ('Bulwark agent, JDBC guard off', True),
    'OpenTelemetryJdbc': ('OpenTelemetry agent', 'OpenTelemetry'),
}
METHOD_CLASSES = {'Baseline', 'BulwarkGuarded', 'Resilience4jDecorated', 'FailsafeExecuted', 'Primitives'}
CONTENTION_CLASSES = {'BulwarkContention', 'Resilience4jContention'}
JDBC_CLASSES = {c for c in LIBRARIES if 'Jdbc' in c}
POOL_TARGET = 200  # the transparent pool cycle at least this many times faster than unpooled connections
NANOS = {'ns/op': 1, 'us/op': 1e3, 'ms/op': 1e6, 's/op': 1e9}
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


def nanos(r):
    """A result's score in ns/op, whatever unit it was measured in."""
    return None if r is None else r['score'] * NANOS[r['unit']]


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


def jdbc(results, w):
    """The JDBC section: connection cycles side by side, then the simple query."""
    w('## JDBC: connection cycles and a simple query against PostgreSQL\n')
    w('Against the local PostgreSQL (127.0.0.1:5432, trust authentication, database `test`, PostgreSQL JDBC '
      'driver), from the same JMH run. A **cycle** is `getConnection` then `close()`: with '
      '`DriverManager.getConnection(url, user, password)`, or HikariCP\'s `HikariDataSource.getConnection()` '
      '(HikariCP\'s defaults except `maximumPoolSize` 10, which is also the default `jdbc.pool.max-size` of '
      'Bulwark\'s pool). Unpooled, a cycle is a real PostgreSQL connection: TCP, start-up and authentication '
      'exchange, a server process started and ended. The **query** is `SELECT 1` as a prepared statement on a '
      'connection held for the whole run: `executeQuery`, read the one row, close the result set. Scores are '
      'average time per operation; allocation is bytes per operation (`-prof gc`). The Bulwark agent runs with its '
      'defaults (no configuration file), turned off where said by `-Dbulwark.jdbc.pool.enabled=false` or '
      '`-Dbulwark.jdbc.enabled=false`.\n')
    pool = results.get('BulwarkJdbcPool.cycle')

    def row(key, label, agent, reference=None, versus=''):
        r = results.get(key)
        if r is None:
            return f'| {label} | {agent} | | not run | | | |'
        rel = ''
        if reference is not None and r is not reference and nanos(reference):
            x = nanos(r) / nanos(reference)
            rel = f'{num(x, 2 if x < 10 else 0)} x {versus}'
        return (f'| {label} | {agent} | {r["threads"]} | {num(r["score"], 1)} {r["unit"]} | {err(r["error"])} | '
                f'{alloc(r["alloc"])} | {rel} |')

    w('**Connection cycle**\n')
    w('| configuration | agent in the JVM | threads | score | error (99.9%) | alloc B/op | time relative to |')
    w('| --- | --- | --- | --- | --- | --- | --- |')
    w(row('BulwarkJdbcPool.cycle', '`DriverManager`, Bulwark\'s transparent pool', 'Bulwark'))
    w(row('JdbcHikariCP.cycle', 'HikariCP `getConnection`', 'none', pool, 'the Bulwark pool'))
    w(row('BulwarkJdbcHikariCP.cycle', 'HikariCP `getConnection` (must not be pooled twice)', 'Bulwark', pool,
          'the Bulwark pool'))
    w(row('JdbcPlain.cycleUnpooled', '`DriverManager`, unpooled', 'none', pool, 'the Bulwark pool'))
    w(row('BulwarkJdbcUnpooled.cycleUnpooled', '`DriverManager`, unpooled (`jdbc.pool.enabled=false`)', 'Bulwark',
          pool, 'the Bulwark pool'))
    p4 = results.get('BulwarkJdbcPool.cycle4Threads')
    w(row('BulwarkJdbcPool.cycle4Threads', '`DriverManager`, Bulwark\'s transparent pool', 'Bulwark'))
    w(row('JdbcHikariCP.cycle4Threads', 'HikariCP `getConnection`', 'none', p4, 'the Bulwark pool, 4 threads'))
    w(row('JdbcPlain.driverManagerArguments', 'reference: the `Properties` that `DriverManager.getConnection(url, '
          'user, password)` makes before any pool or driver is asked', 'none', pool, 'the Bulwark pool'))
    w('')
    w('With 4 threads, scores are ns/op as each thread sees it, on 2 cores (so threads also wait for a core). '
      'The HikariCP fork with the Bulwark agent checks that HikariCP\'s proxy wraps the driver\'s own '
      'connection (no second pool), and measures what the agent adds to a pool\'s `getConnection`: it '
      'passes the database\'s circuit breaker (`DataSource.getConnection` is guarded).\n')

    plain = results.get('JdbcPlain.query')
    w('**Simple query** (`SELECT 1`, prepared once, on a held connection)\n')
    w('| configuration | score | error (99.9%) | added over no agent | alloc B/op | added alloc |')
    w('| --- | --- | --- | --- | --- | --- |')
    for key, label in (('JdbcPlain.query', 'no agent'),
                       ('BulwarkJdbcQuery.query', 'Bulwark agent, JDBC guard on (the default; connection from its pool)'),
                       ('BulwarkJdbcGuardOff.query', 'Bulwark agent, JDBC guard off (`-Dbulwark.jdbc.enabled=false`)'),
                       ('OpenTelemetryJdbc.query', 'OpenTelemetry Java agent (exporters `none`)')):
        r = results.get(key)
        if r is None:
            w(f'| {label} | not run | | | | |')
            continue
        addt = '(reference)' if r is plain else 'n/a' if plain is None else f'{nanos(r) - nanos(plain):+,.0f} ns'
        adda = '' if r is plain or plain is None or r['alloc'] is None or plain['alloc'] is None else \
            f'{r["alloc"] - plain["alloc"]:+,.0f} B'
        w(f'| {label} | {num(r["score"], 0)} {r["unit"]} | {err(r["error"])} | {addt} | {alloc(r["alloc"])} | {adda} |')
    w('')
    w('A query is a round trip to the server, tens of microseconds, and its time varies by more than an '
      'agent adds: read an added time smaller than the errors as no difference. The allocation per query is '
      'the steadier figure of what an agent adds.\n')
    notes = 'where-the-time-goes-jdbc.md'
    if os.path.exists(notes):
        w(open(notes).read().rstrip() + '\n')


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
      'The hand-written parts, "Where the time goes", come from `benchmarks/where-the-time-goes.md` (annotated '
      'methods) and `benchmarks/where-the-time-goes-jdbc.md` (JDBC).\n')
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
    w(f'| start-up command it ran | `{a.startup_command}` |' if st else '| start-up command it ran | not run (a filtered run skips it unless STARTUP=1) |')
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
    pool, plain = results.get('BulwarkJdbcPool.cycle'), results.get('JdbcPlain.cycleUnpooled')
    off, hikari = results.get('BulwarkJdbcUnpooled.cycleUnpooled'), results.get('JdbcHikariCP.cycle')
    if pool and plain:
        speedup = nanos(plain) / nanos(pool)
        also = f'; {num(nanos(off) / nanos(pool), 0)} x the agent with its pool off ({num(off["score"], 0)} us/op)' if off else ''
        w(f'| transparent pool cycle at least {POOL_TARGET} times faster than unpooled PostgreSQL connections | '
          f'pool {num(pool["score"])} ns/op (± {err(pool["error"])}), unpooled without agent {num(plain["score"], 0)} us/op '
          f'(± {err(plain["error"])}): **{num(speedup, 0)} x** faster{also} | {"**met**" if speedup >= POOL_TARGET else "**not met**"} |')
    else:
        w(f'| transparent pool cycle at least {POOL_TARGET} times faster than unpooled PostgreSQL connections | not in this run | n/a |')
    if pool and hikari:
        ratio = nanos(pool) / nanos(hikari)
        w(f'| transparent pool cycle no slower than HikariCP\'s getConnection + close | Bulwark {num(pool["score"])} ns/op '
          f'(± {err(pool["error"])}), HikariCP {num(hikari["score"])} ns/op (± {err(hikari["error"])}): Bulwark = '
          f'{num(ratio, 2)} x HikariCP | {"**met**" if ratio <= 1 else "**not met**"} |')
        p4, h4 = results.get('BulwarkJdbcPool.cycle4Threads'), results.get('JdbcHikariCP.cycle4Threads')
        if p4 and h4:
            r4 = nanos(p4) / nanos(h4)
            w(f'| the same, 4 threads on one pool | Bulwark {num(p4["score"])} ns/op (± {err(p4["error"])}), HikariCP '
              f'{num(h4["score"])} ns/op (± {err(h4["error"])}): Bulwark = {num(r4, 2)} x HikariCP '
              f'| {"**met**" if r4 <= 1 else "**not met**"} |')
    else:
        w('| transparent pool cycle no slower than HikariCP | not in this run | n/a |')
    w('')

    # A filtered run shows only the sections it has figures for; a whole run shows every section.
    def has(classes):
        return not a.filter or any(r['class'] in classes for r in results.values())

    # One thread
    methods_from = len(o)
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

    if not has(METHOD_CLASSES):
        del o[methods_from:]

    # Contention
    contention_from = len(o)
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

    if not has(CONTENTION_CLASSES):
        del o[contention_from:]

    # Start-up
    startup_from = len(o)
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

    if a.filter and not st:
        del o[startup_from:]

    notes = 'where-the-time-goes.md'
    if os.path.exists(notes) and (has(METHOD_CLASSES) or has(CONTENTION_CLASSES)):
        w(open(notes).read().rstrip() + '\n')

    if has(JDBC_CLASSES):
        jdbc(results, w)

    w('## Every benchmark\n')
    w('| benchmark | library | agent in fork | threads | score | error (99.9%) | unit | alloc B/op | added ns/op over bare |')
    w('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    order = list(LIBRARIES)
    for key in sorted(results, key=lambda k: (order.index(results[k]['class']) if results[k]['class'] in order else 99, k)):
        r = results[key]
        lib, agent = LIBRARIES.get(r['class'], ('?', False))
        base = baseline_of(r, results)
        add = '(baseline)' if r['class'] == 'Baseline' else '(reference)' if r['class'] == 'Primitives' else (
            '(JDBC: see above)' if r['class'] in JDBC_CLASSES else 'n/a' if base is None else num(r['score'] - base['score']))
        agent = agent if isinstance(agent, str) else 'yes' if agent else 'no'
        w(f'| `{key}` | {lib} | {agent} | {r["threads"]} | {num(r["score"], 2)} | {err(r["error"])} '
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
