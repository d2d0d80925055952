/** Escapes git uses for these bytes in a quoted path; other control bytes, DEL and non-ASCII become octal. */
const NAMED: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x22: '"', 0x5c: '\\' };

/**
 * A path as git prints it in diff headers with core.quotePath=true (git's quote_c_style):
 * unchanged when nothing needs escaping, else in double quotes with C escapes.
 * `bytes` is the path's raw bytes as a latin1 string.
 */
export function quoteCStyle(bytes: string): string {
  let needs = false;
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    const named = NAMED[c];
    if (named !== undefined) out += '\\' + named;
    else if (c < 0x20 || c >= 0x7f) out += '\\' + c.toString(8).padStart(3, '0');
    else {
      out += bytes[i];
      continue;
    }
    needs = true;
  }
  return needs ? `"${out}"` : bytes;
}
