// Baseline (a): the fastest answer Bun gives on this machine, a constant JSON body.
const body = JSON.stringify({ name: 'Ana', lastName: 'Pérez', email: 'ana@example.com' });
Bun.serve({
  port: Number(process.env.PORT),
  hostname: '127.0.0.1',
  reusePort: true,
  fetch: () => new Response(body, { headers: { 'content-type': 'application/json' } }),
});
