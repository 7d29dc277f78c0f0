// Container health probe: `node probe.mjs <PORT_VARIABLE> <path>` asks this container's own app
// and exits 0 on a 2xx answer, 1 on anything else or no answer within 4 s. The API answers on
// HTTP_PORT, the projector and reminders on HEALTH_PORT.
const [variable, path] = process.argv.slice(2);
const port = process.env[variable ?? ''];
if (!port || !path) {
  process.stderr.write('usage: node probe.mjs HTTP_PORT|HEALTH_PORT /health/ready\n');
  process.exit(2);
}
try {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) });
  const body = await response.text();
  if (!response.ok) process.stderr.write(`${response.status} ${body.slice(0, 2000)}\n`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`${path} on port ${port}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
