/** The page's shell: everything in it is drawn by app.js from the manifest. */
export const studioHtml = (title: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — studio</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css">
<script defer src="/app.js"></script>
</head>
<body>
<noscript>The studio draws the connector's forms with JavaScript: turn it on for this page.</noscript>
<div id="studio"></div>
</body>
</html>
`;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
