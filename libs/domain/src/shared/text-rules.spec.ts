import fc from 'fast-check';
import { textProblem } from './text-rules.js';

// UTF-8 cannot encode a lone surrogate: a round trip through it changes exactly such text.
const survivesUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;

describe('text rules', () => {
  it.each([
    ['Riverside Community Health CIC', undefined],
    ['Line one\nline two\ttabbed\r\n', undefined],
    ['Caf\u00e9 \ud83c\udfe5 Mutual', undefined],
    ['\u2067\u0645\u0624\u0633\u0633\u0629\u2069 and \u200f marks', undefined],
    ['A\u0000B', 'no-nul'],
    ['\ud800', 'well-formed-unicode'],
    ['x\udfffy', 'well-formed-unicode'],
    ['\u001b[31mred', 'no-control-characters'],
    ['\u0085next line', 'no-control-characters'],
    ['\u007f', 'no-control-characters'],
    ['abc\u202edcba', 'no-bidi-override'],
    ['\u202aembedded', 'no-bidi-override'],
  ])('judges %j as %s', (text, rule) => {
    expect(textProblem(text)?.rule).toBe(rule);
  });

  it('finds a lone surrogate exactly where UTF-8 cannot carry the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        // The control characters and overrides the rules refuse, removed to test what is left.
        // eslint-disable-next-line no-control-regex
        const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/g, '');
        expect(textProblem(clean)?.rule === 'well-formed-unicode').toBe(!survivesUtf8(clean));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses any text holding NUL, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        expect(textProblem(`${before}\u0000${after}`)?.rule).toBe('no-nul');
      }),
      { numRuns: 500 },
    );
  });
});
