// V8 flags that bin/keyward.js sets as its first act, before any code has run hot, for the two commands that scan
// much (`scan`, `history`); none for the pre-commit hook (`staged`: too little code runs) or the other commands.
//
// Only there: V8 reads these flags while it compiles, on its helper threads, for every thread's code. Changed while
// an optimising compile was in flight, the inlining limits crashed node (a fatal check in V8's inliner, SIGTRAP, exit
// 133 and no report: 2 of 30 scans of the tree corpus while a scan set them at its detection loop, from dd48929
// until fd61330). test/cli/v8-flags.test.ts shows the crash and checks that nothing else sets V8 flags while code runs,
// but for the history's heap caps (src/heap.ts), which V8 can take then.
//
// The cost of setting them at start-up: V8 checks every code cache against the flags, node's own for its built-in
// modules included, so node compiles the built-in modules loaded afterwards from source: the bin loads the main
// thread's first (BUILTINS_BEFORE_FLAGS), but a reader thread's own boot compiles them (it boots 60-100 ms later).
// The CLI's code cache is taken under SCAN_V8_FLAGS (scripts/code-cache.mjs).
//
// --interrupt-budget=300000: V8 optimises a function after ~4× the bytecode run it does by default, and so optimises
// fewer: ~60 optimising compiles in a tree scan, against ~110 with the budget set only once its detection loop ran.
//
// `scan` also: --max-inlined-bytecode-size=100, --max-inlined-bytecode-size-cumulative=300 (defaults 460 and 920):
// smaller optimised functions. The scan's hot loops call small helpers, which still inline; the large callees no
// longer do. With both, V8's trace of the tree scan's compiles adds up to ~315 ms, against ~520 ms with the budget
// alone and ~640 ms with the budget set at the detection loop and no limits. Not for the history scan, where the
// limits were within noise, slower as often as faster.
'use strict';
const HISTORY_V8_FLAGS = '--interrupt-budget=300000';
const SCAN_V8_FLAGS = `${HISTORY_V8_FLAGS} --max-inlined-bytecode-size=100 --max-inlined-bytecode-size-cumulative=300`;

/**
 * node's built-in modules a scan and a history scan load, which the bin requires before it sets the flags: node
 * checks its own code cache of them against V8's flags too, and compiles one loaded after a change from source, ~4x
 * slower. Loaded here, they take ~5 ms less of a small scan's start-up (30 paired runs: 0.975 +- 0.003; the tree
 * corpus 0.992 +- 0.005). Not node:vm: the bin loads it to run the CLI's cached bundle, after the flags (a test checks
 * the order).
 */
const BUILTINS_BEFORE_FLAGS = ['node:child_process', 'node:os', 'node:tty', 'node:worker_threads'];

/** The flags for a command (the first argument that is not an option), or undefined. */
exports.v8FlagsFor = (command) => (command === 'scan' ? SCAN_V8_FLAGS : command === 'history' ? HISTORY_V8_FLAGS : undefined);
exports.SCAN_V8_FLAGS = SCAN_V8_FLAGS;
exports.BUILTINS_BEFORE_FLAGS = BUILTINS_BEFORE_FLAGS;
exports.HISTORY_V8_FLAGS = HISTORY_V8_FLAGS;
