// The plain-text part of a reminder, a Handlebars template compiled without escaping (text has
// no markup to protect). A TypeScript module rather than a .hbs file, so the build's output holds it.
export const REMINDER_TEXT_TEMPLATE = `Dear {{contactName}},

Thank you for taking part in our study “{{studyTitle}}” with {{mutualName}}.

{{#if followUp}}
Interview wave {{waveNumber}} opened on {{opensOn}} and runs until {{closesOn}} (dates in {{timeZone}}). We have not yet spoken with you in this wave; if you can spare the time, reply to this email and we will find a time that suits you.
{{else}}
Interview wave {{waveNumber}} opens {{opensIn}}: it runs from {{opensOn}} to {{closesOn}} (dates in {{timeZone}}). We will be in touch to arrange a time that suits you.
{{/if}}

With thanks,
The research team

You receive this because you agreed to be contacted about this study. To receive no more reminders about it, open this link:
{{unsubscribeUrl}}
`;
