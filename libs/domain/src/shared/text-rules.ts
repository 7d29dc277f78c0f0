// What text the research record accepts, wherever it comes from. PostgreSQL's text and jsonb
// cannot hold NUL or a lone UTF-16 surrogate: stored in an event, either would stop every
// projection that meets it, so such text is refused before anything is recorded.
//
// Decided beyond what storage forces:
// - Other control characters (C0 except tab, line feed and carriage return; DEL; C1) are
//   refused: they are invisible in every dashboard and export and are never typed on purpose.
// - The bidirectional embedding and override characters U+202A-U+202E are refused: they
//   reorder what follows them up to the end of a paragraph, so a name or note could display as
//   something other than what is stored. The isolates U+2066-U+2069 and the marks LRM, RLM and
//   ALM, which right-to-left names legitimately need and which cannot leak past their text,
//   are accepted and kept as given.

export type TextRuleName = 'no-nul' | 'well-formed-unicode' | 'no-control-characters' | 'no-bidi-override';

export interface TextProblem {
  rule: TextRuleName;
  message: string;
}

// Tab (9), line feed (10) and carriage return (13) are the controls that text legitimately holds.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BIDI_OVERRIDE = /[\u202A-\u202E]/;

/** The first rule `text` breaks, or undefined when it may be recorded. */
export function textProblem(text: string): TextProblem | undefined {
  if (text.includes('\u0000')) return { rule: 'no-nul', message: 'must not contain the NUL character (U+0000)' };
  if (!isWellFormed(text)) {
    return { rule: 'well-formed-unicode', message: 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)' };
  }
  const control = CONTROL.exec(text);
  if (control) {
    return {
      rule: 'no-control-characters',
      message: `must not contain control characters (found ${codePoint(control[0])}; tab and line breaks are allowed)`,
    };
  }
  const override = BIDI_OVERRIDE.exec(text);
  if (override) {
    return {
      rule: 'no-bidi-override',
      message: `must not contain bidirectional embedding or override characters (found ${codePoint(override[0])}); use the isolates U+2066-U+2069 instead`,
    };
  }
  return undefined;
}

/** Node 20 has no String.prototype.isWellFormed, so lone surrogates are found by hand. */
function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
