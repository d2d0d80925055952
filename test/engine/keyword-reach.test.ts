import { describe, expect, it } from 'vitest';
import { keywordReach, openingWords, opensOnKeywordLine } from '../../src/engine/keyword-reach.js';

describe('keywordReach', () => {
  it.each([
    ['(?:api[_.-]?key|token)[ \\t]*=', ['api_key', 'api-key', 'api.key', 'apikey', 'token'], 'i', 6],
    ['(?<![A-Za-z])(?:etsy)[^\\n]{0,40}?=', ['etsy'], 'i', 3],
    ['(?<![A-Za-z0-9+.-])(?:https?|ftps?|sftp|wss?):\\/\\/[^\\s:@]{1,64}:x@', ['://'], '', 7],
    ['\\b(?:lob)_x', ['lob'], '', 2],
    ['re_[A-Za-z0-9]{8}', ['re_'], '', 2],
    ['(?<![A-Za-z0-9_])(?<secret>re_[A-Za-z0-9]{8})', ['re_'], '', 2],
    ['(?:(?:get)?stream[A-Za-z0-9_.-]{0,20}secret)=', ['stream'], 'i', 8],
    ['(?:AccountKey=|azure[a-z]{0,3}key)', ['accountkey', 'azure'], 'i', 9],
  ])('%s opens with words holding a keyword (groups read part by part): starts at most %s before its end', (re, keywords, flags, want) => {
    expect(keywordReach(re, flags, keywords)).toBe(want);
  });

  it.each([
    ['(?:api[_.-]?key|token)=', ['api_key', 'token'], 'i', 'a spelling (api-key) without a keyword'],
    ['[A-Za-z0-9]{32}', ['token'], '', 'no literal opening'],
    ['x*token', ['token'], '', 'an unbounded repeat before the keyword'],
    ['token', ['token'], 'iu', 'the u flag'],
    ['.token', ['token'], '', 'a dot before the keyword'],
    ['[^a]token', ['token'], '', 'a negated class'],
    ['(?:AccountKey=|azure[a-z]{0,3}key)', ['accountkey'], 'i', 'an alternative without a keyword before a class'],
    ['(?:ab[0-9]{5})?token', ['token'], '', 'a repeated group that cannot be spelt'],
  ])('%s has no reach (%s)', (re, keywords, flags) => {
    expect(keywordReach(re, flags, keywords)).toBeUndefined();
  });
});

describe('opensOnKeywordLine', () => {
  it('holds for openings spelt from literals holding a keyword, not when the opening may hold a line feed', () => {
    expect(opensOnKeywordLine('(?:api[_.-]?key|token)[ \\t]*=\\n?(?<secret>x+)', 'i', ['api_key', 'api-key', 'api.key', 'apikey', 'token'])).toBe(true);
    expect(opensOnKeywordLine('(?:\\n|;)token=', '', ['token'])).toBe(false);
    expect(opensOnKeywordLine('[a-z]{0,8}\\s*=\\s*token', '', ['token'])).toBe(false);
  });
});

describe('openingWords', () => {
  it('spells the words a match opens with, up to the first part that is not literal', () => {
    expect(openingWords('(?<![a-z])(?:aws_?secret|ssws)[0-9]{4}')).toEqual(['awssecret', 'aws_secret', 'ssws']);
    expect(openingWords('(?<secret>re_[A-Za-z0-9]{8})')).toEqual(['re_']);
    expect(openingWords('[A-Za-z0-9]{32}')).toBeUndefined();
  });
});
