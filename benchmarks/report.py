#!/usr/bin/env python3
"""Writes RESULTS.md from target/jmh-result.json and target/startup.tsv. Called by run.sh.

Everything it writes is generated from the run; hand-written analysis lives in HISTORY.md, which this
script only links to and never reads or writes."""
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
    'FailsafeContention': ('Failsafe', False),
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
CONTENTION_CLASSES = {'BulwarkContention', 'Resilience4jContention', 'FailsafeContention'}
JDBC_CLASSES = {c for c in LIBRARIES if 'Jdbc' in c}
POOL_TARGET = 200  # the transparent pool cycle at least this many times faster than unpooled connections
NANOS = {'ns/op': 1, 'us/op': 1e3, 'ms/op': 1e6, 's/op': 1e9}
POLICIES = [('breaker', '@CircuitBreaker'), ('retry', '@Retry'), ('bulkhead', '@Bulkhead'),
            ('rateLimiter', '@RateLimiter'), ('stack', '@Retry + @CircuitBreaker + @Bulkhead')]
PEERS = ['Bulwark', 'Resilience4j', 'Failsafe']
ZERO_ALLOC = 0.5  # B/op: JMH's normalised allocation carries a small measurement residue
HISTORY = 'HISTORY.md'  # hand-written, dated history; linked from the report, never written by it


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
            # JMH writes "NaN" (a string) for the error of a single iteration: no error bar.
            'score': float(pm['score']), 'error': float(pm['scoreError']), 'unit': pm['scoreUnit'],
            'alloc': float(alloc['score']) if alloc else None,
            'alloc_error': float(alloc['scoreError']) if alloc else None,
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


def signed(x):
    """An added time: +12.3, or 'added n/a' when the bare call of the same threads did not run."""
    return 'added n/a' if x is None else f'{x:+,.1f}'


def cell(r, results):
    if r is None:
        return 'not run'
    return f"{signed(added(r, results))} ns ({alloc(r['alloc'])} B)"


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
            ms = [int(x['micros_to_end_of_main']) / 1000 for x in r]
            cpu = [int(x['cpu_millis']) for x in r] if 'cpu_millis' in r[0] else None
            out[config] = {
                'runs': len(r),
                'ms': statistics.median(ms), 'ms_min': min(ms), 'ms_max': max(ms), 'ms_q': quartiles(ms),
                'rss': statistics.median(int(x['max_rss_kb']) for x in r) / 1024,
                'cpu': statistics.median(cpu) if cpu else None, 'cpu_q': quartiles(cpu) if cpu else None,
            }
    return out


def quartiles(xs):
    """First and third quartiles, or None with fewer than two runs."""
    if len(xs) < 2:
        return None
    q = statistics.quantiles(xs, n=4, method='inclusive')
    return q[0], q[2]


class Interval:
    """A figure and its error bar [lo, hi]; lo and hi are None when the run gave no error bar."""

    def __init__(self, value, lo=None, hi=None):
        self.value, self.lo, self.hi = value, lo, hi

    def scaled(self, k):
        return Interval(self.value * k, None if self.lo is None else self.lo * k,
                        None if self.hi is None else self.hi * k)

    def bar(self, digits=1):
        return 'no error bar' if self.lo is None else f'{num(max(self.lo, 0), digits)} .. {num(self.hi, digits)}'


def finite(x):
    return x is not None and x == x


def score_interval(r):
    """A JMH score in ns/op with its 99.9% confidence interval."""
    v, e = nanos(r), r['error'] * NANOS[r['unit']]
    return Interval(v, v - e, v + e) if finite(e) else Interval(v)


def added_interval(r, results):
    """Score minus the bare call's, the two errors combined as independent (root of the sum of squares)."""
    base = baseline_of(r, results)
    v = r['score'] - base['score']
    if not (finite(r['error']) and finite(base['error'])):
        return Interval(v)
    e = (r['error'] ** 2 + base['error'] ** 2) ** 0.5
    return Interval(v, v - e, v + e)


def alloc_interval(r):
    v, e = r['alloc'], r.get('alloc_error')
    return Interval(v, v - e, v + e) if finite(e) else Interval(v)


