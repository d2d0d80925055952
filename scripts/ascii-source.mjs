/**
 * JavaScript source rewritten in ASCII: each character past it as a `\u` escape, which is the same character in a
 * string, a template, a regular expression or a name (and text in a comment); an identity escape `\X` of one
 * becomes that escape alone, while an escaped backslash before one stays. The build writes the CommonJS bundles
 * so (bundle.mjs), and bin/keyward.js reads them as latin1 into a one-byte string: the hook's 31 such characters
 * made V8 decode its 231 KB as UTF-8 into a two-byte string and compile from that (~0.5 ms of its start-up).
 * Not for tagged templates, whose raw text would change: the bundles have none.
 */
export function asciiSource(text) {
  return text.replace(/(\\*)([\u0080-\uffff])/g, (_, slashes, c) => `${slashes.slice(slashes.length % 2)}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
