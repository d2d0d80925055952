import { describe, expect, it } from 'vitest';
import { BLANK_RUN, CLASS_RUN, matchExtent } from '../../src/engine/match-extent.js';

describe('matchExtent', () => {
  it('bounds a match by its longest text, and its keyword by the opening words', () => {
    expect(matchExtent('token=(?<secret>[a-z]{8})', '', ['token'])).toEqual({ reach: 4, behind: 1, ahead: 15, runs: [] });
  });

  it('adds what lookbehinds read before the start and lookaheads after the end', () => {
    expect(matchExtent('(?<![a-z]{0,3})token(?=[0-9]{2})', '', ['token'])).toEqual({ reach: 4, behind: 4, ahead: 8, runs: [] });
  });

  it('counts a backreference as its group', () => {
    expect(matchExtent('token(?<q>["\'])[a-z]{4}\\k<q>', '', ['token'])?.ahead).toBe(12);
    expect(matchExtent('token(["\'])[a-z]{4}\\1', '', ['token'])?.ahead).toBe(12);
  });

  it('finds a keyword that is not in the opening, after parts of bounded length', () => {
    expect(matchExtent('[a-z]{0,10}=(?<secret>EAAA[a-z]{4})', 'i', ['eaaa'])?.reach).toBe(14);
  });

  it('counts an unbounded run of one class as a capped run, and names the class', () => {
    expect(matchExtent('token[ \\t]*=x', '', ['token'])).toEqual({ reach: 4, behind: 1, ahead: 5 + BLANK_RUN + 3, runs: [{ source: '[ \\t]', cap: BLANK_RUN }] });
    expect(matchExtent('token=[a-z]+', '', ['token'])?.runs).toEqual([{ source: '[a-z]', cap: CLASS_RUN }]);
    // A keyword after a run: a longer run than counted is looked for by the probe as well.
    expect(matchExtent('[a-z]+token', '', ['token'])?.reach).toBe(CLASS_RUN + 4);
  });

  it.each([
    ['token(?:=[a-z])+', ['token'], 'an unbounded repeat of more than one class'],
    ['[a-z]{4}=x', ['token'], 'no keyword in the regex'],
    ['(?:[a-z]=)+token', ['token'], 'a keyword after an unbounded part'],
  ])('%s has no extent (%s)', (re, keywords) => {
    expect(matchExtent(re, '', keywords)).toBeUndefined();
  });
});
