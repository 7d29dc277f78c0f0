// The HTML part of a reminder, a Handlebars template: every {{value}} is HTML-escaped, so a
// study's or mutual's name cannot add markup. A TypeScript module rather than a .hbs file, so the
// build's output holds it.
export const REMINDER_HTML_TEMPLATE = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{{subject}}</title>
</head>
<body>
<p>Dear {{contactName}},</p>
<p>Thank you for taking part in our study “{{studyTitle}}” with {{mutualName}}.</p>
{{#if followUp}}
<p>Interview wave {{waveNumber}} opened on <strong>{{opensOn}}</strong> and runs until <strong>{{closesOn}}</strong> (dates in {{timeZone}}). We have not yet spoken with you in this wave; if you can spare the time, reply to this email and we will find a time that suits you.</p>
{{else}}
<p>Interview wave {{waveNumber}} opens {{opensIn}}: it runs from <strong>{{opensOn}}</strong> to <strong>{{closesOn}}</strong> (dates in {{timeZone}}). We will be in touch to arrange a time that suits you.</p>
{{/if}}
<p>With thanks,<br>The research team</p>
<hr>
<p><small>You receive this because you agreed to be contacted about this study. <a href="{{unsubscribeUrl}}">Receive no more reminders about it</a>.</small></p>
</body>
</html>
`;