def startup_added(st, config, key):
    """Added ms over no agent: medians, and the interquartile ranges combined into [q1 - q3', q3 - q1']."""
    s, n = st[config], st['none']
    v = s[key] - n[key]
    if s.get(key + '_q') and n.get(key + '_q'):
        return Interval(v, s[key + '_q'][0] - n[key + '_q'][1], s[key + '_q'][1] - n[key + '_q'][0])
    return Interval(v)


def verdict(a, b, k=1.0):
    """Target a <= k * b. Met on the central figures; 'within noise' when the error bars (b's scaled by k)
    overlap, so that another run could land on the other side."""
    kb = b.scaled(k)
    met = a.value <= kb.value
    if a.lo is None or kb.lo is None:
        overlap = None
    else:
        overlap = a.hi >= kb.lo and a.lo <= kb.hi
    return met, overlap


def verdict_cells(met, overlap):
    bars = 'n/a (no error bar)' if overlap is None else 'yes' if overlap else 'no'
    if met:
        word = '**met**' if overlap is False else '**met within noise**' if overlap else '**met** (no error bar)'
    else:
        word = '**not met**' if overlap is False else '**not met, within noise**' if overlap else '**not met** (no error bar)'
    return f'{bars} | {word}'


def targets(results, st, w):
    """The targets of issue 10: the figure, the error bars compared, and whether each is met."""
    w('## Targets of issue 10\n')
    w('| target | figure in this run | error bars | error bars overlap? | verdict |')
    w('| --- | --- | --- | --- | --- |')
    missed = []

    def row(label, figure, bars, met, overlap):
        if not met:
            missed.append(label)
        w(f'| {label} | {figure} | {bars} | {verdict_cells(met, overlap)} |')

    def absent(label):
        w(f'| {label} | not in this run | | | n/a |')

    b, r4 = find(results, 'Bulwark', 'stack'), find(results, 'Resilience4j', 'stack')
    label = 'three-policy stack: Bulwark\'s added ns/op at most half of Resilience4j\'s'
    if b and r4 and baseline_of(b, results) and baseline_of(r4, results):
        ba, ra = added_interval(b, results), added_interval(r4, results)
        met, overlap = verdict(ba, ra, 0.5)
        row(label, f'Bulwark +{num(ba.value)} ns/op, Resilience4j +{num(ra.value)} ns/op: Bulwark = '
                   f'**{num(ba.value / ra.value if ra.value else float("nan"), 3)} x** Resilience4j (target 0.5 x)',
            f'Bulwark {ba.bar()}; half of Resilience4j {ra.scaled(0.5).bar()}', met, overlap)
        label = 'three-policy stack: zero allocation on the success path'
        if b['alloc'] is not None:
            bal = alloc_interval(b)
            met, overlap = verdict(bal, Interval(ZERO_ALLOC, ZERO_ALLOC, ZERO_ALLOC))
            met = bal.value < ZERO_ALLOC
            row(label, f'Bulwark {num(b["alloc"], 3)} B/op (Resilience4j {num(r4["alloc"], 3)} B/op); '
                       f'under {ZERO_ALLOC} B/op counts as 0', f'Bulwark {bal.bar(3)} B/op', met, overlap)
        else:
            absent(label)
    else:
        absent(label)
        absent('three-policy stack: zero allocation on the success path')

    label = 'start-up cost of the agent at most a quarter of the OpenTelemetry agent\'s'
    if st and all(k in st for k in ('none', 'bulwark', 'opentelemetry')):
        bc, oc = startup_added(st, 'bulwark', 'ms'), startup_added(st, 'opentelemetry', 'ms')
        met, overlap = verdict(bc, oc, 0.25)
        row(label, f'time to end of main: Bulwark +{num(bc.value, 0)} ms, OpenTelemetry +{num(oc.value, 0)} ms: '
                   f'Bulwark = **{num(bc.value / oc.value if oc.value else float("nan"), 3)} x** OpenTelemetry '
                   f'(target 0.25 x)', f'Bulwark {bc.bar(0)} ms; a quarter of OpenTelemetry {oc.scaled(0.25).bar(0)} ms',
            met, overlap)
        if st['none'].get('cpu') is not None:
            bcpu, ocpu = startup_added(st, 'bulwark', 'cpu'), startup_added(st, 'opentelemetry', 'cpu')
            met, overlap = verdict(bcpu, ocpu, 0.25)
            row('the same, in CPU time (user + sys)',
                f'Bulwark +{num(bcpu.value, 0)} ms, OpenTelemetry +{num(ocpu.value, 0)} ms: Bulwark = '
                f'**{num(bcpu.value / ocpu.value if ocpu.value else float("nan"), 3)} x** OpenTelemetry',
                f'Bulwark {bcpu.bar(0)} ms; a quarter of OpenTelemetry {ocpu.scaled(0.25).bar(0)} ms', met, overlap)
    else:
        absent(label)

    pool, plain = results.get('BulwarkJdbcPool.cycle'), results.get('JdbcPlain.cycleUnpooled')
    off, hikari = results.get('BulwarkJdbcUnpooled.cycleUnpooled'), results.get('JdbcHikariCP.cycle')
    label = f'transparent pool cycle at least {POOL_TARGET} times faster than unpooled PostgreSQL connections'
    if pool and plain:
        p, u = score_interval(pool), score_interval(plain)
        met, overlap = verdict(p, u, 1 / POOL_TARGET)
        also = f'; {num(nanos(off) / p.value, 0)} x the agent with its pool off ({num(off["score"], 0)} {off["unit"]})' if off else ''
        row(label, f'pool {num(pool["score"])} {pool["unit"]}, unpooled without agent {num(plain["score"], 0)} '
                   f'{plain["unit"]}: **{num(u.value / p.value, 0)} x** faster{also}',
            f'pool {p.bar()} ns; unpooled / {POOL_TARGET} {u.scaled(1 / POOL_TARGET).bar()} ns', met, overlap)
    else:
        absent(label)
    label = 'transparent pool cycle no slower than HikariCP\'s getConnection + close'
    for t, bkey, hkey in ((1, 'BulwarkJdbcPool.cycle', 'JdbcHikariCP.cycle'),
                          (4, 'BulwarkJdbcPool.cycle4Threads', 'JdbcHikariCP.cycle4Threads')):
        bp, hp = results.get(bkey), results.get(hkey)
        lab = label if t == 1 else 'the same, 4 threads on one pool'
        if bp and hp:
            p, h = score_interval(bp), score_interval(hp)
            met, overlap = verdict(p, h)
            row(lab, f'Bulwark {num(p.value)} ns/op, HikariCP {num(h.value)} ns/op: Bulwark = **{num(p.value / h.value, 2)} x** '
                     f'HikariCP', f'Bulwark {p.bar()} ns; HikariCP {h.bar()} ns', met, overlap)
        else:
            absent(lab)
    w('')
    w('Error bars: for a JMH score, its 99.9% confidence interval (score ± error); for an added time, the errors '
      'of the score and of the bare call combined (root of the sum of squares); for start-up, the interquartile '
      'range of the runs (added: the agent\'s first quartile minus no agent\'s third, to its third minus no '
      'agent\'s first). The reference\'s bar is scaled by the target\'s factor before comparing. A verdict '
      '"within noise" means the bars overlap: the central figures decide it, and another run could land on the '
      'other side.\n')
    if missed:
        w(f'**Not met in this run**: {"; ".join(missed)}. [{HISTORY}]({HISTORY}) has the before and after of the '
          f'changes made for each target and what is known of the causes.\n')
    else:
        w(f'[{HISTORY}]({HISTORY}) has the before and after of the changes made where a target was missed in an '
          f'earlier run.\n')


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


