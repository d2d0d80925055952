import type { Detector, Dropped } from '../detect/detector.js';
import type { RawFinding } from '../findings/finding.js';
import { toRawFinding } from '../findings/pipeline.js';
import type { Fragment, Source } from '../sources/fragment.js';

export interface ScanHooks {
  onDropped?: (d: Dropped) => void;
  /** Called after each fragment (progress display). */
  onFragment?: (f: Fragment) => void;
}

/** The orchestrator's core loop: every fragment of a source through the detector. */
export async function collectFindings(source: Source, detector: Detector, hooks: ScanHooks = {}): Promise<RawFinding[]> {
  const out: RawFinding[] = [];
  for await (const fragment of source.fragments()) {
    const { candidates, dropped } = detector.detect(fragment);
    for (const c of candidates) out.push(toRawFinding(c, fragment));
    if (hooks.onDropped) dropped.forEach(hooks.onDropped);
    hooks.onFragment?.(fragment);
  }
  return out;
}
