// The unsubscribe pages a contact sees: one Handlebars template, every value HTML-escaped (the
// study's title is whatever a researcher typed), no script, and nothing about the person beyond
// "this address", since whoever holds the link may not be the person it was sent to.
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { UNSUBSCRIBE_LINK_DAYS } from '@casebook/reminders';
import type { GoneReason } from './unsubscribe-link.js';

export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

const STYLE =
  'body{font:1.05rem/1.5 system-ui,sans-serif;margin:0;padding:2rem 1rem;color:#1b1b1b;background:#f6f6f4}' +
  'main{max-width:34rem;margin:0 auto;background:#fff;padding:1.5rem 2rem;border-radius:6px}' +
  'h1{font-size:1.4rem;margin-top:0}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#1d4f91;color:#fff;cursor:pointer}';

/**
 * The pages' own policy instead of the API's default: no script, no images, the one style block
 * by its hash, a form that may post only back to this origin, and no upgrade of the form's post
 * to https on a plain-http deployment (npm start on localhost).
 */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

interface Page {
  title: string;
  paragraphs: string[];
  /** The button that opts the contact out, posting back to the page's own address. */
  button: string | null;
}

// No `action` on the form: it posts to the address the page was opened at, whatever prefix a
// proxy in front adds. The hidden field makes it the very request RFC 8058's one-click is.
const template = Handlebars.create().compile<Page>(
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{title}}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>{{title}}</h1>
{{#each paragraphs}}
<p>{{this}}</p>
{{/each}}
{{#if button}}
<form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">{{button}}</button>
</form>
{{/if}}
</main>
</body>
</html>
`,
  { strict: true, knownHelpersOnly: true },
);

const studyNamed = (title: string | undefined) => (title ? `the study “${title}”` : 'this study');

/** The question, asked before anything changes: a link scanner that opens the page opts nobody out. */
export const confirmationPage = (studyTitle: string | undefined): string =>
  template({
    title: 'Stop reminder emails?',
    paragraphs: [
      `The research team of ${studyNamed(studyTitle)} sends reminder emails about interviews to this address.`,
      'If you would rather not get them, stop them here. The team will see that this address asked for no more reminders.',
    ],
    button: 'Stop reminders to this address',
  });

export const unsubscribedPage = (studyTitle: string | undefined): string =>
  template({
    title: 'You are unsubscribed',
    paragraphs: [
      'You will get no more reminders for this study.',
      ...(studyTitle ? [`The study: “${studyTitle}”.`] : []),
      'If you change your mind, reply to one of the reminder emails and the team can add this address again.',
    ],
    button: null,
  });

const NO_MORE_REMINDERS = {
  title: 'No more reminders go to this address',
  paragraphs: ['This address already gets no reminders for this study. There is nothing more to do.'],
};

const PROBLEM_PAGES: Record<GoneReason | 'invalid' | 'not-found' | 'too-many' | 'failed', Omit<Page, 'button'>> = {
  'already-opted-out': NO_MORE_REMINDERS,
  'contact-erased': NO_MORE_REMINDERS,
  'case-withdrawn': NO_MORE_REMINDERS,
  expired: {
    title: 'This link has expired',
    paragraphs: [
      `Unsubscribe links work for ${UNSUBSCRIBE_LINK_DAYS} days after their reminder is sent, so nothing was changed.`,
      'The link in the latest reminder email still works; or reply to a reminder email and ask the research team to stop them.',
    ],
  },
  invalid: {
    title: 'This link does not work',
    paragraphs: [
      'The address may have been cut short or changed when it was copied, so nothing was changed.',
      'Open the link from the email again, or reply to a reminder email and ask the research team to stop them.',
    ],
  },
  'not-found': {
    title: 'Nothing to unsubscribe from here',
    paragraphs: ['No reminders are sent from this address any more. Nothing was changed.'],
  },
  'too-many': {
    title: 'Too many attempts',
    paragraphs: ['Too many links that do not work were opened from your network. Wait a minute, then try again. Nothing was changed.'],
  },
  failed: {
    title: 'Something went wrong',
    paragraphs: ['Nothing was changed. Please try again in a few minutes.'],
  },
};

export type ProblemPage = keyof typeof PROBLEM_PAGES;

export const problemPage = (page: ProblemPage): string => template({ ...PROBLEM_PAGES[page], button: null });