def code_measured(commit, dirty):
    """The commit run.sh built, and whether the tree held changes not in it (run.sh lists them)."""
    if not commit:
        return 'not recorded (not a git checkout?)'
    if not dirty:
        return f'`{commit}`, clean (no uncommitted changes)'
    files = dirty.split()
    shown = ', '.join(f'`{f}`' for f in files[:8]) + (f' and {len(files) - 8} more' if len(files) > 8 else '')
    return f'`{commit}` **dirty**: {len(files)} uncommitted change(s) measured with it ({shown})'


def elapsed(seconds, build, startup_ran):
    if not seconds:
        return 'not recorded'
    s = int(seconds)
    parts = (['build'] if build == 'yes' else []) + ['JMH'] + (['start-up'] if startup_ran else []) + ['report']
    what = ', '.join(parts[:-1]) + ' and ' + parts[-1] + ('' if build == 'yes' else ' (build skipped)')
    return f'{s} s ({s // 60} min {s % 60:02d} s): {what}'


def main():
    p = argparse.ArgumentParser()
    for a in ('mode', 'filter', 'command', 'jmh-command', 'startup-command', 'java-version', 'date', 'cores',
              'cpu', 'load', 'load-after', 'agent', 'output', 'commit', 'dirty', 'elapsed', 'build'):
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
    w('Written by `benchmarks/run.sh` from the run described here, every word and figure of it; run it again to '
      'replace it all. Nothing here is hand-written. The hand-written analysis (where the time goes, the '
      'before and after of each change made to meet a target, each figure dated with the commit it was '
      f'measured on) is in [{HISTORY}]({HISTORY}), which `run.sh` never writes.\n')
    if a.filter:
        w(f'**Partial run**: only the benchmarks matching `{a.filter}`.\n')
    w('| | |\n| --- | --- |')
    w(f'| date (UTC) | {a.date} |')
    skipped = '; the build was skipped (`SKIP_BUILD=1`), so the jars may be older than this' if a.build == 'no' else ''
    w(f'| code measured | {code_measured(a.commit, a.dirty)}{skipped} |')
    w(f'| elapsed (wall time) | {elapsed(a.elapsed, a.build, bool(st))} |')
    w(f'| JDK | `{" / ".join(l.strip() for l in a.java_version.splitlines())}` |')
    w(f'| machine | {a.cores} cores (`nproc`), {a.cpu} |')
    w(f'| load average (1, 5, 15 min) | {a.load} before, {a.load_after} after |')
    w(f'| mode | `{a.mode}`, JMH {jmh_version} |')
    w(f'| reproduce | `{a.command}` from the repository root |')
    w(f'| JMH command it ran | `{a.jmh_command}` |')
    w(f'| start-up command it ran | `{a.startup_command}` |' if st else '| start-up command it ran | not run (a filtered run skips it unless STARTUP=1) |')
    w('')
    shape = ('a `quick` run has one fork and three one-second measurements, so its error bars (99.9% confidence, '
             'as JMH reports them) are wide and sometimes absent' if a.mode == 'quick' else
             f'a `{a.mode}` run\'s error bars are JMH\'s 99.9% confidence intervals over every fork\'s measurements')
    w('These figures come from a shared 2-core machine on which other builds may run at the same time: they '
      f'are noisy, and {shape}. Compare figures from the same run only; read a difference smaller than the '
      'errors as no difference.\n')
    w('Scores are average time per call (`ns/op`, lower is better); allocation is `gc.alloc.rate.norm` of '
      '`-prof gc` in bytes per call (values under 0.5 B/op are JMH\'s measurement residue and shown as 0). '
      '"Added" is the score minus the bare call\'s score on the same path with the same threads, from the '
      '`Baseline` class, which runs without any agent.\n')

    # Targets
    targets(results, st, w)

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
    w('| policy | threads | bare call | Bulwark | Resilience4j | Resilience4j, LOCK_FREE window | Failsafe |')
    w('| --- | --- | --- | --- | --- | --- | --- |')
    for method, label in (('breaker', '@CircuitBreaker'), ('bulkhead', '@Bulkhead')):
        for t in (2, 4):
            base = results.get(f'Baseline.bare{t}Threads')
            cells = []
            for lib, m in (('Bulwark', f'{method}{t}Threads'), ('Resilience4j', f'{method}{t}Threads'),
                           ('Resilience4j', f'{method}LockFree{t}Threads'), ('Failsafe', f'{method}{t}Threads')):
                r = find(results, lib, m, contention=True)
                cells.append(('n/a' if 'LockFree' in m and method == 'bulkhead' else 'not run') if r is None else
                             f'{num(r["score"])} ± {err(r["error"])} ({signed(added(r, results))}, {alloc(r["alloc"])} B)')
            w(f'| {label} | {t} | {num(base and base["score"], 2)} | ' + ' | '.join(cells) + ' |')
    w('')
    w('Resilience4j 2.3\'s breaker window is `SYNCHRONIZED` by default (a lock per recorded call); its '
      '`LOCK_FREE` strategy is opt-in and shown for the breaker. Failsafe 3.3 records each breaker outcome, and '
      'takes and gives back each bulkhead permit, in `synchronized` methods. Bulwark\'s windows and bulkhead '
      'are lock-free.\n')

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
            '(JDBC: see its section)' if r['class'] in JDBC_CLASSES else 'n/a' if base is None else num(r['score'] - base['score']))
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
