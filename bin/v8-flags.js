// V8 flags that bin/keyward.js sets for every command but `staged` (the pre-commit hook); the build takes the CLI's
// code cache under SCAN_V8_FLAGS (scripts/code-cache.mjs): V8 rejects a code cache taken under other flags.
//
// --interrupt-budget=300000: V8 optimises a function after ~4× the bytecode run it does by default, and so optimises
// fewer. A tree scan's optimising compiles took ~0.35 s of CPU beside the file reader thread on a 2-core machine;
// with this, 0.17 s, and the tree corpus's scan 0.89 -> 0.82 s (README, Performance). The hook runs too little code
// for V8 to optimise much.
//
// `keyward scan` also: --max-inlined-bytecode-size=100, --max-inlined-bytecode-size-cumulative=300 (defaults 460 and
// 920): smaller optimised functions. The scan's hot loops call small helpers, which still inline; the large callees
// that no longer do made compiles of 25-30 ms each (plan, rest, lineWindows: ~320 ms of compiling in all, on the
// cores the scan needs). Tree corpus 0.79 -> 0.76 s, CPU 1.40 -> 1.33 s (interleaved, ten pairs). Not for the
// history scan, where they were within noise, slower as often as faster.
exports.V8_FLAGS = '--interrupt-budget=300000';
/** The flags of `keyward scan`, the one command loaded from dist/bundle/cli.cjs and its code cache. */
exports.SCAN_V8_FLAGS = `${exports.V8_FLAGS} --max-inlined-bytecode-size=100 --max-inlined-bytecode-size-cumulative=300`;
