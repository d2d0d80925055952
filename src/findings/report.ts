import type { SourceStats } from '../sources/fragment.js';
import type { Finding } from './finding.js';

/** The JSON report contract (version 1). Documented in README.md; add fields, never rename or remove. */
export interface Report {
  version: 1;
  tool: { name: 'keyward'; version: string };
  findings: Finding[];
  stats: SourceStats & { durationMs: number };
  /** Things the user should know about the scan itself (shallow clone, skipped submodules…). */
  notes: string[];
}
