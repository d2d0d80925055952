import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { workerPlan, WORKERS_AFTER_BYTES } from '../../src/engine/worker-plan.js';

describe('worker plan', () => {
  it('scans on one thread unless KEYWARD_WORKERS asks for workers', () => {
    expect(workerPlan({})).toBeUndefined();
    expect(workerPlan({ KEYWARD_WORKERS: '0' })).toBeUndefined();
  });

  it('forces N workers from the first byte with KEYWARD_WORKERS=N', () => {
    expect(workerPlan({ KEYWARD_WORKERS: '2' })).toMatchObject({ threads: 2, afterBytes: 0, forced: true });
  });

  it('shares only a large input, with one worker per core but one, with KEYWARD_WORKERS=auto', () => {
    const plan = workerPlan({ KEYWARD_WORKERS: 'auto' });
    if (os.availableParallelism() < 2) expect(plan).toBeUndefined();
    else expect(plan).toMatchObject({ threads: os.availableParallelism() - 1, afterBytes: WORKERS_AFTER_BYTES });
  });
});
