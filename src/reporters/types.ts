import type { Report } from '../findings/report.js';

export interface ReporterContext {
  color: boolean;
  quiet: boolean;
  /** What was scanned, for the summary line ("working tree", "history", "staged changes"). */
  subject: string;
}

/** A reporter is a plain function: report in, text out. It never sees raw secrets (redaction happened before). */
export type Reporter = (report: Report, ctx: ReporterContext) => string;
