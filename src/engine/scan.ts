import type { Detector, Dropped } from '../detect/detector.js';
import type { RawFinding } from '../findings/finding.js';
import { toRawFinding } from '../findings/pipeline.js';
import type { Fragment, Source } from '../sources/fragment.js';

export interface ScanHooks {
  onDropped?: (d: Dropped) => void;
  /** Called after each fragment (progress display). */
  onFragment?: (f: Fragment) => void;
  /** Decides whether a finding is collected (history scans keep only a secret's first occurrence). Default: all. */
  keep?: (f: RawFinding, fragment: Fragment) => boolean;
}

/** The orchestrator's core loop: every fragment of a source through the detector. */
export async function collectFindings(source: Source, detector: Detector, hooks: ScanHooks = {}): Promise<RawFinding[]> {
  const out: RawFinding[] = [];
  for await (const fragment of source.fragments()) {
    const { candidates, dropped } = detector.detect(fragment);
    for (const c of candidates) {
      const f = toRawFinding(c, fragment);
      if (!hooks.keep || hooks.keep(f, fragment)) out.push(f);
    }
    if (hooks.onDropped) dropped.forEach(hooks.onDropped);
    hooks.onFragment?.(fragment);
  }
  return out;
}
